// Checks a body against its model's schema, kept as data (src/generated/validators/): one small
// interpreter for the part of JSON Schema the bundled specs use, instead of compiled code per
// model. It reports what Ajv (allErrors, strict: false) reports, in Ajv's order, so that
// validate-issues.ts words its failures alike; body-schema.test.ts compares the two on random
// bodies. The generator refuses a schema with a keyword this file does not know.
import type { SchemaError, SchemaValidator } from "./validate-issues.js";

/** A model body's schema as the generator writes it: only the keywords checked here. */
export interface BodySchema {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object" | "null";
  nullable?: boolean;
  enum?: unknown[];
  anyOf?: BodySchema[];
  oneOf?: BodySchema[];
  maximum?: number;
  minimum?: number;
  exclusiveMaximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  format?: "uri";
  maxItems?: number;
  minItems?: number;
  items?: BodySchema;
  required?: string[];
  properties?: Record<string, BodySchema>;
}

/** A validator of `schema` with Ajv's interface: true or false, the errors on `errors`. */
export function bodyValidator(schema: BodySchema): SchemaValidator {
  const check = compile(schema);
  const validate: SchemaValidator = (data) => {
    const errors: SchemaError[] = [];
    check(data, "", errors);
    validate.errors = errors.length > 0 ? errors : null;
    return errors.length === 0;
  };
  return validate;
}

type Group = "number" | "string" | "array" | "object";
// Ajv checks the keywords in groups, each group only for data of its type, in this order.
const GROUPS: [Group, (keyof BodySchema)[]][] = [
  ["number", ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "format"]],
  ["string", ["maxLength", "minLength", "pattern", "format"]],
  ["array", ["maxItems", "minItems", "items"]],
  ["object", ["required", "properties"]],
];
/** Each bound with what Ajv reports as its comparison and when it fails (NaN fails them all). */
const LIMITS: [keyof BodySchema, string, (n: number, limit: number) => boolean][] = [
  ["maximum", "<=", (n, limit) => n > limit],
  ["minimum", ">=", (n, limit) => n < limit],
  ["exclusiveMaximum", "<", (n, limit) => n >= limit],
  ["exclusiveMinimum", ">", (n, limit) => n <= limit],
];

function isType(type: string, data: unknown): boolean {
  switch (type) {
    case "null":
      return data === null;
    case "integer":
      return typeof data === "number" && !(data % 1) && !Number.isNaN(data);
    case "array":
      return Array.isArray(data);
    case "object":
      return typeof data === "object" && data !== null && !Array.isArray(data);
    default:
      return typeof data === type;
  }
}

type Check = (data: unknown, path: string, errors: SchemaError[]) => void;

/**
 * The schema turned once into a check: what depends on the schema alone (its types, the keyword
 * groups it uses, the JSON pointers of its fields) is worked out here, not at every body.
 */
function compile(schema: BodySchema): Check {
  const types = schema.type ? [schema.type] : [];
  if (schema.nullable === true && types.length > 0 && !types.includes("null")) types.push("null");
  const groups = GROUPS.filter(([, keywords]) => keywords.some((k) => k in schema)).map(
    ([type]) => type,
  );
  // A single type whose group has keywords here is checked with that group; any other up front.
  const inGroup = types.length === 1 && groups.includes(types[0] as Group);
  const combined = (["anyOf", "oneOf"] as const).flatMap((keyword) => {
    const members = schema[keyword];
    return members ? [{ keyword, members: members.map(compile) }] : [];
  });
  const limits = LIMITS.filter(([keyword]) => schema[keyword] !== undefined);
  const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern, "u");
  const items = schema.items && compile(schema.items);
  const properties = Object.entries(schema.properties ?? {}).map(
    ([name, property]) => [name, `/${toPointer(name)}`, compile(property)] as const,
  );

  return (data, path, errors) => {
    const fail = (keyword: string, params: Record<string, unknown>, message?: string) =>
      errors.push({ instancePath: path, keyword, params, ...(message && { message }) });
    if (types.length > 0 && !inGroup && !types.some((t) => isType(t, data))) {
      fail("type", { type: schema.type });
    }
    if (schema.enum && !schema.enum.some((v) => v === data)) {
      fail("enum", { allowedValues: schema.enum });
    }
    for (const { keyword, members } of combined) {
      const before = errors.length;
      const passing: number[] = [];
      for (const [i, member] of members.entries()) {
        const own = errors.length;
        member(data, path, errors);
        if (errors.length === own) passing.push(i);
        if (keyword === "anyOf" && passing.length > 0) break; // Ajv stops at the first that fits
      }
      if (keyword === "anyOf" ? passing.length > 0 : passing.length === 1) errors.length = before;
      else
        fail(
          keyword,
          keyword === "anyOf" ? {} : { passingSchemas: passing.length ? passing : null },
        );
    }

    for (const type of groups) {
      if (!isType(type, data)) {
        if (inGroup && types[0] === type) fail("type", { type: schema.type });
        continue;
      }
      if (type === "number") {
        const n = data as number;
        for (const [keyword, comparison, fails] of limits) {
          const limit = schema[keyword] as number;
          if (fails(n, limit) || Number.isNaN(n)) fail(keyword, { comparison, limit });
        }
      } else if (type === "string") {
        const value = data as string;
        if (schema.maxLength !== undefined || schema.minLength !== undefined) {
          const length = codePoints(value);
          if (schema.maxLength !== undefined && length > schema.maxLength) {
            fail("maxLength", { limit: schema.maxLength });
          }
          if (schema.minLength !== undefined && length < schema.minLength) {
            fail("minLength", { limit: schema.minLength });
          }
        }
        if (pattern && !pattern.test(value)) {
          fail("pattern", { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`);
        }
        if (schema.format === "uri" && !isUri(value)) fail("format", { format: "uri" });
      } else if (type === "array") {
        const list = data as unknown[];
        if (schema.maxItems !== undefined && list.length > schema.maxItems) {
          fail("maxItems", { limit: schema.maxItems });
        }
        if (schema.minItems !== undefined && list.length < schema.minItems) {
          fail("minItems", { limit: schema.minItems });
        }
        if (items) for (let i = 0; i < list.length; i++) items(list[i], `${path}/${i}`, errors);
      } else {
        const object = data as Record<string, unknown>;
        // Ajv asks `!== undefined`, not whether the object has the field as its own.
        for (const name of schema.required ?? []) {
          if (object[name] === undefined) fail("required", { missingProperty: name });
        }
        for (const [name, pointer, property] of properties) {
          const value = object[name];
          if (value !== undefined) property(value, path + pointer, errors);
        }
      }
    }
  };
}

const toPointer = (name: string) => name.replace(/~/g, "~0").replace(/\//g, "~1");

/** The length of a string in code points, as JSON Schema counts minLength/maxLength. */
function codePoints(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; length++) {
    const code = value.charCodeAt(i++);
    if (code >= 0xd800 && code <= 0xdbff && i < value.length) {
      const next = value.charCodeAt(i);
      if ((next & 0xfc00) === 0xdc00) i++; // a surrogate pair is one code point
    }
  }
  return length;
}

/**
 * `format: uri`: an absolute URL or URI whose scheme has two letters or more (one letter is a
 * Windows drive, `C:`), that the platform's URL parser accepts. A data: URI is checked by its
 * head alone: the parser would copy megabytes of Base64 to say yes.
 */
export function isUri(value: string): boolean {
  if (/^data:/i.test(value)) return /^data:[^,]*,/i.test(value);
  return /^[a-z][a-z\d+.-]+:/i.test(value) && URL.canParse(value);
}
