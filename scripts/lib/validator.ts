import { createRequire } from "node:module";
import { Ajv } from "ajv";
import type { OpenApiDocument } from "./specs.ts";

// A CommonJS function export, which TypeScript's NodeNext typing does not see as callable.
const standaloneCode: typeof import("ajv/dist/standalone/index.js").default = createRequire(
  import.meta.url,
)("ajv/dist/standalone");

export const VALIDATOR_FILE = "packages/client/src/generated/validate-create-body.ts";

/**
 * Compiles the create body's schema, taken from the bundle, into standalone validation code, so
 * the client checks bodies against the spec itself without shipping Ajv.
 */
export function renderCreateBodyValidator(bundle: OpenApiDocument): string {
  const post = bundle.paths?.["/v2/video/generations"]?.post as
    | { requestBody?: { content?: Record<string, { schema?: object }> } }
    | undefined;
  const schema = post?.requestBody?.content?.["application/json"]?.schema;
  if (!schema) throw new Error("The bundle has no JSON body for POST /v2/video/generations");

  // strict: false lets the OpenAPI-only keywords (example, nullable without type…) through.
  const ajv = new Ajv({
    code: { source: true, esm: true, lines: true },
    allErrors: true,
    strict: false,
  });
  const code = standaloneCode(ajv, ajv.compile(schema));
  if (/\brequire\(/.test(code)) {
    throw new Error(
      "The create body's validator needs Ajv at run time; the client must not ship it",
    );
  }
  return code;
}
