import {
  AimlApiError,
  APIUserAbortError,
  DownloadError,
  GenerationFailedError,
  OutOfCreditsError,
  PriceLimitError,
  ValidationError,
  WaitTimeoutError,
} from "@aimlapi-video/client";
import {
  CloseTimeoutError,
  StoreError,
  StoreLostError,
  TrackerError,
} from "@aimlapi-video/tracker";
import { usd } from "./prices.js";

/** The CLI's exit codes; the README's table lists the same. */
export const EXIT = {
  ok: 0,
  /** The generation ended in `error`: no video. */
  generationFailed: 1,
  /** Bad arguments or body: nothing was sent or paid for. */
  usage: 2,
  /** The API or the file host failed, or could not be reached. */
  api: 3,
  /** A wait or a download ran out of time; the generation may still complete. */
  timeout: 4,
  /**
   * A create may or may not have happened (ambiguous), or is still held by another process: the
   * CLI never retries it blindly; `aimlapi-video list` and `resolve` say what to do. `spend`: the
   * ledger and the store disagree, a person should look.
   */
  decision: 5,
  /**
   * The local store failed (full disk, read-only, deleted or replaced): the message says whether
   * anything was sent, and names the generation id when one was paid for.
   */
  store: 6,
  /** `--max-usd`: the quote is above it, or unknown; nothing was sent. */
  priceLimit: 7,
  /** The account is out of credits (a 403): nothing was created until the balance is topped up. */
  outOfCredits: 8,
  /** Ctrl-C (SIGINT) or SIGTERM. */
  interrupted: 130,
} as const;

/** A mistake in the command line, reported with exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A key whose create needs a person's decision (exit code 5); the message says which commands. */
export class DecisionNeeded extends Error {
  override name = "DecisionNeeded";
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof ValidationError) return EXIT.usage;
  if (error instanceof GenerationFailedError) return EXIT.generationFailed;
  if (error instanceof DecisionNeeded) return EXIT.decision;
  if (error instanceof PriceLimitError) return EXIT.priceLimit;
  if (error instanceof OutOfCreditsError) return EXIT.outOfCredits;
  if (error instanceof WaitTimeoutError) return EXIT.timeout;
  if (error instanceof DownloadError && error.reason === "timeout") return EXIT.timeout;
  if (error instanceof APIUserAbortError) return EXIT.interrupted;
  if (
    error instanceof StoreError ||
    error instanceof StoreLostError ||
    error instanceof CloseTimeoutError
  )
    return EXIT.store;
  return EXIT.api;
}

/** One line for a person; the client's messages already say what to do and never hold the key. */
export function describeError(error: unknown): string {
  if (error instanceof ValidationError) {
    const issues = error.issues.map(
      (i) => `  ${flagOfField(i.field)}: expected ${i.expected}, received ${i.received}`,
    );
    return ["Invalid parameters (nothing was sent, nothing was paid):", ...issues].join("\n");
  }
  if (error instanceof PriceLimitError) return describeRefusal(error);
  if (error instanceof WaitTimeoutError) return describeWaitTimeout(error);
  if (error instanceof OutOfCreditsError) return describeOutOfCredits(error);
  if (
    error instanceof AimlApiError ||
    error instanceof UsageError ||
    error instanceof DecisionNeeded ||
    error instanceof TrackerError
  )
    return error.message;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** The client's message names its own options; this one names the CLI's. */
function describeRefusal({ quote, limitUsd }: PriceLimitError): string {
  return quote.status === "priced"
    ? `Not sent: it would cost ≈ ${usd(quote.usd)} (${quote.text}), above --max-usd ${limitUsd}. Nothing was paid.`
    : `Not sent: its price is unknown (${quote.reason}), and --max-usd refuses an unknown price (add --allow-unknown-price to send it anyway). Nothing was paid.`;
}

/** The client's message advises its own API (`waitForGeneration`); the CLI prints its resume line after this. */
function describeWaitTimeout({
  generationId,
  lastGeneration,
  elapsedMs,
}: WaitTimeoutError): string {
  const status = (lastGeneration as { status?: unknown } | undefined)?.status;
  const last = typeof status === "string" ? ` (last seen ${status})` : "";
  return `Gave up waiting for generation ${generationId} after ${Math.round(elapsedMs / 1000)}s${last}; it may still complete: do not create it again.`;
}

/** The API's own words, then what to do; a create's 403 made nothing. */
function describeOutOfCredits(error: OutOfCreditsError): string {
  const said = typeof error.body === "string" ? error.body : error.body?.message;
  const create = error.clientRequestId !== undefined;
  return [
    `Out of credits: the API refused the ${create ? "create" : "request"} (${error.status} ${said ?? "no message"}).`,
    create ? "Nothing was created, nothing was paid." : "",
    "Top up the account's balance, then run the command again.",
  ]
    .filter(Boolean)
    .join(" ");
}

/** `body.aspect_ratio` → `--aspect-ratio`; deeper fields keep their path: `--camera-control.type`. */
function flagOfField(field: string): string {
  const [top, ...rest] = field.replace(/^body\.?/, "").split(".");
  if (!top) return "the body";
  return [`--${top.replaceAll("_", "-")}`, ...rest].join(".");
}
