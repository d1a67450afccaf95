// Compares two bundled specs from the point of view of a typed client. No maintained npm differ
// fits (openapi-diff pulls in axios and swagger-parser and calls any response widening breaking;
// Optic's utilities ship a machine-id dependency), so this one follows our own rules.
import type { OpenApiDocument } from "./specs.ts";

/**
 * breaking: code or requests that worked may fail (major). flagged: compiles, but exhaustive
 * handling of a response may miss a case (minor, with a warning). non-breaking: additions
 * (minor). docs: descriptions and examples only (patch).
 */
export type Severity = "breaking" | "flagged" | "non-breaking" | "docs";

export interface Change {
  severity: Severity;
  /** Where: an operation, then the part of it and the field path. */
  location: string;
  message: string;
}

export type Bump = "major" | "minor" | "patch";

export function bumpFor(changes: Change[]): Bump | undefined {
  const has = (severity: Severity) => changes.some((c) => c.severity === severity);
  if (has("breaking")) return "major";
  if (has("flagged") || has("non-breaking")) return "minor";
  return has("docs") ? "patch" : undefined;
}

type Json = Record<string, unknown>;
/** A request is what the client sends, a response what it reads: the same change cuts both ways. */
type Direction = "request" | "response";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const DOCS = new Set(["description", "summary", "title", "example", "examples", "externalDocs"]);
const isDocs = (key: string) => DOCS.has(key) || key.startsWith("x-");
/** Validation keywords, with whether a change from a to b tightens them (any change of a pattern). */
const grows = (a: unknown, b: unknown) => Number(b) > Number(a);
const shrinks = (a: unknown, b: unknown) => Number(b) < Number(a);
const TIGHTER: Record<string, (a: unknown, b: unknown) => boolean> = {
  minimum: grows,
  exclusiveMinimum: grows,
  minLength: grows,
  minItems: grows,
  minProperties: grows,
  maximum: shrinks,
  exclusiveMaximum: shrinks,
  maxLength: shrinks,
  maxItems: shrinks,
  maxProperties: shrinks,
  pattern: () => true,
  format: () => true,
  multipleOf: () => true,
};

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
/** JSON with sorted keys, so reordering an object is not a change. */
const canonical = (value: unknown): string =>
  isObject(value)
    ? `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
        .join(",")}}`
    : Array.isArray(value)
      ? `[${value.map(canonical).join(",")}]`
      : JSON.stringify(value);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const show = (value: unknown) => JSON.stringify(value);

export function diffSpecs(before: OpenApiDocument, after: OpenApiDocument): Change[] {
  const changes: Change[] = [];
  const old = resolveRefs(before) as OpenApiDocument;
  const next = resolveRefs(after) as OpenApiDocument;
  const add = (severity: Severity, location: string, message: string) =>
    changes.push({ severity, location, message });

  for (const key of keysOf(old, next)) {
    if (key === "paths" || key === "components" || key === "x-generated") continue;
    // Security requirements are alternatives: a repeated one changes nothing.
    const [a, b] =
      key === "security" ? [old, next].map((d) => alternatives(d[key])) : [old[key], next[key]];
    generic(add, "document", key, a, b, key === "info" || isDocs(key));
  }
  diffComponents(add, before, after, old, next);

  const operations = (doc: OpenApiDocument) =>
    new Map<string, Json>(
      Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
        Object.entries(item)
          .filter(([method]) => METHODS.includes(method))
          .map(([method, op]) => [`${method.toUpperCase()} ${p}`, op as Json] as const),
      ),
    );
  const oldOps = operations(old);
  const newOps = operations(next);
  const added: string[] = [...newOps.keys()].filter((name) => !oldOps.has(name));
  for (const [name, op] of oldOps) {
    const replacement = newOps.get(name);
    if (replacement) {
      diffOperation(add, name, op, replacement);
      continue;
    }
    const moved = movedTo(name, op, added, newOps);
    if (!moved) {
      add("breaking", name, "operation removed");
      continue;
    }
    // Its path is a key of the generated `paths` type: code naming the old one stops compiling.
    added.splice(added.indexOf(moved), 1);
    add("breaking", name, `operation moved to ${moved}`);
    diffOperation(add, moved, op, newOps.get(moved) as Json);
  }
  for (const name of added) add("non-breaking", name, "new operation");
  return changes;
}

const alternatives = (list: unknown) =>
  Array.isArray(list) ? [...new Set(list.map(canonical))].sort().map((c) => JSON.parse(c)) : list;

/**
 * The new operation a removed one became: the same method with the same operationId, or else
 * with the same request body and answers. Undefined when none or several fit.
 */
