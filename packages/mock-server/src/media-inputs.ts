// The media of a create body, checked as the API checks them: each media field's data URI against
// the limits its schema states (`x-media` in the spec the mock serves), with the client's own
// check. Only the header bytes are decoded and the size comes from the Base64 length, so a 20 MB
// image costs microseconds; Prism then gets the body with each data URI cut short, so that its
// schema check does not scan (nor its body limit refuse) megabytes either.
import { checkMediaText, type MediaFacts, MediaInputError } from "@aimlapi-video/client/media";

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  "x-media"?: MediaFacts;
}

interface Spec {
  components?: {
    schemas?: Record<string, Schema & { properties?: { model?: { enum?: unknown[] } } }>;
  };
}

export interface MediaCheck {
  /** Why the API would refuse the body (its 400 message), if it would. */
  refusal: string | undefined;
  /** The body for Prism: each long data URI cut to its first characters (`body` itself when none is). */
  forwarded: unknown;
}

/** A data URI with this few characters of Base64 is left whole for Prism. */
const KEPT_CHARS = 64;

/**
 * The body check of every model of `spec` that has a media field, by model id; a body of another
 * model passes unchanged.
 */
export function mediaChecker(spec: Spec): (body: Record<string, unknown>) => Promise<MediaCheck> {
  const schemas = spec.components?.schemas ?? {};
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema?.$ref ? schemas[schema.$ref.split("/").pop() as string] : schema;
  const byModel = new Map<string, Schema>();
  for (const schema of Object.values(schemas)) {
    if (!JSON.stringify(schema).includes('"x-media"')) continue;
    for (const id of schema.properties?.model?.enum ?? []) {
      if (typeof id === "string") byModel.set(id, schema);
    }
  }

  /** Throws the client's MediaInputError on the first refusal. */
  const check = async (
    value: unknown,
    schema: Schema | undefined,
    field: string,
    model: string,
  ): Promise<void> => {
    const media = schema?.["x-media"];
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        await check(item, media ? schema : resolve(schema?.items), `${field}[${i}]`, model);
      }
    } else if (media && typeof value === "string") {
      await checkMediaText(value, media, field, model);
    } else if (typeof value === "object" && value !== null) {
      for (const [name, item] of Object.entries(value)) {
        await check(item, resolve(schema?.properties?.[name]), `${field}.${name}`, model);
      }
    }
  };

  return async (body) => {
    const model = body.model;
    const schema = typeof model === "string" ? byModel.get(model) : undefined;
    try {
      if (schema) await check(body, schema, "body", model as string);
      return { refusal: undefined, forwarded: cutDataUris(body) };
    } catch (error) {
      if (!(error instanceof MediaInputError)) throw error;
      // The API's words for a body it refuses (see the overlay's validation-error example).
      const at = error.field.replace(/^body\./, "");
      return {
        refusal: `Body validation error: expected ${error.expected}, received ${error.received} at "${at}"`,
        forwarded: cutDataUris(body),
      };
    }
  };
}

/** The value with every long data URI cut to its first characters (the same object when none is). */
function cutDataUris(value: unknown): unknown {
  if (typeof value === "string") {
    const comma = value.indexOf(",");
    return value.startsWith("data:") && comma > 0 && value.length - comma > KEPT_CHARS
      ? value.slice(0, comma + 1 + KEPT_CHARS)
      : value;
  }
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  const cut = entries.map(([name, item]) => [name, cutDataUris(item)] as const);
  if (cut.every(([, item], i) => item === entries[i]?.[1])) return value;
  return Array.isArray(value) ? cut.map(([, item]) => item) : Object.fromEntries(cut);
}
