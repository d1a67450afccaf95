export type { Engine, PollHandler, PollOutcome, ProblemListener } from "./engine.js";
export {
  CloseTimeoutError,
  CompletionHookError,
  CreatesPausedError,
  LookupFailedError,
  SpendLimitError,
  StoreError,
  StoreLostError,
  TrackerClosedError,
  TrackerError,
  type TrackerErrorOptions,
  UnrecordedCreateError,
  type UnsettledCreate,
} from "./errors.js";
export type { ReconcileOptions, Reconciliation } from "./reconcile.js";
export {
  DEFAULT_LEARN_OPTIONS,
  defaultPlan,
  type LearnOptions,
  learnedPlan,
  meanLag,
  type Observation,
  type PollPlan,
  pollsUntil,
} from "./schedule.js";
export { DEFAULT_SETTLE_OPTIONS, lookupDelay, type SettleOptions } from "./settle.js";
export type { SpendLimitOptions, SpendReport } from "./spend.js";
export { type SqliteStoreOptions, sqliteStore } from "./sqlite.js";
export {
  createTracker,
  profileOf,
  type Submitted,
  Tracker,
  type TrackerOptions,
} from "./tracker.js";
export type {
  AmbiguousEvent,
  CompletedEvent,
  ErrorInfo,
  FailedEvent,
  RecreatedEvent,
  SettledEvent,
  Settlement,
  TrackedGeneration,
  TrackedStatus,
  TrackerEvent,
} from "./types.js";
