import { createHash } from "node:crypto";
import type { Balance, Transaction, TransactionPage } from "@aimlapi-video/types";
import { checkOption } from "./check-option.js";
import { CREDITS_PER_USD } from "./request-log.js";

export type { Balance, Transaction };

export interface BillingOptions {
  /** The balance at start, in USD, written to the ledger as an `INIT` top-up. Default 1,000. */
  balanceUsd?: number;
}

/** The balance and the ledger, as `mock.billing()` and `GET /__mock/billing` show them. */
export interface MockBilling {
  balanceUsd: number;
  /** Every entry, newest first, as `GET /v2/billing/transactions` lists them. */
  transactions: Transaction[];
}

/** A charge made behind the SDK's back, as `mock.charge()` takes it. */
export interface ChargeOptions {
  usd: number;
  /** Default `MODEL_USAGE`. */
  type?: Extract<Transaction["type"], "MODEL_USAGE" | "ADJUSTMENT" | "CREDITS_EXPIRED">;
  model?: string | null;
  /** For `MODEL_USAGE`, the generation id. */
  referenceId?: string | null;
}

interface Entry {
  transaction: Transaction;
  /** Date.now() when it was written. */
  at: number;
  /** Orders entries written in the same millisecond. */
  seq: number;
}

/** Where a page ends, and which filters it was for. */
interface Cursor {
  f: string;
  at: number;
  seq: number;
}

/** The API's words, from the spec's example of the 403. */
export const OUT_OF_CREDITS =
  "You've run out of credits. Please top up your balance or update your payment method to continue.";
// Bounds the memory of a long-running mock; the oldest are forgotten first.
const MAX_ENTRIES = 10_000;
const MAX_GENERATIONS = 10_000;
const DEFAULT_LIMIT = 50;
const FILTERS = ["from", "to", "direction", "type"] as const;

const creditsOf = (usd: number) => Math.round(usd * CREDITS_PER_USD);

/**
 * The account's money: a balance and its ledger. A generation is charged its price once, when the
 * mock first reports it `completed`; one that fails is never charged.
 */
export class Billing {
  // In credits, whole numbers, so that many small charges add up exactly.
  #credits: number;
  // By time written, oldest first.
  readonly #entries: Entry[] = [];
  // The price of each generation, until and after it is charged.
  readonly #generations = new Map<string, { model: string; usd: number; charged: boolean }>();
  #seq = 0;
  readonly #now: () => number;

  // Date.now is looked up at each call, so that a test's fake clock reaches it.
  constructor(options: BillingOptions = {}, now: () => number = () => Date.now()) {
    const { balanceUsd = 1_000 } = options;
    checkOption(
      "balanceUsd",
      balanceUsd,
      Number.isFinite(balanceUsd) && balanceUsd >= 0,
      "at least 0",
    );
    this.#now = now;
    this.#credits = 0;
    if (balanceUsd > 0) this.#write("TOPUP", "INIT", balanceUsd);
  }

