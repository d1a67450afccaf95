// Merges source documents (the vendor's files and ours, treated alike) into one OpenAPI document:
// one create operation whose body is a oneOf of one component per model, discriminated by `model`.
import { type CreateDocument, createOperation } from "./create-operation.ts";
import {
  BOM,
  CREATE_PATH,
  isObject,
  type Json,
  type OpenApiDocument,
  type Origin,
  type QuirkWarning,
  RANK,
  resolveLocal,
  showInvisible,
  withoutBom,
} from "./openapi.ts";
import { BundleConflictError, Claims, firstDifference } from "./precedence.ts";
import { normaliseQuirks } from "./quirks.ts";

export { BundleConflictError, CREATE_PATH, firstDifference, type Origin };

export interface LoadedDocument {
  /** Relative to specs/, with forward slashes. */
  file: string;
  origin: Origin;
  text: string;
}

export interface SkippedDocument {
  file: string;
  reason: string;
}

/** Which document the bundle takes each model from, and which definitions it set aside. */
export interface ModelSource {
  id: string;
  /** The body's component in the bundle: `#/components/schemas/<component>`. */
  component: string;
  file: string;
  origin: Origin;
  /** Documents of lower precedence that define the model too (a vendor file shadows ours). */
  shadowed: string[];
}

export interface Bundled {
  bundle: OpenApiDocument;
  models: ModelSource[];
  skipped: SkippedDocument[];
  warnings: QuirkWarning[];
}

const clone = <T>(value: T): T => structuredClone(value);

/** Where the vendor's video models created before the universal path: one path per vendor. */
const LEGACY_PATH = /^\/v2\/generate\/video\//;

/** The component name of a model's body: the id with `/` as `.` (component names allow no `/`). */
export const componentName = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, ".");

interface Parsed {
  file: string;
  origin: Origin;
  doc: OpenApiDocument;
  /** The create body's component in the document, when the body is a $ref to one. */
  bodyRef?: string;
}

/** What a document defines, or why it cannot be used; exported for `listSourceDocuments`. */
export function inspectDocument(
  input: LoadedDocument,
): { parsed: Parsed; models: string[]; warnings: QuirkWarning[] } | SkippedDocument {
  const skip = (reason: string): SkippedDocument => ({ file: input.file, reason });
  let doc: unknown;
  try {
    doc = JSON.parse(withoutBom(input.text));
  } catch (error) {
    return skip(`not JSON (${showInvisible((error as Error).message)})`);
  }
  if (!isObject(doc) || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
    return skip("not an OpenAPI 3.x document (no `openapi: 3.x` field)");
  }
  const copy = clone(doc) as OpenApiDocument;
  const warnings = normaliseQuirks(copy, input.file);
  if (input.text.startsWith(BOM)) {
    warnings.unshift({
      file: input.file,
      path: "$",
      message:
        "a UTF-8 byte order mark (BOM, the bytes EF BB BF) before the JSON: ignored (the file keeps its bytes)",
    });
  }
  const parsed: Parsed = { file: input.file, origin: input.origin, doc: copy };
  const create = copy.paths?.[CREATE_PATH]?.post;
  if (!isObject(create)) {
    const posts = Object.keys(copy.paths ?? {}).filter((p) => isObject(copy.paths?.[p]?.post));
    if (posts.some((p) => LEGACY_PATH.test(p))) {
      return skip(
        `no POST ${CREATE_PATH}; it creates on ${posts.join(", ")} (a legacy per-vendor path)`,
      );
    }
    if (posts.length) {
      // The vendor's documentation holds chat, image, music… models beside the video ones.
      return skip(
        `not a video model: it creates on ${posts.map((p) => `POST ${p}`).join(", ")}, not POST ${CREATE_PATH}`,
      );
    }
    return { parsed, models: [], warnings };
  }
  const schema = (create.requestBody as Json | undefined)?.content as Json | undefined;
  const body = (schema?.["application/json"] as Json | undefined)?.schema;
  const ref = isObject(body) && typeof body.$ref === "string" ? body.$ref : undefined;
  const resolved = ref ? resolveLocal(copy, ref) : body;
  const models = modelEnum(resolved);
  if (!models) {
    return skip(`its POST ${CREATE_PATH} has no JSON body with a \`model\` enum of strings`);
  }
  if (ref) parsed.bodyRef = ref;
  return { parsed, models, warnings };
}

