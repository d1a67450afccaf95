// Local references: which components the operations use, and the document with them inlined, so
// that a change in a shared component shows where it is used.
import type { OpenApiDocument } from "./openapi.ts";
import { isObject } from "./spec-diff-changes.ts";

const lookup = (doc: unknown, ref: string) =>
  ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), doc);

/** The local `$ref`s reachable from the document's operations. */
export function referenced(doc: OpenApiDocument): Set<string> {
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
