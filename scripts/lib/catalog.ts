// The model catalog in code: what a CLI or a UI needs to list the models and build their forms,
// taken from the bundle (so it always agrees with the types and the validators).
import type { ModelSource, OpenApiDocument } from "./specs.ts";

export const CATALOG_FILE = "packages/client/src/generated/models.ts";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The JSON Schema keywords a catalog entry keeps, in this order. */
const KEPT = [
  "type",
  "format",
  "enum",
  "default",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "nullable",
  "description",
] as const;

/** A schema as the catalog shows it: unions as `anyOf`, the 3.0 null-only schema as `type: "null"`. */
function describeSchema(schema: unknown, bundle: OpenApiDocument): Json {
  if (!isObject(schema)) return {};
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.split("/").pop() as string;
    return describeSchema(bundle.components?.schemas?.[name], bundle);
  }
  if (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null) {
    return { type: "null" };
  }
  const out: Json = {};
  for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
  // The media facts (CONTRIBUTING.md, `x-media`), the same wherever the field's document came from.
  if (isObject(schema["x-media"])) out.media = schema["x-media"];
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) out.anyOf = union.map((m) => describeSchema(m, bundle));
  if (schema.items !== undefined) out.items = describeSchema(schema.items, bundle);
  if (isObject(schema.properties)) {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    out.properties = describeFields(schema.properties, required, bundle);
  }
  return out;
}

/** An object's fields as a list, each with its name and whether it is required. */
function describeFields(properties: Json, required: string[], bundle: OpenApiDocument): Json[] {
  return Object.entries(properties).map(([name, property]) => ({
    name,
    required: required.includes(name),
    ...describeSchema(property, bundle),
  }));
}

const VIDEO_INPUTS = new Set(["video_url", "video_urls", "reference"]);
const IMAGE_INPUTS = /image|frame|keyframes|character|mask/;

/** The media of the fields that state it (`x-media`), nested ones too. */
function statedMedia(schema: unknown, found: Set<string>): Set<string> {
  if (!isObject(schema)) return found;
  if (isObject(schema["x-media"])) found.add(schema["x-media"].medium as string);
  statedMedia(schema.items, found);
  for (const property of Object.values(isObject(schema.properties) ? schema.properties : {})) {
    statedMedia(property, found);
  }
  return found;
}

/**
 * The media a body takes: those its fields state, and those their names tell (`video_url` is a
 * video, `image_urls` images…) for the fields that state nothing.
 */
function inputsOf(properties: Json): string[] {
  const inputs = statedMedia({ properties }, new Set<string>());
  for (const name of Object.keys(properties)) {
    if (name === "prompt" || name === "multi_prompt") inputs.add("text");
    else if ((/audio/.test(name) && name.endsWith("url")) || name === "audio_urls")
      inputs.add("audio");
    else if (VIDEO_INPUTS.has(name) || /video_url/.test(name)) inputs.add("video");
    else if (IMAGE_INPUTS.test(name) && JSON.stringify(properties[name]).includes('"uri"')) {
      inputs.add("image");
    }
  }
  return ["text", "image", "video", "audio"].filter((i) => inputs.has(i));
}

/**
 * What a model makes from what: a required video makes it video-to-video, a required image
 * image-to-video; an id that says `i2v` wins over a schema where the image is optional.
 */
function kindOf(id: string, required: string[]): string {
  if (required.some((name) => VIDEO_INPUTS.has(name) || /video_url/.test(name))) {
    return "video-to-video";
  }
  if (required.some((name) => IMAGE_INPUTS.test(name)) || /\bi2v\b|image-to-video/.test(id)) {
    return "image-to-video";
  }
  return "text-to-video";
}

export interface CatalogEntry {
  id: string;
  vendor: string;
  kind: string;
  inputs: string[];
  required: string[];
  parameters: Json[];
  example?: unknown;
}

export function catalogEntries(bundle: OpenApiDocument, models: ModelSource[]): CatalogEntry[] {
  return models.map((model) => {
    const schema = bundle.components?.schemas?.[model.component] as Json;
    const properties = (schema.properties ?? {}) as Json;
    const required = ((schema.required ?? []) as string[]).filter((name) => name !== "model");
    const vendor =
      typeof schema["x-vendor"] === "string" ? schema["x-vendor"] : model.id.split("/")[0];
    return {
      id: model.id,
      vendor: vendor as string,
      kind: kindOf(model.id, required),
      inputs: inputsOf(properties),
      required,
      parameters: describeFields(properties, required, bundle).filter((p) => p.name !== "model"),
      ...(schema.example === undefined ? {} : { example: schema.example }),
    };
  });
}

/**
 * The catalog's module. A parameter that several models describe alike (most share their prompt,
 * duration, aspect ratio…) is written once and shared: the module is 40% of its size so.
 */
export function renderCatalog(bundle: OpenApiDocument, models: ModelSource[]): string {
  const shared = new Map<string, number>();
  const ref = (parameter: Json) => {
    const json = JSON.stringify(parameter);
    if (!shared.has(json)) shared.set(json, shared.size);
    return `p[${shared.get(json)}]`;
  };
  const entries = catalogEntries(bundle, models).map((entry) =>
    JSON.stringify({ ...entry, parameters: PARAMETERS }, null, 2).replace(
      JSON.stringify(PARAMETERS),
      `[${entry.parameters.map(ref).join(", ")}]`,
    ),
  );
  return `import type { ModelInfo, ParameterInfo } from "../models.js";

/** The parameters of the models below, each written once (a tuple: each p[i] is defined). */
const p = [
${[...shared.keys()].map((json) => `  ${json},`).join("\n")}
] as const satisfies readonly ParameterInfo[];

/** Every model of the bundle, sorted by id. */
export const modelCatalog: readonly ModelInfo[] = [
${entries.join(",\n")}
];
`;
}

/** Stands for an entry's parameters while the entry is written out. */
const PARAMETERS = "@parameters";
