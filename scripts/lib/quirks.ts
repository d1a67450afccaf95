// What the vendor really publishes, made usable in the bundle. The source files are never changed:
// each fix applies to a copy and is reported, so a maintainer sees what the vendor got wrong.
import { isDeepStrictEqual } from "node:util";
import { Ajv } from "ajv";
import {
  isObject,
  type Json,
  type OpenApiDocument,
  type QuirkWarning,
  segment,
} from "./openapi.ts";

export type { QuirkWarning };

/** A schema that accepts only null, the OpenAPI 3.0 way (3.0 has no `type: "null"`). */
export const NULL_ONLY = { type: "string", nullable: true, enum: [null] } as const;

/**
 * Fixes the vendor's known quirks in place (call it on a copy) and returns one warning per fix.
 * Structural fixes come first, so that examples are then checked against the fixed schemas.
 */
export function normaliseQuirks(doc: OpenApiDocument, file: string): QuirkWarning[] {
  const warnings: QuirkWarning[] = [];
  const warn = (path: string, message: string) => warnings.push({ file, path, message });

  for (const [name, scheme] of Object.entries(doc.components?.securitySchemes ?? {})) {
    if (isObject(scheme) && scheme.type === "http" && "in" in scheme) {
      delete scheme.in;
      warn(
        `$.components.securitySchemes${segment(name)}.in`,
        "`in` on an http security scheme (only apiKey schemes have it): removed",
      );
    }
  }
  walkSchemas(doc, "$", (schema, path) => fixSchema(schema, path, warn));
  dropInvalidExamples(doc, warn);
  return warnings;
}

function fixSchema(schema: Json, path: string, warn: (path: string, message: string) => void) {
  const numeric = schema.type === "integer" || schema.type === "number";
  if (numeric && typeof schema.default === "string") {
    const value = Number(schema.default);
    const usable =
      schema.default.trim() !== "" &&
      Number.isFinite(value) &&
      (schema.type === "number" || Number.isInteger(value)) &&
      (!Array.isArray(schema.enum) || schema.enum.includes(value));
    warn(
      `${path}.default`,
      usable
        ? `string default ${JSON.stringify(schema.default)} for a${schema.type === "integer" ? "n" : ""} ${schema.type}: ${value} in the bundle`
        : `string default ${JSON.stringify(schema.default)} is not a valid ${schema.type}: removed`,
    );
    if (usable) schema.default = value;
    else delete schema.default;
  }
  if (
    Array.isArray(schema.enum) &&
    schema.default !== undefined &&
    !schema.enum.some((value) => isDeepStrictEqual(value, schema.default))
  ) {
    warn(
      `${path}.default`,
      `default ${JSON.stringify(schema.default)} is not in the enum: removed`,
    );
    delete schema.default;
  }
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      if (!isObject(property) || typeof property.required !== "boolean") continue;
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      if (property.required && !required.includes(name)) schema.required = [...required, name];
      delete property.required;
      warn(
        `${path}.properties${segment(name)}.required`,
        "`required: true|false` on a property (Swagger 2 style): moved to the object's `required` list",
      );
    }
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    const members = schema[key];
    if (!Array.isArray(members)) continue;
    members.forEach((member, index) => {
      if (isObject(member) && member.nullable === true && member.type === undefined) {
        members[index] = { ...member, ...NULL_ONLY };
        warn(
          `${path}.${key}[${index}]`,
          "`nullable` without `type` as a union member (meaning: or null): the null-only schema { type: string, nullable: true, enum: [null] }",
        );
      }
    });
  }
  if (schema.nullable === true && schema.type === undefined && !isNullOnly(schema)) {
    delete schema.nullable;
    warn(
      `${path}.nullable`,
      "`nullable` without `type` (a schema without type already accepts null): removed",
    );
  }
}

const isNullOnly = (schema: Json) =>
  Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null;

