/**
 * What the mock reads of an operation Prism parsed (Prism's own type has more). Prism's types stay
 * out of the declarations a consumer reads: they import pino, which ships no types (TS7016 under
 * strict checking without skipLibCheck; test/strict-consumer.test.ts).
 */
export interface SpecOperation {
  id: string;
  method: string;
  path: string;
  servers?: readonly { url: string }[];
  request?: { body?: { id?: string; contents?: { schema?: unknown }[] } };
}

interface Schema {
  [keyword: string]: unknown;
  oneOf?: Schema[];
  discriminator?: { propertyName?: string };
  properties?: Record<string, Schema>;
  enum?: unknown[];
  const?: unknown;
  $schema?: string;
}

/** Where the mock's server sends a request for Prism, for the operations split by model. */
export type Router = (method: string, path: string, body: unknown) => string | undefined;

const PREFIX = "/__by-model";

/**
 * Splits every operation whose request body is a `oneOf` with a `discriminator` (the create call:
 * one member per model) into one operation per member, each on a path of its own. Prism then
 * compiles and checks one model's schema per request, in milliseconds, instead of the whole union
 * (seconds for 141 models), and reports what is wrong with the body for that model rather than
 * every member's complaints. A body naming no known model goes to an operation that only asks for
 * a known one. The original operations stay, so Prism alone still serves the whole bundle.
 */
export function splitByModel<T extends SpecOperation>(
  operations: T[],
): { operations: T[]; route: Router } {
  const routes = new Map<
    string,
    { byValue: Map<unknown, string>; unknown: string; name: string }
  >();
  const added: T[] = [];
  operations.forEach((operation, index) => {
    const contents = operation.request?.body?.contents ?? [];
    const union = contents.find((c) => isUnion(c.schema))?.schema as Schema | undefined;
    const name = union?.discriminator?.propertyName;
    if (!union?.oneOf || !name) return;
    const clone = (path: string, schema: Schema): T => ({
      ...operation,
      id: `${operation.id}${path}`,
      path: `${path}${operation.path}`,
      request: {
        ...operation.request,
        body: {
          ...operation.request?.body,
          id: `${operation.request?.body?.id}${path}`,
          contents: contents.map((c) =>
            c.schema === union
              ? { ...c, schema: { ...schema, $schema: union.$schema } as typeof c.schema }
              : c,
          ),
        },
      },
    });
    const byValue = new Map<unknown, string>();
    union.oneOf.forEach((member, i) => {
      const property = member.properties?.[name];
      const value = property?.const ?? property?.enum?.[0];
      if (value === undefined || byValue.has(value)) return;
      const path = `${PREFIX}/${index}/${i}`;
      byValue.set(value, path);
      added.push(clone(path, member));
    });
    const unknown = `${PREFIX}/${index}/unknown`;
    added.push(
      clone(unknown, {
        type: "object",
        required: [name],
        properties: { [name]: { type: "string", enum: [...byValue.keys()] } },
      }),
    );
    routes.set(`${operation.method} ${operation.path}`, { byValue, unknown, name });
  });

  const route: Router = (method, path, body) => {
    const split = routes.get(`${method.toLowerCase()} ${path}`);
    if (!split) return undefined;
    const value =
      typeof body === "object" && body !== null
        ? (body as Record<string, unknown>)[split.name]
        : undefined;
    return `${split.byValue.get(value) ?? split.unknown}${path}`;
  };
  return { operations: [...operations, ...added], route };
}

function isUnion(schema: unknown): boolean {
  const s = schema as Schema | undefined;
  return Array.isArray(s?.oneOf) && typeof s?.discriminator?.propertyName === "string";
}
