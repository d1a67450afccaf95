// Vitest setup: imports the chunks the client loads lazily (the wording of error answers and of
// failed validations, redaction, the model validators) before any test fakes the clock, because a module's
// first dynamic import does not finish under vitest's fake timers.
import { BODY } from "./fake-fetch.js";

await Promise.all([
  import("../src/responses.js"),
  import("../src/validate-issues.js"),
  import("../src/redact.js"),
]);
const { assertValidCreateBody } = await import("../src/validate.js");
await assertValidCreateBody(BODY);
