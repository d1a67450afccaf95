import { createRequire } from "node:module";
import { _, Ajv } from "ajv";
import type { ModelSource, OpenApiDocument } from "./specs.ts";

// A CommonJS function export, which TypeScript's NodeNext typing does not see as callable.
const standaloneCode: typeof import("ajv/dist/standalone/index.js").default = createRequire(
  import.meta.url,
)("ajv/dist/standalone");

export const VALIDATORS_DIR = "packages/client/src/generated/validators";
/** The map from model id to its validator's lazy import. */
export const VALIDATORS_INDEX = `${VALIDATORS_DIR}/index.ts`;
/** Ajv's code point counter for minLength/maxLength, which standalone code would `require`. */
export const UCS2LENGTH_FILE = `${VALIDATORS_DIR}/ucs2length.ts`;
/** The check of `format: uri`, shared by every chunk that has a URL field. */
export const IS_URI_FILE = `${VALIDATORS_DIR}/is-uri.ts`;

/**
 * Models whose bodies check the same way share one validator: the chunk is named after the first
 * of them. (The index has already picked the model by its id, so the id is not checked again.)
 */
export interface ValidatorGroup {
  file: string;
  /** What Ajv compiles, or why the model's schema cannot be had (its file alone then fails). */
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
    else
      groups.set(key, { file: `${VALIDATORS_DIR}/${model.component}.ts`, schema, models: [model] });
  }
  return [...groups.values()];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Keywords that never change whether a body is valid; dropped so that each chunk stays small. */
const ANNOTATIONS = new Set(["description", "title", "example", "examples", "default"]);

/**
 * The model's body schema with local $refs inlined and annotations dropped: what Ajv compiles.
 * Of the formats only `uri` stays (checked by one small shared helper, so that `not-a-url` is
 * refused before anything is paid for); the others are left to the server. `model` only has to
 * be a string: the index picked the validator by it.
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
      if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
      if (key === "format" && value !== "uri") continue;
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

/**
 * Compiles a body schema into standalone validation code, so the client checks bodies against the
 * spec without shipping Ajv. Ajv counts string lengths in code points (`unicode`); its helper for
 * that is imported from a generated sibling instead of `require`d.
 */
export function renderValidator(schema: Json | Error, name: string): string {
  if (schema instanceof Error) throw schema;
  // strict: false lets the OpenAPI-only keywords (nullable, discriminator…) through. The `uri`
  // format is the generated helper's, imported by the chunks that use it.
  const ajv = new Ajv({
    code: { source: true, esm: true, lines: true, formats: _`{ uri: isUri }` },
    allErrors: true,
    strict: false,
  });
  ajv.addFormat("uri", () => true);
  let code = standaloneCode(ajv, ajv.compile(schema));
  const helper = 'require("ajv/dist/runtime/ucs2length").default';
  if (code.includes(helper)) {
    code = `import ucs2length from "./ucs2length.js";\n${code.replaceAll(helper, "ucs2length")}`;
  }
  if (code.includes("{ uri: isUri }")) code = `import isUri from "./is-uri.js";\n${code}`;
  if (/\brequire\(/.test(code)) {
    throw new Error(`The validator of ${name} needs Ajv at run time; the client must not ship it`);
  }
  return code;
}

/** Ajv's ucs2length (MIT), restated: the length of a string in code points. */
export const UCS2LENGTH_SOURCE = `/** The length of a string in Unicode code points, as JSON Schema counts minLength/maxLength. */
export default function ucs2length(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; length++) {
    const code = value.charCodeAt(i++);
    if (code >= 0xd800 && code <= 0xdbff && i < value.length) {
      const next = value.charCodeAt(i);
      if ((next & 0xfc00) === 0xdc00) i++; // a surrogate pair is one code point
    }
  }
  return length;
}
`;

/**
 * `format: uri` as the client checks it: an absolute URL or URI (`https:`, `http:`, `data:`…) that
 * the platform's URL parser accepts. A scheme of one letter is a Windows drive (`C:` in a path).
 * A data: URI is checked by its head alone: the parser would copy megabytes of Base64 to say yes.
 */
export const IS_URI_SOURCE = `/** True for an absolute URL or URI whose scheme has two letters or more (not a drive letter). */
export default function isUri(value: string): boolean {
  if (/^data:/i.test(value)) return /^data:[^,]*,/i.test(value);
  return /^[a-z][a-z\\d+.-]+:/i.test(value) && URL.canParse(value);
}
`;

/** The lazy import of each model's validator: the core loads one chunk per body it validates. */
export function renderValidatorIndex(groups: ValidatorGroup[]): string {
  const lines = groups
    .flatMap(({ file, models }) => models.map((m) => ({ id: m.id, file })))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(({ id, file }) => {
      const chunk = `./${file.slice(VALIDATORS_DIR.length + 1).replace(/\.ts$/, ".js")}`;
      return `  ${JSON.stringify(id)}: () => import(${JSON.stringify(chunk)}),`;
    });
  return `import type { SchemaValidator } from "../../validate.js";

/** Each model's body validator, by model id, loaded on first use. */
export const validators: Record<string, () => Promise<{ validate: SchemaValidator }>> = {
${lines.join("\n")}
};
`;
}