function movedTo(
  name: string,
  op: Json,
  added: string[],
  newOps: Map<string, Json>,
): string | undefined {
  const method = name.split(" ")[0];
  const candidates = added.filter((n) => n.split(" ")[0] === method);
  const signature = (o: Json) => canonical([o.requestBody, o.responses]);
  for (const fits of [
    (o: Json) => op.operationId !== undefined && o.operationId === op.operationId,
    (o: Json) => signature(o) === signature(op),
  ]) {
    const found = candidates.filter((n) => fits(newOps.get(n) as Json));
    if (found.length === 1) return found[0];
  }
  return undefined;
}

type Add = (severity: Severity, location: string, message: string) => void;

const SEVERITY_RANK: Severity[] = ["docs", "non-breaking", "flagged", "breaking"];

/**
 * Every component, by name: openapi-typescript exports each one as a type (`components["schemas"]
 * ["X"]`), so one that vanishes breaks the code naming it even when no operation used it. What an
 * operation uses is compared there, where the change shows; the rest is compared here.
 */
function diffComponents(
  add: Add,
  before: OpenApiDocument,
  after: OpenApiDocument,
  old: OpenApiDocument,
  next: OpenApiDocument,
) {
  const used = new Set([...referenced(before), ...referenced(after)]);
  for (const section of keysOf(old.components ?? {}, next.components ?? {})) {
    const [a, b] = [old.components?.[section] ?? {}, next.components?.[section] ?? {}];
    for (const name of keysOf(a, b)) {
      const at = `components.${section}.${name}`;
      const ref = `#/components/${section}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (same(a[name], b[name])) continue;
      if (section === "securitySchemes") diffSecurityScheme(add, at, a[name], b[name]);
      else if (section === "examples") add("docs", at, "example changed");
      else if (!(name in b))
        add("breaking", at, `removed (the type of ${section}.${name} is gone)`);
      else if (used.has(ref)) continue;
      else if (!(name in a)) add("non-breaking", at, "new component");
      else if (section === "schemas") diffEitherWay(add, at, a[name], b[name]);
      else generic(add, at, "definition", a[name], b[name]);
    }
  }
}

/** An unused schema may describe what a client sends or what it reads: the stricter reading counts. */
function diffEitherWay(add: Add, where: string, old: unknown, next: unknown) {
  const readings = (["request", "response"] as const).map((direction) => {
    const found: Change[] = [];
    diffSchema(
      (severity, location, message) => found.push({ severity, location, message }),
      where,
      direction,
      old,
      next,
    );
    const worst = Math.max(-1, ...found.map((c) => SEVERITY_RANK.indexOf(c.severity)));
    return { found, worst };
  });
  const [request, response] = readings as [(typeof readings)[0], (typeof readings)[0]];
  const chosen = response.worst > request.worst ? response : request;
  for (const c of chosen.found) add(c.severity, c.location, c.message);
}

/** A security scheme: `bearerFormat` is a hint for humans, like a description. */
function diffSecurityScheme(add: Add, where: string, old: unknown, next: unknown) {
  if (!isObject(old) || !isObject(next)) {
    return add(
      "flagged",
      where,
      `${isObject(next) ? "new" : "removed"} security scheme; review it`,
    );
  }
  for (const key of keysOf(old, next)) {
    generic(add, where, key, old[key], next[key], isDocs(key) || key === "bearerFormat");
  }
}

function diffOperation(add: Add, where: string, old: Json, next: Json) {
  for (const key of keysOf(old, next)) {
    const [a, b] = [old[key], next[key]];
    if (same(a, b)) continue;
    if (key === "parameters") diffParameters(add, where, a, b);
    else if (key === "requestBody") diffRequestBody(add, where, a, b);
    else if (key === "responses") diffResponses(add, where, a as Json, b as Json);
    else if (key === "operationId") {
      add("breaking", where, `operationId ${show(a)} → ${show(b)} renames its generated type`);
    } else generic(add, where, key, a, b, isDocs(key) || key === "tags");
  }
}

function diffParameters(add: Add, where: string, old: unknown, next: unknown) {
  const byKey = (list: unknown) =>
    new Map(
      (Array.isArray(list) ? list : []).filter(isObject).map((p) => [`${p.in} ${p.name}`, p]),
    );
  const [olds, news] = [byKey(old), byKey(next)];
  for (const [key, param] of olds) {
    const at = `${where} ${key} parameter`;
    const replacement = news.get(key);
    if (!replacement) {
      add("breaking", at, "removed");
      continue;
    }
    for (const field of keysOf(param, replacement)) {
      const [a, b] = [param[field], replacement[field]];
      if (same(a, b)) continue;
      if (field === "schema") diffSchema(add, at, "request", a, b);
      else if (field === "required") {
        add(b ? "breaking" : "non-breaking", at, b ? "now required" : "now optional");
      } else generic(add, at, field, a, b);
    }
  }
  for (const [key, param] of news) {
    if (olds.has(key)) continue;
    if (param.required) add("breaking", `${where} ${key} parameter`, "new required parameter");
    else add("non-breaking", `${where} ${key} parameter`, "new optional parameter");
  }
}

function diffRequestBody(add: Add, where: string, old: unknown, next: unknown) {
  const at = `${where} request body`;
  if (!isObject(next)) return add("breaking", at, "removed");
  if (!isObject(old)) {
    return add(next.required ? "breaking" : "non-breaking", at, "new request body");
  }
  for (const key of keysOf(old, next)) {
    const [a, b] = [old[key], next[key]];
    if (same(a, b)) continue;
    if (key === "content") diffContent(add, at, "request", a as Json, b as Json);
    else if (key === "required") {
      add(b ? "breaking" : "non-breaking", at, b ? "now required" : "now optional");
    } else generic(add, at, key, a, b);
  }
}

function diffResponses(add: Add, where: string, old: Json = {}, next: Json = {}) {
  for (const status of keysOf(old, next)) {
    const [a, b] = [old[status], next[status]];
    const at = `${where} ${status} response`;
    if (same(a, b)) continue;
    // Code that reads a status the spec no longer documents stops compiling against the types.
    if (!isObject(b)) add("breaking", at, "removed");
    else if (!isObject(a)) add("non-breaking", at, "new response");
    else {
      for (const key of keysOf(a, b)) {
        if (same(a[key], b[key])) continue;
        if (key === "content") diffContent(add, at, "response", a[key] as Json, b[key] as Json);
        else generic(add, at, key, a[key], b[key]);
      }
    }
  }
}

function diffContent(
  add: Add,
  where: string,
  direction: Direction,
  old: Json = {},
  next: Json = {},
) {
  for (const type of keysOf(old, next)) {
    const [a, b] = [old[type], next[type]];
    const at = `${where} (${type})`;
    if (same(a, b)) continue;
    if (!isObject(b)) add("breaking", at, "media type removed");
    else if (!isObject(a)) add("non-breaking", at, "new media type");
    else {
      for (const key of keysOf(a, b)) {
        if (same(a[key], b[key])) continue;
        if (key === "schema") diffSchema(add, at, direction, a[key], b[key]);
        else generic(add, at, key, a[key], b[key]);
      }
    }
  }
}

/** The schema's types, with OpenAPI 3.0's `nullable` read as 3.1's "null" type; undefined is any. */
function typesOf(schema: Json): Set<string> | undefined {
  if (schema.type === undefined) return undefined;
  const types = new Set<string>([schema.type].flat() as string[]);
  if (schema.nullable === true) types.add("null");
  return types;
}

/** Whether every value the narrower set allows, the wider one does too (undefined: anything). */
function covers<T>(wider: Set<T> | undefined, narrower: Set<T> | undefined): boolean {
  if (!wider) return true;
  if (!narrower) return false;
  return [...narrower].every((v) => wider.has(v));
}

function diffSchema(
  add: Add,
  where: string,
  direction: Direction,
  oldSchema: unknown,
  newSchema: unknown,
) {
  const [old, next] = asVariants(
    mergeAllOf(isObject(oldSchema) ? oldSchema : {}),
    mergeAllOf(isObject(newSchema) ? newSchema : {}),
  );
  const request = direction === "request";

  const [oldTypes, newTypes] = [typesOf(old), typesOf(next)];
  if (!same(oldTypes && [...oldTypes].sort(), newTypes && [...newTypes].sort())) {
    // A request may accept more, a response may return less; anything else breaks callers.
    const safe = request ? covers(newTypes, oldTypes) : covers(oldTypes, newTypes);
    const describe = (t?: Set<string>) => (t ? [...t].join(" | ") : "any");
    add(
      safe ? "non-breaking" : "breaking",
      where,
      `type ${describe(oldTypes)} → ${describe(newTypes)}`,
    );
  }

  const [oldTag, newTag] = [old.discriminator, next.discriminator].map((d) =>
    isObject(d) ? d.propertyName : undefined,
  );
  // Its mapping follows the variants, which are compared below; its property is what clients send.
  if (oldTag !== newTag) {
    add(
      "breaking",
      where,
      `discriminator ${show(oldTag) ?? "absent"} → ${show(newTag) ?? "absent"}`,
    );
  }
  diffEnum(add, where, direction, old.enum, next.enum);
  diffProperties(add, where, direction, old, next);
  if (old.items !== undefined || next.items !== undefined) {
    diffSchema(add, `${where}[]`, direction, old.items, next.items);
  }
  for (const key of ["anyOf", "oneOf"] as const)
    diffVariants(add, where, direction, key, old, next);

  for (const key of keysOf(old, next)) {
    const [a, b] = [old[key], next[key]];
    if (same(a, b) || HANDLED.has(key)) continue;
    if (key === "default") add("non-breaking", where, `default ${show(a)} → ${show(b)}`);
    else if (key in TIGHTER) {
      // Bounds shape what the server accepts, not the types: only a tighter request breaks.
      const tighter = b !== undefined && (a === undefined || TIGHTER[key]?.(a, b) === true);
      add(
        request && tighter ? "breaking" : "non-breaking",
        where,
        `${key} ${show(a)} → ${show(b)}`,
      );
    } else generic(add, where, key, a, b);
  }
}

/** Keywords diffSchema compares itself before the generic pass. */
const HANDLED = new Set([
  "type",
  "nullable",
  "enum",
  "properties",
  "required",
  "items",
  "anyOf",
  "oneOf",
  "allOf",
  "discriminator",
]);

/**
 * A plain schema compared with a `oneOf` is read as a `oneOf` of one variant: a body that gains
 * its second model becomes a union of both, and its first model's fields did not go away.
 */
function asVariants(old: Json, next: Json): [Json, Json] {
  const union = (s: Json) => Array.isArray(s.oneOf);
  const wrap = (schema: Json, like: Json): Json => ({
    ...(like.type === undefined ? {} : { type: like.type }),
    ...(like.discriminator === undefined ? {} : { discriminator: like.discriminator }),
    oneOf: [schema],
  });
  if (union(old) && !union(next) && next.properties) return [old, wrap(next, old)];
  if (union(next) && !union(old) && old.properties) return [wrap(old, next), next];
  return [old, next];
}

function diffEnum(add: Add, where: string, direction: Direction, old: unknown, next: unknown) {
  if (same(old, next)) return;
  const set = (values: unknown) =>
    Array.isArray(values) ? new Set(values.map((v) => show(v))) : undefined;
  const [a, b] = [set(old), set(next)];
  const request = direction === "request";
  if (!a || !b) {
    // No enum means any value of the type: adding one narrows, dropping one widens.
    if (b) add(request ? "breaking" : "non-breaking", where, `now limited to ${[...b].join(", ")}`);
    else add(request ? "non-breaking" : "flagged", where, "no longer limited to an enum");
    return;
  }
  for (const value of a) {
    if (b.has(value)) continue;
    // In a response too: `case "removed":` no longer compiles against the literal union.
    add("breaking", where, `enum value ${value} removed`);
  }
  for (const value of b) {
    if (a.has(value)) continue;
    if (request) add("non-breaking", where, `enum value ${value} added`);
    else add("flagged", where, `enum value ${value} added: exhaustive switches miss it`);
  }
}

function diffProperties(add: Add, where: string, direction: Direction, old: Json, next: Json) {
  const props = (s: Json) => (isObject(s.properties) ? s.properties : {});
  const required = (s: Json) => new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const [oldProps, newProps] = [props(old), props(next)];
  const [oldRequired, newRequired] = [required(old), required(next)];
  const request = direction === "request";
  const field = (name: string) => (where.endsWith(")") ? `${where}: ${name}` : `${where}.${name}`);

  for (const name of keysOf(oldProps, newProps)) {
    const at = field(name);
    if (!(name in newProps)) {
      add("breaking", at, "field removed");
      continue;
    }
    const isRequired = newRequired.has(name);
    if (!(name in oldProps)) {
      if (request && isRequired) add("breaking", at, "new required field");
      else add("non-breaking", at, `new ${isRequired ? "required" : "optional"} field`);
      continue;
    }
    if (oldRequired.has(name) !== isRequired) {
      // A request must now always send it; a response may now leave it out.
      const breaks = request ? isRequired : !isRequired;
      add(breaks ? "breaking" : "non-breaking", at, isRequired ? "now required" : "now optional");
    }
    diffSchema(add, at, direction, oldProps[name], newProps[name]);
  }
}

function diffVariants(
  add: Add,
  where: string,
  direction: Direction,
  key: "anyOf" | "oneOf",
  old: Json,
  next: Json,
) {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const [a, b] = [list(old[key]), list(next[key])];
  if (same(a, b)) return;
  // Variants are matched by name, so reordering them is no change: by the models they serve
  // (the create body has one per model), else by title, else an identical one, else by position.
  const unmatched = new Set(b.keys());
  const pairs: [unknown, number | undefined][] = [];
  const claim = (i: number) => {
    unmatched.delete(i);
    return i;
  };
  for (const variant of a) {
    const name = variantName(variant);
    const j = name
      ? b.findIndex((v, i) => unmatched.has(i) && variantName(v) === name)
      : b.findIndex((v, i) => unmatched.has(i) && !variantName(v) && same(v, variant));
    pairs.push([variant, j >= 0 ? claim(j) : undefined]);
  }
  const spare = () => [...unmatched].find((i) => !variantName(b[i]));
  for (const pair of pairs) {
    if (pair[1] === undefined && !variantName(pair[0])) {
      const j = spare();
      if (j !== undefined) pair[1] = claim(j);
    }
  }

  let removed = 0;
  pairs.forEach(([variant, j], i) => {
    const name = variantName(variant);
    if (j === undefined) {
      if (name) add("breaking", where, `${name} removed`);
      else removed++;
    } else diffSchema(add, `${where} (${name ?? `${key}[${i}]`})`, direction, variant, b[j]);
  });
  if (removed) add("breaking", where, `${removed} ${key} variant(s) removed`);
  const added = [...unmatched].map((i) => b[i]);
  const named = added.map(variantName).filter((n) => n !== undefined);
  const unnamed = added.length - named.length;
  const request = direction === "request";
  for (const name of named) {
    if (request) add("non-breaking", where, `new ${name}`);
    else add("flagged", where, `new ${name}: exhaustive handling misses it`);
  }
  if (unnamed) {
    const text = `${unnamed} ${key} variant(s) added`;
    if (request) add("non-breaking", where, text);
    else add("flagged", where, `${text}: exhaustive handling misses them`);
  }
}

/** A variant's name: `model "<id>"` when its `model` property is an enum, else its title. */
function variantName(variant: unknown): string | undefined {
  if (!isObject(variant)) return undefined;
  const merged = mergeAllOf(variant);
  const model = isObject(merged.properties) ? merged.properties.model : undefined;
  const ids = isObject(model) && Array.isArray(model.enum) ? model.enum : undefined;
  if (ids?.length) return `model ${ids.map(show).join(" | ")}`;
  return typeof merged.title === "string" ? `"${merged.title}"` : undefined;
}

/** allOf parts merged into one object schema, so moving a field into an allOf is not a change. */
function mergeAllOf(schema: Json): Json {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  const parts = [rest, ...(allOf as unknown[]).filter(isObject).map(mergeAllOf)];
  const merged: Json = Object.assign({}, ...parts);
  const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}));
  const required = [...new Set(parts.flatMap((p) => (p.required as string[] | undefined) ?? []))];
  if (Object.keys(properties).length) merged.properties = properties;
  if (required.length) merged.required = required;
  return merged;
}

/** Docs, deprecation, or anything the rules above do not know: flagged for a human to judge. */
function generic(add: Add, where: string, key: string, a: unknown, b: unknown, docs = isDocs(key)) {
  if (same(a, b)) return;
  if (docs) add("docs", where, `${key} changed`);
  else if (key === "deprecated") {
    add("non-breaking", where, b ? "deprecated" : "no longer deprecated");
  } else
    add(
      "flagged",
      where,
      `${key} changed (${show(a) ?? "absent"} → ${show(b) ?? "absent"}); review it`,
    );
}

function keysOf(...objects: Json[]): string[] {
  return [...new Set(objects.flatMap((o) => Object.keys(o ?? {})))];
}

const lookup = (doc: unknown, ref: string) =>
  ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), doc);

/** The local `$ref`s reachable from the document's operations. */
function referenced(doc: OpenApiDocument): Set<string> {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (!isObject(node) && !Array.isArray(node)) return;
    const ref = isObject(node) ? node.$ref : undefined;
    if (typeof ref === "string" && ref.startsWith("#/") && !seen.has(ref)) {
      seen.add(ref);
      visit(lookup(doc, ref));
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(doc.paths);
  return seen;
}

/** Inlines local `$ref`s, so a change in a shared component shows where it is used. */
export function resolveRefs(doc: unknown): unknown {
  const walk = (node: unknown, seen: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, seen));
    if (!isObject(node)) return node;
    const ref = node.$ref;
    // A recursive schema stays a reference; comparing its name is enough.
    if (typeof ref === "string" && ref.startsWith("#/") && !seen.includes(ref)) {
      return walk(lookup(doc, ref), [...seen, ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, seen)]));
  };
  return walk(doc, []);
}
