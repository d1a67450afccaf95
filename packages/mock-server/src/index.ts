export {
  type Balance,
  type BillingOptions,
  type ChargeOptions,
  type MockBilling,
  OUT_OF_CREDITS,
  type Transaction,
} from "./billing.js";
export { type CatalogueOptions, mockCatalogue, VIDEO_MODEL_TYPE } from "./catalogue.js";
export type { CatalogueChanges, ModelDocument } from "./docs-json.js";
export { FAULT_HEADER, FaultSyntaxError } from "./faults.js";
export type { GenerationStatus, LifecycleOptions, MockGeneration, Outcome } from "./generations.js";
export {
  BILLING_PATH,
  CREDITS_USED_HEADER,
  ERROR_PROMPT_MARKER,
  GENERATIONS_PATH,
  OUTCOME_HEADER,
  POLL_AFTER_HEADER,
  REQUEST_LOG_PATH,
  USD_SPENT_HEADER,
} from "./mock-server.js";
export { bundledSpecPath, sampleVideoPath } from "./paths.js";
export { type PriceOverride, VARIABLE_PRICE_USD } from "./prices.js";
export { CLIENT_REQUEST_ID_HEADER, INFERENCE_ID_HEADER } from "./request-ids.js";
export { CREDITS_PER_USD, type RequestLogEntry, type RequestLogOptions } from "./request-log.js";
export { type MockServer, type StartOptions, start } from "./start.js";
export { MockStartError } from "./start-error.js";
export { VIDEO_PATH_PREFIX } from "./video-files.js";
