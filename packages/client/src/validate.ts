import type { BodySchema } from "./body-schema.js";
import { ValidationError } from "./errors.js";
// Types only: the wording of failed validations (validate-issues.ts) is loaded when a body fails.
import type { SchemaValidator } from "./validate-issues.js";

// Loaded on the first validation only: the core bundle carries neither the ids nor the schemas,
// nor the checker, nor (until a body fails) the code that words the issues.
let index:
  | Promise<[typeof import("./generated/validators/index.js"), typeof import("./body-schema.js")]>
  | undefined;
const loaded = new Map<string, SchemaValidator>();

/**
 * Resolves when the body fits the schema of the model it names; otherwise rejects with a
 * ValidationError naming each wrong field once. Only the chunk of that model's vendor is loaded.
 */
export async function assertValidCreateBody(body: unknown): Promise<void> {
  index ??= Promise.all([import("./generated/validators/index.js"), import("./body-schema.js")]);
  const [{ chunks, validators }, { bodyValidator }] = await index;
  const model =
    typeof body === "object" && body !== null ? (body as { model?: unknown }).model : undefined;
  const known = typeof model === "string" && Object.hasOwn(validators, model);
  // Kept once loaded: a dynamic import() of a loaded module still pays for its resolution.
  let validate = known ? loaded.get(model) : undefined;
  if (known && !validate) {
    const [chunk, key] = validators[model] as [number, string];
    const { schemas } = await (chunks[chunk] as (typeof chunks)[number])();
    validate = bodyValidator(schemas[key] as BodySchema);
    loaded.set(model, validate);
  }
  if (validate?.(body)) return;
  const { describeFailure } = await import("./validate-issues.js");
  throw new ValidationError(describeFailure(body, validate, Object.keys(validators)));
}
