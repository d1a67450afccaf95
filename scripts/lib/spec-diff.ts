// Compares two bundled specs from the point of view of a typed client. No maintained npm differ
// fits (openapi-diff pulls in axios and swagger-parser and calls any response widening breaking;
// Optic's utilities ship a machine-id dependency), so this one follows our own rules. Read top to
// bottom: the document's own fields, its components, then its operations (spec-diff-operation.ts),
// whose schemas spec-diff-schema.ts compares; what a change is lives in spec-diff-changes.ts.
import type { OpenApiDocument } from "./openapi.ts";
import {
  type Add,
  type Change,
  canonical,
  generic,
  isDocs,
  isObject,
  type Json,
  keysOf,
  type Severity,
  same,
} from "./spec-diff-changes.ts";
import { diffOperation } from "./spec-diff-operation.ts";
import { referenced, resolveRefs } from "./spec-diff-refs.ts";
import { diffEitherWay } from "./spec-diff-schema.ts";

export { type Bump, bumpFor, type Change, type Severity } from "./spec-diff-changes.ts";
export { resolveRefs } from "./spec-diff-refs.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

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
