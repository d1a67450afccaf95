import type { ModelSource, OpenApiDocument } from "./specs.ts";

export const VALIDATORS_DIR = "packages/client/src/generated/validators";
/** The map from model id to its schema's chunk and key there. */
export const VALIDATORS_INDEX = `${VALIDATORS_DIR}/index.ts`;

/**
 * Models whose bodies check the same way share one schema, kept under the component of the first
 * of them, in the chunk of that model's vendor (the id's first segment): a few dozen small files
 * rather than one per model, since every file an install holds takes at least a 4 kB block. (The
 * index has already picked the model by its id, so the id is not checked again.)
 */
export interface ValidatorGroup {
  /** The vendor's chunk. */
  file: string;
  /** The schema's key in the chunk. */
  key: string;
  /** What the client's checker (body-schema.ts) reads, or why the model's schema cannot be had. */
  schema: Json | Error;
  models: ModelSource[];
}

export function groupValidators(bundle: OpenApiDocument, models: ModelSource[]): ValidatorGroup[] {
  const groups = new Map<string, ValidatorGroup>();
  for (const model of models) {
    let schema: Json | Error;
    try {
      schema = validationSchema(bundle, model.component);
    } catch (error) {
      schema = error as Error;
    }
    const key = schema instanceof Error ? model.component : JSON.stringify(schema);
    const group = groups.get(key);
    if (group) group.models.push(model);
    else {
      const file = `${VALIDATORS_DIR}/${model.id.split("/")[0]}.ts`;
      groups.set(key, { file, key: model.component, schema, models: [model] });
    }
  }
  return [...groups.values()];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The keywords the client's checker (packages/client/src/body-schema.ts) knows. */
const CHECKED = new Set([
  ...["type", "nullable", "enum", "anyOf", "oneOf", "required", "properties", "items"],
  ...["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "maxLength", "minLength"],
  ...["pattern", "format", "maxItems", "minItems"],
]);
/** Keywords that would change whether a body is valid, which the checker does not know. */
const UNCHECKED = new Set([
  ...["const", "allOf", "not", "if", "then", "else", "multipleOf", "uniqueItems", "contains"],
  ...["additionalProperties", "patternProperties", "propertyNames", "minProperties"],
  ...["maxProperties", "dependencies", "dependentRequired", "prefixItems", "additionalItems"],
]);

/**
 * The model's body schema with local $refs inlined and only the checked keywords kept (no
 * descriptions, examples, `x-` extensions): what the client checks a body against. Of the
 * formats only `uri` stays (so that `not-a-url` is refused before anything is paid for); the
 * others are left to the server. `model` only has to be a string: the index picked the schema
 * by it. A keyword the checker does not know, or a pattern that is no regular expression, fails.
 */
export function validationSchema(bundle: OpenApiDocument, component: string): Json {
  const resolve = (ref: string, seen: string[]): unknown => {
    if (seen.includes(ref)) throw new Error(`${component}: recursive $ref ${ref}`);
    const [, section, name] = ref.match(/^#\/components\/([^/]+)\/([^/]+)$/) ?? [];
    const target = section && name ? bundle.components?.[section]?.[name] : undefined;
    if (target === undefined) throw new Error(`${component}: cannot resolve $ref ${ref}`);
    return strip(target, [...seen, ref]);
  };
  const strip = (node: unknown, seen: string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => strip(n, seen));
    if (!isObject(node)) return node;
    if (typeof node.$ref === "string") return resolve(node.$ref, seen);
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (UNCHECKED.has(key) || (key === "type" && typeof value !== "string")) {
        throw new Error(`${component}: the client's validator does not check ${key}`);
      }
      if (!CHECKED.has(key) || (key === "format" && value !== "uri")) continue;
      if (key === "pattern") {
        try {
          new RegExp(String(value), "u");
        } catch (error) {
          throw new Error(`${component}: ${(error as Error).message}`);
        }
      }
      // `properties` holds names, not keywords: a field called "description" stays.
      out[key] =
        key === "properties" && isObject(value)
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v, seen)]))
          : strip(value, seen);
    }
    return out;
  };
  const schema = bundle.components?.schemas?.[component];
  if (!isObject(schema)) throw new Error(`The bundle has no component ${component}`);
  const stripped = strip(schema, []) as Json;
  if (isObject(stripped.properties) && "model" in stripped.properties) {
    stripped.properties = { ...stripped.properties, model: { type: "string" } };
  }
  return stripped;
}

/** A vendor's chunk: the schemas of its groups, by key. */
export function renderValidatorChunk(groups: ValidatorGroup[]): string {
  const entries = groups.map(({ key, schema, models }) => {
    if (schema instanceof Error) throw schema;
    return `  // ${models.map((m) => m.id).join(", ")}\n  ${JSON.stringify(key)}: ${JSON.stringify(schema)},`;
  });
  return `import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
${entries.join("\n")}
};
`;
}

/** Each model's schema by id: the chunk that holds it, loaded on first use, and its key there. */
export function renderValidatorIndex(groups: ValidatorGroup[]): string {
  const chunks = [...new Set(groups.map((g) => g.file))].sort();
  const loaders = chunks.map((file) => {
    const chunk = `./${file.slice(VALIDATORS_DIR.length + 1).replace(/\.ts$/, ".js")}`;
    return `  () => import(${JSON.stringify(chunk)}),`;
  });
  const lines = groups
    .flatMap(({ file, key, models }) => models.map((m) => ({ id: m.id, file, key })))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(
      ({ id, file, key }) =>
        `  ${JSON.stringify(id)}: [${chunks.indexOf(file)}, ${JSON.stringify(key)}],`,
    );
  return `import type { BodySchema } from "../../body-schema.js";

/** The chunks of schemas, one per vendor, each loaded the first time one of its models is checked. */
export const chunks: (() => Promise<{ schemas: Record<string, BodySchema> }>)[] = [
${loaders.join("\n")}
];

/** Each model's body schema, by model id: its chunk (an index into chunks) and its key there. */
export const validators: Record<string, [chunk: number, key: string]> = {
${lines.join("\n")}
};
`;
}
