// Compares two schemas as a typed client reads them: a request is what it sends (accepting more is
// safe), a response what it reads (returning less is safe); objects field by field, unions variant
// by variant (matched by the model they serve), enums value by value.
import {
  type Add,
  type Change,
  type Direction,
  generic,
  isObject,
  type Json,
  keysOf,
  SEVERITY_RANK,
  same,
  show,
} from "./spec-diff-changes.ts";

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

/** An unused schema may describe what a client sends or what it reads: the stricter reading counts. */
export function diffEitherWay(add: Add, where: string, old: unknown, next: unknown) {
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

export function diffSchema(
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