  balance(): Balance {
    return { current_balance: this.#credits / CREDITS_PER_USD, currency: "USD" };
  }

  /**
   * Whether the balance covers a create of this price. Generations not charged yet hold nothing
   * back: their charges can take the balance below zero, as charging after completion can.
   */
  canPay(usd: number): boolean {
    return creditsOf(usd) <= this.#credits;
  }

  /** Remembers the price of a new generation, charged once it is reported completed. */
  open(id: string, model: string, usd: number): void {
    this.#generations.set(id, { model, usd, charged: false });
    if (this.#generations.size > MAX_GENERATIONS) {
      this.#generations.delete(this.#generations.keys().next().value ?? "");
    }
  }

  /**
   * Charges a generation reported completed, once: debits its price and writes its `MODEL_USAGE`
   * entry. Returns what it cost (0 for one this billing does not know).
   */
  complete(id: string): number {
    const generation = this.#generations.get(id);
    if (!generation) return 0;
    if (!generation.charged) {
      generation.charged = true;
      this.#write("CHARGE", "MODEL_USAGE", generation.usd, generation.model, id);
    }
    return generation.usd;
  }

  /** A payment: adds `usd` to the balance. */
  topUp(usd: number): void {
    checkAmount("topUp", usd);
    this.#write("TOPUP", "PAYMENT", usd);
  }

  /** A charge that no generation of this mock made, e.g. one another client's request caused. */
  charge({ usd, type = "MODEL_USAGE", model = null, referenceId = null }: ChargeOptions): void {
    checkAmount("charge", usd);
    this.#write("CHARGE", type, usd, model, referenceId);
  }

  snapshot(): MockBilling {
    return {
      balanceUsd: this.balance().current_balance,
      transactions: this.#entries.map((entry) => structuredClone(entry.transaction)).reverse(),
    };
  }

  /**
   * The page `GET /v2/billing/transactions` answers for a query Prism has checked, newest first;
   * or why the query is refused (a 400). The cursor names the last entry given and the filters,
   * so that entries written between two pages neither repeat nor go missing.
   */
  page(query: URLSearchParams): TransactionPage | string {
    const from = dateOf(query.get("from"), -Infinity);
    const to = dateOf(query.get("to"), Infinity);
    if (Number.isNaN(from) || Number.isNaN(to)) return "from and to must be ISO 8601 date-times";
    if (from > to) return "from must not be after to";
    const direction = query.get("direction");
    const type = query.get("type");
    const fingerprint = createHash("sha256")
      .update(JSON.stringify(FILTERS.map((name) => query.get(name))))
      .digest("base64url")
      .slice(0, 12);
    const raw = query.get("cursor");
    const after = raw === null ? undefined : cursorOf(raw);
    if (after === undefined && raw !== null) {
      return "cursor is not one this API gave: send pagination.next_cursor back exactly as received";
    }
    if (after !== undefined && after.f !== fingerprint) {
      return "cursor belongs to a query with other filters: keep from, to, direction and type while paging";
    }
    const limit = Number(query.get("limit") ?? DEFAULT_LIMIT);
    const data: Transaction[] = [];
    let last: Entry | undefined;
    let more = false;
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i] as Entry;
      if (after && (entry.at > after.at || (entry.at === after.at && entry.seq >= after.seq))) {
        continue;
      }
      const { transaction } = entry;
      if (entry.at < from || entry.at > to) continue;
      if (direction !== null && transaction.direction !== direction) continue;
      if (type !== null && transaction.type !== type) continue;
      if (data.length === limit) {
        more = true;
        break;
      }
      data.push(structuredClone(transaction));
      last = entry;
    }
    const next = more && last ? encode({ f: fingerprint, at: last.at, seq: last.seq }) : null;
    return { data, pagination: { next_cursor: next } };
  }

  #write(
    direction: Transaction["direction"],
    type: Transaction["type"],
    usd: number,
    model: string | null = null,
    referenceId: string | null = null,
  ): void {
    const credits = creditsOf(usd);
    this.#credits += direction === "TOPUP" ? credits : -credits;
    // Amounts are always positive: a free generation moves no money and writes nothing.
    if (credits === 0) return;
    const at = this.#now();
    const entry: Entry = {
      at,
      seq: this.#seq++,
      transaction: {
        created_at: new Date(at).toISOString(),
        direction,
        type,
        amount: { usd, credits },
        model,
        reference_id: referenceId,
      },
    };
    // A fake clock may go back: keep the ledger in time order.
    let index = this.#entries.length;
    while (index > 0 && (this.#entries[index - 1]?.at ?? 0) > at) index--;
    this.#entries.splice(index, 0, entry);
    if (this.#entries.length > MAX_ENTRIES) this.#entries.shift();
  }
}

function checkAmount(name: string, usd: number): void {
  checkOption(`${name} usd`, usd, Number.isFinite(usd) && usd > 0, "above 0");
}

/** The time of a `from` or `to` that Prism checked; NaN for one no Date holds (a leap second). */
function dateOf(value: string | null, absent: number): number {
  return value === null ? absent : Date.parse(value);
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

/** The cursor a `next_cursor` holds; undefined for anything but one sent back as it was given. */
function cursorOf(raw: string): Cursor | undefined {
  let parsed: Partial<Cursor>;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const { f, at, seq } = parsed;
  if (typeof f !== "string" || !Number.isFinite(at) || !Number.isInteger(seq)) return undefined;
  const cursor = { f, at: at as number, seq: seq as number };
  return encode(cursor) === raw ? cursor : undefined;
}