function modelEnum(body: unknown): string[] | undefined {
  const model = isObject(body) && isObject(body.properties) ? body.properties.model : undefined;
  const values = isObject(model) ? model.enum : undefined;
  return Array.isArray(values) && values.length && values.every((v) => typeof v === "string")
    ? values
    : undefined;
}

/** The create body of one model: the document's body with `model` narrowed to that id. */
function bodyOf(parsed: Parsed, id: string): Json {
  const post = parsed.doc.paths?.[CREATE_PATH]?.post as Json;
  const content = (post.requestBody as Json).content as Json;
  const raw = (content["application/json"] as Json).schema as Json;
  const schema = clone((parsed.bodyRef ? resolveLocal(parsed.doc, parsed.bodyRef) : raw) as Json);
  const properties = schema.properties as Json;
  properties.model = { ...(properties.model as Json), enum: [id] };
  if (isObject(schema.example) && schema.example.model !== id) delete schema.example;
  return schema;
}

/**
 * Bundles the documents in the given order (the first used document's info and servers win).
 * Unusable documents are skipped with a reason; a vendor quirk is fixed and reported; two
 * documents of the same origin that disagree throw a BundleConflictError naming both.
 */
export function bundleDocuments(inputs: LoadedDocument[]): Bundled {
  const warnings: QuirkWarning[] = [];
  const skipped: SkippedDocument[] = [];
  const used: { parsed: Parsed; models: string[] }[] = [];
  for (const input of inputs) {
    const inspected = inspectDocument(input);
    if ("reason" in inspected) skipped.push(inspected);
    else {
      warnings.push(...inspected.warnings);
      used.push(inspected);
    }
  }
  const [first] = used;
  if (!first) throw new Error("No usable OpenAPI document in specs/");

  // Shadowed models are listed in `models`, not warned about: a vendor file replacing ours is the plan.
  const models = new Claims<Json>([]);
  for (const { parsed, models: ids } of used) {
    for (const id of ids) {
      const path = `$.components.schemas.${componentName(id)}`;
      models.claim(`the model ${id}`, path, parsed.file, parsed.origin, bodyOf(parsed, id));
    }
  }
  const sources = modelSources(models, used);
  const bodies = Object.fromEntries(
    sources.map((source) => [
      source.component,
      withFallbacks(models.get(`the model ${source.id}`)?.value as Json, source, used),
    ]),
  );

  const operations = new Claims<Json>(warnings);
  const components = new Claims<unknown>(warnings);
  const order: string[] = [];
  const creates: CreateDocument[] = [];
  for (const { parsed } of used) {
    for (const [p, item] of Object.entries(parsed.doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item)) {
        const key = `${method.toUpperCase()} ${p}`;
        if (!order.includes(key)) order.push(key);
        if (key === `POST ${CREATE_PATH}`) {
          const taken = sources.filter((s) => s.file === parsed.file).map((s) => s.id);
          creates.push({ file: parsed.file, origin: parsed.origin, op: op as Json, models: taken });
          continue;
        }
        operations.claim(key, `$.paths['${p}'].${method}`, parsed.file, parsed.origin, op as Json);
      }
    }
    for (const [section, entries] of Object.entries(parsed.doc.components ?? {})) {
      for (const [name, value] of Object.entries(entries)) {
        const ref = `#/components/${section}/${name}`;
        if (ref === parsed.bodyRef) continue; // became the model's own component
        const path = `$.components.${section}.${name}`;
        components.claim(`components.${section}.${name}`, path, parsed.file, parsed.origin, value);
      }
    }
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const key of order) {
    const [method, p] = splitKey(key);
    const op =
      key === `POST ${CREATE_PATH}`
        ? createOperation(creates, sources, warnings)
        : operations.get(key)?.value;
    if (op) paths[p] = { ...paths[p], [method]: op };
  }
  uniqueOperationIds(paths, warnings);

  const bundledComponents: Record<string, Record<string, unknown>> = { schemas: { ...bodies } };
  for (const [key, { file, value }] of components.entries()) {
    // `components.<section>.<name>`: a name may hold dots (`Kling.v1.CameraControl`), a section not.
    const [section, name] = splitComponentKey(key);
    if (section === "schemas" && name in bodies) {
      throw new BundleConflictError(
        `${file} defines components.schemas.${name}, the name of the model body of ${sources.find((s) => s.component === name)?.id}: rename one`,
      );
    }
    bundledComponents[section] = { ...bundledComponents[section], [name]: value };
  }
  const { paths: _, components: __, ...top } = first.parsed.doc;
  return {
    bundle: { ...top, paths, components: bundledComponents },
    models: sources,
    skipped,
    warnings,
  };
}

