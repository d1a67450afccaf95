import type { CreateGenerationBody } from "@aimlapi-video/types";
import { ValidationError, type ValidationIssue } from "./errors.js";
import { validate as validateSchema } from "./generated/validate-create-body.js";

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const check = validateSchema as unknown as ((data: unknown) => boolean) & {
  errors?: SchemaError[] | null;
};

/** Throws a ValidationError naming every field that breaks the spec's schema for the create body. */
export function assertValidCreateBody(body: unknown): asserts body is CreateGenerationBody {
  if (check(body)) return;
  throw new ValidationError((check.errors ?? []).map((error) => toIssue(error, body)));
}

function toIssue(error: SchemaError, body: unknown): ValidationIssue {
  const segments = error.instancePath.split("/").slice(1).map(unescapePointer);
  const { params } = error;
  if (error.keyword === "required") {
    const missing = String(params.missingProperty);
    return {
      field: fieldName([...segments, missing]),
      expected: "a value (required)",
      received: "nothing",
    };
  }
  return {
    field: fieldName(segments),
    expected: describeExpected(error),
    received: describeValue(
      segments.reduce<unknown>((value, key) => (value as never)?.[key], body),
    ),
  };
}

function describeExpected({ keyword, params, message }: SchemaError): string {
  switch (keyword) {
    case "enum":
      return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(" | ")}`;
    case "type":
      return `a value of type ${String(params.type)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `a number ${String(params.comparison)} ${String(params.limit)}`;
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
