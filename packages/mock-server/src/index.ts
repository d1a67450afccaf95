export type { GenerationStatus, LifecycleOptions, Outcome } from "./generations.js";
export { ERROR_PROMPT_MARKER, OUTCOME_HEADER } from "./lifecycle-proxy.js";
export { bundledSpecPath } from "./paths.js";
export { PrismStartError } from "./prism-process.js";
export { type MockServer, type StartOptions, start } from "./start.js";