const splitComponentKey = (key: string) => {
  const rest = key.slice("components.".length);
  const dot = rest.indexOf(".");
  return [rest.slice(0, dot), rest.slice(dot + 1)] as const;
};

const splitKey = (key: string) => {
  const space = key.indexOf(" ");
  return [key.slice(0, space).toLowerCase(), key.slice(space + 1)] as const;
};

function modelSources(
  models: Claims<Json>,
  used: { parsed: Parsed; models: string[] }[],
): ModelSource[] {
  const sources: ModelSource[] = [];
  const components = new Map<string, string>();
  for (const [key, winner] of models.entries()) {
    const id = key.slice("the model ".length);
    const component = componentName(id);
    const clash = components.get(component);
    if (clash) {
      throw new BundleConflictError(
        `The models ${clash} and ${id} would share the component name ${component}`,
      );
    }
    components.set(component, id);
    const shadowed = used
      .filter(({ parsed, models: ids }) => ids.includes(id) && parsed.file !== winner.file)
      .filter(({ parsed }) => RANK[parsed.origin] > RANK[winner.origin])
      .map(({ parsed }) => parsed.file);
    sources.push({ id, component, file: winner.file, origin: winner.origin, shadowed });
  }
  return sources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A vendor file that replaces ours has no example body, no `x-vendor` and no `x-media`: keep ours
 * when the vendor's schema still accepts it (the example is re-checked by the quirk pass of the
 * bundle's linter and by the tests that send every model's example; a field's `x-media` is kept
 * when the vendor's body has the same field without one).
 */
function withFallbacks(
  body: Json,
  source: ModelSource,
  used: { parsed: Parsed; models: string[] }[],
): Json {
  let result = body;
  for (const file of source.shadowed) {
    const parsed = used.find((u) => u.parsed.file === file)?.parsed;
    if (!parsed) continue;
    const theirs = bodyOf(parsed, source.id);
    result = withMediaFacts(result, theirs);
    if (result["x-vendor"] === undefined && theirs["x-vendor"] !== undefined) {
      result["x-vendor"] = theirs["x-vendor"];
    }
    if (result.example === undefined && theirs.example !== undefined) {
      const check = { ...result, example: theirs.example };
      // Re-run the example check of the quirk pass on the winner's schema.
      const warnings = normaliseQuirks(
        { openapi: "3.0.0", components: { schemas: { body: check } } },
        file,
      );
      if (!warnings.some((w) => w.path.endsWith(".example"))) result.example = theirs.example;
    }
  }
  return result;
}

/** `schema` with the `x-media` of `fallback`'s same fields (nested ones too) where it has none. */
function withMediaFacts(schema: Json, fallback: Json): Json {
  const result: Json = { ...schema };
  if (result["x-media"] === undefined && fallback["x-media"] !== undefined) {
    result["x-media"] = fallback["x-media"];
  }
  if (isObject(schema.items) && isObject(fallback.items)) {
    result.items = withMediaFacts(schema.items, fallback.items);
  }
  if (isObject(schema.properties) && isObject(fallback.properties)) {
    const theirs = fallback.properties;
    result.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [
        name,
        isObject(property) && isObject(theirs[name])
          ? withMediaFacts(property, theirs[name] as Json)
          : property,
      ]),
    );
  }
  return result;
}

/** The vendor names every create and retrieve operation `_v2_video_generations`. */
function uniqueOperationIds(
  paths: Record<string, Record<string, unknown>>,
  warnings: QuirkWarning[],
) {
  const taken = new Set<string>();
  for (const [p, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op) || typeof op.operationId !== "string") continue;
      const id = op.operationId;
      if (!taken.has(id)) {
        taken.add(id);
        continue;
      }
      let unique = `${id}_${method}`;
      for (let n = 2; taken.has(unique); n++) unique = `${id}_${method}_${n}`;
      taken.add(unique);
      item[method] = { ...op, operationId: unique };
      warnings.push({
        file: "(bundle)",
        path: `$.paths['${p}'].${method}.operationId`,
        message: `operationId ${id} is used by another operation: ${unique} in the bundle`,
      });
    }
  }
}
