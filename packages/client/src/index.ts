export type {
  AdvancedCameraControl,
  AspectRatio,
  Balance,
  CameraControl,
  CatalogModel,
  CreatedGeneration,
  CreateGenerationBody,
  ErrorBody,
  FixedPricing,
  Generation,
  GenerationStatus,
  LegacyGeneration,
  ModelId,
  ModelParameter,
  ModelPricing,
  RequestLogEntry,
  RequestLogPage,
  RequestLogQuery,
  Transaction,
  TransactionQuery,
  VariablePricing,
  VariantPricing,
  VideoDuration,
  VideoModel,
} from "@aimlapi-video/types";
export { ModelCatalogue, VIDEO_MODEL_TYPE } from "./catalogue.js";
export {
  type ClientOptions,
  type CreateOptions,
  type CreateRequestIds,
  type CreateResult,
  createVideoClient,
  DEFAULT_BASE_URL,
  DEFAULT_CATALOGUE_MAX_AGE_MS,
  DEFAULT_LEDGER_MAX_PAGES,
  DEFAULT_LOGS_LIMITS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type GenerateVideoOptions,
  type RequestOptions,
  type RetrieveOptions,
  VideoClient,
  type WaitForGenerationOptions,
} from "./client.js";
export type { Costed, GenerationCost } from "./cost.js";
// The download itself is a subpath (`/download`, `/node`), so the core stays small; its error
// class is here so that one `instanceof` works wherever the error came from.
export { DownloadError, type DownloadFailureReason } from "./download-errors.js";
export * from "./errors.js";
export {
  DEFAULT_LOOKUP_MAX_PAGES,
  DEFAULT_LOOKUP_WINDOW_MS,
  type FindGenerationOptions,
  type LookupResult,
  type LookupScope,
} from "./find-generation.js";
export { type AnyGeneration, type CompletedGeneration, isFinal } from "./generation.js";
export type { HttpAnswer, HttpClient, HttpRequest } from "./http.js";
export {
  createRequestLimiter,
  DEFAULT_LIMITS,
  type LimiterOptions,
  RequestLimiter,
} from "./limiter.js";
// Media inputs are a subpath (`/media`) too, with the catalog; their error class is here as well.
export { MediaInputError, type MediaLimit } from "./media-errors.js";
export {
  DEFAULT_POLL_SCHEDULE,
  MIN_POLL_INTERVAL_MS,
  type PollSchedule,
  type Progress,
} from "./poll.js";
export { type Defaults, type Quote, type QuoteLine, quoteBody } from "./quote.js";
export {
  CLIENT_REQUEST_ID_PATTERN,
  isValidClientRequestId,
  toClientRequestId,
} from "./request-id.js";
export { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
export type { RetryEvent } from "./transport.js";
export { assertValidCreateBody } from "./validate.js";