/** Calls `visit` on every schema object of the document, depth first, parents before children. */
export function walkSchemas(
  doc: OpenApiDocument,
  root: string,
  visit: (schema: Json, path: string) => void,
) {
  const walk = (schema: unknown, path: string) => {
    if (!isObject(schema)) return;
    visit(schema, path);
    if (isObject(schema.properties)) {
      for (const [name, property] of Object.entries(schema.properties)) {
        walk(property, `${path}.properties${segment(name)}`);
      }
    }
    for (const key of ["items", "additionalProperties", "not"]) {
      walk(schema[key], `${path}.${key}`);
    }
    for (const key of ["anyOf", "oneOf", "allOf"]) {
      const members = schema[key];
      if (!Array.isArray(members)) continue;
      members.forEach((m, i) => {
        walk(m, `${path}.${key}[${i}]`);
      });
    }
  };
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    walk(schema, `${root}.components.schemas${segment(name)}`);
  }
  for (const [media, path] of mediaTypes(doc, root)) walk(media.schema, `${path}.schema`);
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = isObject(op) && Array.isArray(op.parameters) ? op.parameters : [];
      parameters.forEach((parameter, i) => {
        if (isObject(parameter)) {
          walk(parameter.schema, `${root}.paths${segment(p)}.${method}.parameters[${i}].schema`);
        }
      });
    }
  }
}

/** Every media type object (request bodies and responses) with its JSON path. */
function* mediaTypes(doc: OpenApiDocument, root: string): Generator<[Json, string]> {
  const inContent = function* (holder: unknown, path: string): Generator<[Json, string]> {
    if (!isObject(holder) || !isObject(holder.content)) return;
    for (const [type, media] of Object.entries(holder.content)) {
      if (isObject(media)) yield [media, `${path}.content${segment(type)}`];
    }
  };
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op)) continue;
      const at = `${root}.paths${segment(p)}.${method}`;
      yield* inContent(op.requestBody, `${at}.requestBody`);
      for (const [status, response] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        yield* inContent(response, `${at}.responses${segment(status)}`);
      }
    }
  }
  for (const [name, response] of Object.entries(doc.components?.responses ?? {})) {
    yield* inContent(response, `${root}.components.responses${segment(name)}`);
  }
}

/**
 * Removes examples that fail their own schema (an enum value the vendor forgot, a status such as
 * "succeeded" outside the documented enum): a mock serving them or a test trusting them would lie.
 */
function dropInvalidExamples(doc: OpenApiDocument, warn: (path: string, message: string) => void) {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, logger: false });
  const components = doc.components ?? {};
  const check = (schema: unknown, value: unknown): string | undefined => {
    if (!isObject(schema)) return undefined;
    try {
      // Local $refs (#/components/...) resolve against the document's components.
      const validate = ajv.compile({ ...schema, components });
      if (validate(value)) return undefined;
      const [error] = validate.errors ?? [];
      return `${error?.instancePath || "the value"} ${error?.message ?? "is invalid"}`;
    } catch {
      return undefined; // a schema Ajv cannot compile is the linter's to report, not an example's
    }
  };

  walkSchemas(doc, "$", (schema, path) => {
    if (!("example" in schema)) return;
    const { example, ...rest } = schema;
    const problem = check(rest, example);
    if (problem) {
      delete schema.example;
      warn(`${path}.example`, `example fails its schema (${problem}): removed`);
    }
  });
  for (const [media, path] of mediaTypes(doc, "$")) {
    if ("example" in media) {
      const problem = check(media.schema, media.example);
      if (problem) {
        delete media.example;
        warn(`${path}.example`, `example fails its schema (${problem}): removed`);
      }
    }
    if (!isObject(media.examples)) continue;
    for (const [name, example] of Object.entries(media.examples)) {
      if (!isObject(example) || !("value" in example)) continue;
      const problem = check(media.schema, example.value);
      if (problem) {
        delete media.examples[name];
        warn(`${path}.examples${segment(name)}`, `example fails its schema (${problem}): removed`);
      }
    }
    if (Object.keys(media.examples).length === 0) delete media.examples;
  }
}
