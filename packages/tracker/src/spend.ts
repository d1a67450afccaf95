import type { Quote } from "@aimlapi-video/client";
import { SpendLimitError } from "./errors.js";
import { nonNegative, positive } from "./options.js";
import type { TrackedGeneration, TrackedStatus } from "./types.js";

export interface SpendLimitOptions {
  /** USD for all the tracker's generations: quotes of creates in flight plus what completed ones cost. */
  totalUsd?: number | undefined;
  /** USD per rolling window (`windowMs`, default 24 h), counted the same way over records submitted in the window. */
  windowUsd?: number | undefined;
  windowMs?: number | undefined;
  /** A create whose price cannot be quoted: "refuse" (default: never guess) or "allow" (counted as 0, and said in the report). */
  unknownPrice?: "refuse" | "allow" | undefined;
}

export interface SpendReport {
  since: number | undefined;
  until: number | undefined;
  /** What completed generations cost (recorded cost, else their quote). */
  spentUsd: number;
  /** Quotes of creates in flight or generations not finished yet (creating, ambiguous, pending). */
  inFlightUsd: number;
  /** Records whose price is unknown (neither a cost nor a priced quote). */
  unknown: number;
  byModel: Record<string, { spentUsd: number; inFlightUsd: number; generations: number }>;
}

/** The statuses that may be charged: failed and rejected generations never are. */
export const CHARGEABLE: readonly TrackedStatus[] = [
  "creating",
  "ambiguous",
  "pending",
  "completed",
];

const DAY = 24 * 60 * 60_000;

/**
 * What the store says a record costs: a completed one what it cost (its recorded cost, else its
 * quote), one in flight its quote, a failed or rejected one nothing (`from: "failed"`: never
 * charged). `usd` is undefined when the price is unknown.
 */
export function priceOf(record: TrackedGeneration): {
  usd: number | undefined;
  from: "cost" | "quote" | "failed";
} {
  if (!CHARGEABLE.includes(record.status)) return { usd: 0, from: "failed" };
  const cost = record.status === "completed" ? record.cost?.usd : undefined;
  if (cost !== undefined) return { usd: cost, from: "cost" };
  return { usd: record.quote?.status === "priced" ? record.quote.usd : undefined, from: "quote" };
}

/** Spend over the records submitted in [since, until] (either end open when undefined). O(records). */
export function spendReport(
  records: readonly TrackedGeneration[],
  since?: number,
  until?: number,
): SpendReport {
  let spentUsd = 0;
  let inFlightUsd = 0;
  let unknown = 0;
  const byModel: SpendReport["byModel"] = {};
  for (const record of records) {
    // A rejected key created nothing: it is no generation.
    if (record.status === "rejected") continue;
    if (since !== undefined && record.submittedAt < since) continue;
    if (until !== undefined && record.submittedAt > until) continue;
    const model = String((record.body as { model?: unknown }).model);
    byModel[model] ??= { spentUsd: 0, inFlightUsd: 0, generations: 0 };
    const line = byModel[model];
    line.generations += 1;
    const { usd } = priceOf(record);
    if (usd === undefined) unknown += 1;
    else if (record.status === "completed") {
      spentUsd += usd;
      line.spentUsd += usd;
    } else {
      inFlightUsd += usd;
      line.inFlightUsd += usd;
    }
  }
  for (const line of Object.values(byModel)) {
    line.spentUsd = roundUsd(line.spentUsd);
    line.inFlightUsd = roundUsd(line.inFlightUsd);
  }
  return {
    since,
    until,
    spentUsd: roundUsd(spentUsd),
    inFlightUsd: roundUsd(inFlightUsd),
    unknown,
    byModel,
  };
}

/** Sums of quotes are kept to the micro-dollar, as quotes are: 0.1 + 0.2 is 0.3, not over it. */
export const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;

const dollars = (usd: number) => `$${Number(usd.toFixed(4))}`;

/** A limit in USD, over every record or (with `windowMs`) those submitted within it. */
interface Limit {
  usd: number;
  windowMs?: number | undefined;
}

