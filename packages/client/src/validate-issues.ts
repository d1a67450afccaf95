// The wording of a body that failed validation, loaded only then (validate.ts imports it lazily and
// takes only its types otherwise; it imports nothing from validate.ts).
import type { ValidationIssue } from "./errors.js";

/** One failed check, as Ajv reports it (body-schema.ts reports alike). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A model's body validator (body-schema.ts), with Ajv's interface. */
export type SchemaValidator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/**
 * The issues of a body that failed: not an object, an unknown model (with the closest ids), or
 * each wrong field of the model's schema once.
 */
export function describeFailure(
  body: unknown,
  validate: SchemaValidator | undefined,
  known: string[],
): ValidationIssue[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [{ field: "body", expected: "an object with a model", received: describeValue(body) }];
  }
  if (!validate) {
    const model = (body as { model?: unknown }).model;
    const expected =
      typeof model === "string"
        ? `a model the API serves; the closest: ${closest(model, known).join(", ")}`
        : `a model id (string), such as ${known[0]}`;
    return [{ field: "body.model", expected, received: describeValue(model) }];
  }
  return toIssues(validate.errors ?? [], body);
}

/** The known ids nearest to `id` by edit distance, best first. */
export function closest(id: string, known: string[], count = 3): string[] {
  return known
    .map((candidate) => ({ candidate, distance: editDistance(id, candidate) }))
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, count)
    .map((c) => c.candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/** Which of a field's errors says most: a union's, then an enum's, then a type's. */
const RANK: Record<string, number> = { oneOf: 0, anyOf: 0, enum: 1, type: 2 };
const rank = (e: SchemaError) => RANK[e.keyword] ?? 3;

/** One issue per field: Ajv reports a wrong value once per failed keyword and per union member. */
function toIssues(errors: SchemaError[], body: unknown): ValidationIssue[] {
  const located = errors.map((error) => {
    const segments = error.instancePath.split("/").slice(1).map(unescapePointer);
    if (error.keyword === "required") segments.push(String(error.params.missingProperty));
    return { error, segments, pointer: segments.join("/") };
  });
  // Inside a union that failed, the members' own complaints only repeat that it matches none.
  const unions = located.filter((l) => l.error.keyword === "oneOf" || l.error.keyword === "anyOf");
  const kept = located.filter(
    (l) =>
      !unions.some(
        (u) => u !== l && (l.pointer === u.pointer || l.pointer.startsWith(`${u.pointer}/`)),
      ),
  );
  const byField = new Map<string, (typeof kept)[number]>();
  for (const entry of kept) {
    const previous = byField.get(entry.pointer);
    if (!previous || rank(entry.error) < rank(previous.error)) byField.set(entry.pointer, entry);
  }
  return [...byField.values()].map(({ error, segments }) => {
    if (error.keyword === "required") {
      return { field: fieldName(segments), expected: "a value (required)", received: "nothing" };
    }
    const value = segments.reduce<unknown>((v, key) => (v as never)?.[key], body);
    const numeric = errors.some((e) => e.instancePath === error.instancePath && isNumericType(e));
    const hint =
      numeric && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
        ? ` (send a number: ${Number(value)}, not the string ${JSON.stringify(value)})`
        : "";
    return {
      field: fieldName(segments),
      expected: `${describeExpected(error)}${hint}`,
      received: describeValue(value),
    };
  });
}

const isNumericType = (e: SchemaError) =>
  (e.keyword === "type" && /integer|number/.test(String(e.params.type))) ||
  (e.keyword === "enum" &&
    (e.params.allowedValues as unknown[]).some((v) => typeof v === "number"));

function describeExpected({ keyword, params, message }: SchemaError): string {
  switch (keyword) {
    case "enum":
      return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(" | ")}`;
    case "type":
      return `a value of type ${String(params.type)}`;
    case "oneOf":
    case "anyOf":
      return "a value of one of the allowed shapes";
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `a number ${String(params.comparison)} ${String(params.limit)}`;
    case "minLength":
    case "maxLength":
      return `a string of ${keyword === "minLength" ? "at least" : "at most"} ${String(params.limit)} characters`;
    case "minItems":
    case "maxItems":
      return `a list of ${keyword === "minItems" ? "at least" : "at most"} ${String(params.limit)} items`;
    case "format":
      return params.format === "uri"
        ? "an absolute URL, such as https://example.com/image.png"
        : `a string of format ${String(params.format)}`;
    default:
      return message ?? keyword;
  }
}

const fieldName = (segments: string[]) => ["body", ...segments].join(".");
const unescapePointer = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  const json = JSON.stringify(value);
  const shown =
    json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
  return `${shown} (${value === null ? "null" : Array.isArray(value) ? "array" : typeof value})`;
}
