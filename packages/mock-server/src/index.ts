export { FAULT_HEADER, FaultSyntaxError } from "./faults.js";
export type { GenerationStatus, LifecycleOptions, MockGeneration, Outcome } from "./generations.js";
export {
  ERROR_PROMPT_MARKER,
  GENERATIONS_PATH,
  OUTCOME_HEADER,
  POLL_AFTER_HEADER,
  REQUEST_LOG_PATH,
} from "./mock-server.js";
export { bundledSpecPath, sampleVideoPath } from "./paths.js";
export { MockStartError } from "./prism.js";
export { CLIENT_REQUEST_ID_HEADER, INFERENCE_ID_HEADER } from "./request-ids.js";
export { CREDITS_PER_USD, type RequestLogEntry, type RequestLogOptions } from "./request-log.js";
export { type MockServer, type StartOptions, start } from "./start.js";
export { VIDEO_PATH_PREFIX } from "./video-files.js";
