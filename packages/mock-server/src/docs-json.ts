// `GET /docs-json?model=<id>&endpoint=<type>`: each model's OpenAPI document, as the API serves it
// at its catalogue entry's `info.docsJson`, in the vendor's style (specs/vendor/*.json): the create
// operation with only that model's body and the components it refers to.
import type { ModelSchema } from "./prices.js";

const CREATE_PATH = "/v2/video/generations";
type Json = Record<string, unknown>;
/** A model's OpenAPI document, as `/docs-json` serves it. */
export type ModelDocument = Json;

/** Changes to the catalogue a test makes, as the live API's catalogue changes over time. */
export interface CatalogueChanges {
  /** Models the API gained, each with its OpenAPI document (one create body, for its id). */
  add?: readonly { id: string; document: ModelDocument }[];
  /** Models the API no longer lists, by id. */
  remove?: readonly string[];
  /**
   * Models the API lists under a new id, by old id: `{ old: "new" }`. The old id stays in the
   * model's `aliases`, and its document names the new id.
   */
  rename?: Readonly<Record<string, string>>;
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every model's document, by id, from the bundled spec the mock serves. */
export function modelDocuments(spec: Json): Map<string, ModelDocument> {
  const documents = new Map<string, ModelDocument>();
  const post = pathOf(spec, ["paths", CREATE_PATH, "post"]);
  const union = pathOf(post, ["requestBody", "content", "application/json", "schema"]);
  const ok = pathOf(post, ["responses", "200"]);
  const oneOf = isObject(union) && Array.isArray(union.oneOf) ? union.oneOf : [];
  for (const member of oneOf) {
    const schema = resolved(spec, member);
    const id = modelIdOf(schema);
    if (id === undefined || !isObject(schema)) continue;
    const components: Json = {};
    collectRefs(spec, schema, components);
    const response = isObject(ok) ? resolved(spec, ok) : undefined;
    const content = pathOf(response, ["content", "application/json", "schema"]);
    if (content !== undefined) collectRefs(spec, content, components);
    const document: ModelDocument = {
      openapi: spec.openapi ?? "3.0.0",
      info: { title: "AIML API", version: "1.0.0" },
      servers: spec.servers ?? [{ url: "https://api.aimlapi.com" }],
      paths: {
        [CREATE_PATH]: {
          post: {
            operationId: "_v2_video_generations",
            requestBody: { required: true, content: { "application/json": { schema } } },
            responses: {
              "200": {
                ...(isObject(response) && typeof response.description === "string"
                  ? { description: response.description }
                  : {}),
                ...(content === undefined
                  ? {}
                  : { content: { "application/json": { schema: content } } }),
              },
            },
          },
        },
      },
      ...(Object.keys(components).length ? { components } : {}),
    };
    documents.set(id, structuredClone(document));
  }
  return documents;
}

/** The create body of a model's document (its `$ref` followed), for the catalogue to describe. */
export function bodyOf(document: ModelDocument): ModelSchema | undefined {
  const schema = pathOf(document, [
    "paths",
    CREATE_PATH,
    "post",
    "requestBody",
    "content",
    "application/json",
    "schema",
  ]);
  const body = resolved(document, schema);
  return isObject(body) ? (body as ModelSchema) : undefined;
}

/** The model id a create body serves: its `model` enum's only value. */
export function modelIdOf(schema: unknown): string | undefined {
  const model = pathOf(schema, ["properties", "model"]);
  const values = isObject(model) && Array.isArray(model.enum) ? model.enum : [];
  return values.length === 1 && typeof values[0] === "string" ? values[0] : undefined;
}

/** The document with the model's id `from` replaced by `to` (its `model` enum and its title). */
export function renamedDocument(document: ModelDocument, from: string, to: string): ModelDocument {
  const copy = structuredClone(document);
  const body = bodyOf(copy) as (ModelSchema & { properties?: Json }) | undefined;
  const model = body?.properties?.model;
  if (isObject(model)) model.enum = [to];
  if (body && body.title === from) body.title = to;
  return copy;
}

function pathOf(node: unknown, keys: string[]): unknown {
  let at = node;
  for (const key of keys) at = isObject(at) ? at[key] : undefined;
  return at;
}

/** The node, or what its local `$ref` points at. */
function resolved(spec: Json, node: unknown): unknown {
  let at = node;
  for (let hops = 0; isObject(at) && typeof at.$ref === "string" && hops < 10; hops++) {
    at = pointer(spec, at.$ref);
  }
  return at;
}

function pointer(spec: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  const keys = ref
    .slice(2)
    .split("/")
    .map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"));
  return pathOf(spec, keys);
}

/** Copies every component the node refers to, transitively, into `into` (as components are laid out). */
function collectRefs(spec: Json, node: unknown, into: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(spec, item, into);
    return;
  }
  if (!isObject(node)) return;
  const ref = node.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/")) {
    const [kind, name] = ref.slice("#/components/".length).split("/") as [string, string];
    into[kind] ??= {};
    const section = into[kind] as Json;
    if (!(name in section)) {
      const target = pointer(spec, ref);
      section[name] = target;
      collectRefs(spec, target, into);
    }
  }
  for (const value of Object.values(node)) collectRefs(spec, value, into);
}
