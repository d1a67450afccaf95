// The vocabulary of the spec diff: what a change is, how severe, the bump it calls for, and the
// comparison helpers every part of the diff uses (spec-diff.ts reads the pipeline top to bottom).
import { isObject, type Json } from "./openapi.ts";

export { isObject, type Json };

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

/** A request is what the client sends, a response what it reads: the same change cuts both ways. */
export type Direction = "request" | "response";

const DOCS = new Set(["description", "summary", "title", "example", "examples", "externalDocs"]);
export const isDocs = (key: string) => DOCS.has(key) || key.startsWith("x-");

/** JSON with sorted keys, so reordering an object is not a change. */
export const canonical = (value: unknown): string =>
  isObject(value)
    ? `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
        .join(",")}}`
    : Array.isArray(value)
      ? `[${value.map(canonical).join(",")}]`
      : JSON.stringify(value);
export const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
export const show = (value: unknown) => JSON.stringify(value);

export type Add = (severity: Severity, location: string, message: string) => void;

export const SEVERITY_RANK: Severity[] = ["docs", "non-breaking", "flagged", "breaking"];

/** Docs, deprecation, or anything the rules above do not know: flagged for a human to judge. */
export function generic(
  add: Add,
  where: string,
  key: string,
  a: unknown,
  b: unknown,
  docs = isDocs(key),
) {
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

export function keysOf(...objects: Json[]): string[] {
  return [...new Set(objects.flatMap((o) => Object.keys(o ?? {})))];
}