/**
 * The spend limit of one tracker: checks a create against what the store's records commit, and
 * runs each check with its claim one at a time, so that two creates of this tracker never both
 * fit in the same room.
 */
export class SpendGuard {
  readonly #limits: Limit[];
  readonly #allowUnknown: boolean;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(limits: Limit[], allowUnknown: boolean) {
    this.#limits = limits;
    this.#allowUnknown = allowUnknown;
  }

  /** The guard for `spendLimit`, or undefined when it sets no limit. */
  static of(options: SpendLimitOptions | undefined): SpendGuard | undefined {
    if (options === undefined) return undefined;
    const { unknownPrice = "refuse" } = options;
    if (unknownPrice !== "refuse" && unknownPrice !== "allow") {
      throw new TypeError(
        `Invalid spendLimit.unknownPrice: expected "refuse" or "allow", received ${JSON.stringify(unknownPrice)}.`,
      );
    }
    const windowMs = positive("spendLimit.windowMs", options.windowMs, DAY);
    const limits: Limit[] = [];
    const total = nonNegative("spendLimit.totalUsd", options.totalUsd, undefined);
    const window = nonNegative("spendLimit.windowUsd", options.windowUsd, undefined);
    if (total !== undefined) limits.push({ usd: total });
    if (window !== undefined) limits.push({ usd: window, windowMs });
    return limits.length > 0 ? new SpendGuard(limits, unknownPrice === "allow") : undefined;
  }

  /** Runs `task` once every task queued before it has finished. */
  serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Throws `SpendLimitError` when a create of `key` at `quote`, at `now`, would take what the
   * other records commit over a limit, or when its price is unknown and unknown prices are
   * refused. The key's own record does not count: the create replaces it.
   */
  check(key: string, quote: Quote, records: readonly TrackedGeneration[], now: number): void {
    const others = records.filter((record) => record.key !== key);
    // An unknown price, when allowed, counts as nothing: it still does not fit a limit already full.
    const price = quote.status === "priced" ? quote.usd : this.#allowUnknown ? 0 : undefined;
    for (const limit of this.#limits) {
      const since = limit.windowMs === undefined ? undefined : now - limit.windowMs;
      const { spentUsd, inFlightUsd } = spendReport(others, since);
      const committedUsd = roundUsd(spentUsd + inFlightUsd);
      if (price !== undefined && roundUsd(committedUsd + price) <= limit.usd) continue;
      throw new SpendLimitError(refusal(key, quote, price !== undefined, committedUsd, limit), {
        key,
        limitUsd: limit.usd,
        committedUsd,
        quote,
      });
    }
  }
}

/** Why a create was refused: the limit (total or window), what was committed, and the quote. */
function refusal(
  key: string,
  quote: Quote,
  counted: boolean,
  committedUsd: number,
  limit: Limit,
): string {
  const ms = limit.windowMs;
  const span =
    ms === undefined
      ? undefined
      : ms >= 3_600_000
        ? `${Number((ms / 3_600_000).toFixed(2))} h`
        : `${Number((ms / 1000).toFixed(3))} s`;
  const against = `the ${span ? `spend limit per ${span} window` : "total spend limit"} of ${dollars(limit.usd)}`;
  const committed = `${dollars(committedUsd)} committed (what completed generations cost plus the quotes of creates in flight)`;
  const head = `The create of key ${key} was not sent:`;
  if (quote.status === "priced") {
    return `${head} its quote, ${dollars(quote.usd)} (${quote.text}), on top of ${committed}, is over ${against}. Submit it again once there is room, or raise the limit.`;
  }
  if (!counted) {
    return `${head} its price cannot be quoted (${quote.reason}), and spendLimit.unknownPrice is "refuse" (${committed}, against ${against}). Set unknownPrice: "allow" to count such creates as $0.`;
  }
  return `${head} its price cannot be quoted (${quote.reason}) and counts as $0, but ${committed} is already over ${against}.`;
}
