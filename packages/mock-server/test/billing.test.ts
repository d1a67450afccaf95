// The balance and the ledger on their own, with a fake clock: charges, top-ups, and the pages of
// GET /v2/billing/transactions with their filters and cursors.
import type { Transaction } from "@aimlapi-video/types";
import { describe, expect, it } from "vitest";
import { Billing, type BillingOptions } from "../src/billing.js";

// 2026-12-01T00:00:00Z, so that from/to read as dates.
const T0 = Date.UTC(2026, 11, 1);
const MINUTE = 60_000;

function billingWith(options: BillingOptions = {}) {
  let now = T0;
  const billing = new Billing(options, () => now);
  const page = (query = "") => billing.page(new URLSearchParams(query));
  return {
    billing,
    page,
    advance: (ms: number) => (now += ms),
    setNow: (at: number) => (now = at),
  };
}

/** Every entry a query pages through, following next_cursor; the pages' sizes too. */
function pageThrough(
  page: (query: string) => ReturnType<Billing["page"]>,
  query: string,
  from: string | null = null,
) {
  const entries: Transaction[] = [];
  const sizes: number[] = [];
  let cursor = from;
  do {
    const answer = page(cursor === null ? query : `${query}&cursor=${encodeURIComponent(cursor)}`);
    if (typeof answer === "string") throw new Error(answer);
    entries.push(...answer.data);
    sizes.push(answer.data.length);
    cursor = answer.pagination.next_cursor;
  } while (cursor !== null && sizes.length < 100);
  return { entries, sizes };
}

describe("Billing", () => {
  it("starts with its balance, written as an INIT top-up", () => {
    const { billing } = billingWith({ balanceUsd: 25 });
    expect(billing.balance()).toEqual({ current_balance: 25, currency: "USD" });
    expect(billing.snapshot()).toEqual({
      balanceUsd: 25,
      transactions: [
        {
          created_at: "2026-12-01T00:00:00.000Z",
          direction: "TOPUP",
          type: "INIT",
          amount: { usd: 25, credits: 50_000_000 },
          model: null,
          reference_id: null,
        },
      ],
    });
    expect(billingWith().billing.balance().current_balance).toBe(1_000);
    // Amounts are always positive: an empty account starts with no entry.
    expect(billingWith({ balanceUsd: 0 }).billing.snapshot().transactions).toEqual([]);
  });

  it("charges a generation once, when it completes, under its id and model", () => {
    const { billing, advance } = billingWith({ balanceUsd: 10 });
    billing.open("gen-1", "veo", 0.8);
    expect(billing.balance().current_balance).toBe(10);
    advance(MINUTE);
    expect(billing.complete("gen-1")).toBe(0.8);
    expect(billing.complete("gen-1")).toBe(0.8);
    expect(billing.balance().current_balance).toBe(9.2);
    expect(billing.snapshot().transactions[0]).toEqual({
      created_at: "2026-12-01T00:01:00.000Z",
      direction: "CHARGE",
      type: "MODEL_USAGE",
      amount: { usd: 0.8, credits: 1_600_000 },
      model: "veo",
      reference_id: "gen-1",
    });
    expect(billing.snapshot().transactions).toHaveLength(2);
    expect(billing.complete("unknown")).toBe(0);
  });

  it("adds up many small amounts exactly, in credits", () => {
    const { billing } = billingWith({ balanceUsd: 1 });
    for (let i = 0; i < 10; i++) billing.charge({ usd: 0.1 });
    expect(billing.balance().current_balance).toBe(0);
  });

  it("can pay up to its balance; what is created but not charged holds nothing back", () => {
    const { billing } = billingWith({ balanceUsd: 1 });
    expect(billing.canPay(1)).toBe(true);
    expect(billing.canPay(1.000001)).toBe(false);
    billing.open("a", "veo", 0.8);
    billing.open("b", "veo", 0.8);
    expect(billing.canPay(0.8)).toBe(true);
    billing.complete("a");
    billing.complete("b");
    expect(billing.balance().current_balance).toBe(-0.6);
    expect(billing.canPay(0)).toBe(false);
  });

  it("writes top-ups and charges made behind the SDK's back", () => {
    const { billing } = billingWith({ balanceUsd: 1 });
    billing.topUp(4);
    billing.charge({ usd: 0.25, model: "veo", referenceId: "gen-x" });
    billing.charge({ usd: 0.5, type: "CREDITS_EXPIRED" });
    expect(billing.balance().current_balance).toBe(4.25);
    expect(billing.snapshot().transactions.map((t) => [t.direction, t.type, t.amount.usd])).toEqual(
      [
        ["CHARGE", "CREDITS_EXPIRED", 0.5],
        ["CHARGE", "MODEL_USAGE", 0.25],
        ["TOPUP", "PAYMENT", 4],
        ["TOPUP", "INIT", 1],
      ],
    );
    expect(billing.snapshot().transactions[1]).toMatchObject({
      model: "veo",
      reference_id: "gen-x",
    });
  });

  it.each([
    [() => new Billing({ balanceUsd: -1 }), "balanceUsd must be a number at least 0; received -1"],
    [() => new Billing({ balanceUsd: Number.NaN }), "balanceUsd must be a number at least 0"],
    [() => new Billing().topUp(0), "topUp usd must be a number above 0; received 0"],
    [() => new Billing().charge({ usd: -2 }), "charge usd must be a number above 0; received -2"],
  ])("refuses amounts that are no amount, naming them (%#)", (call, message) => {
    expect(call).toThrow(message);
  });

  it("keeps time order when the clock goes back", () => {
    const { billing, setNow } = billingWith({ balanceUsd: 1 });
    setNow(T0 + 2 * MINUTE);
    billing.charge({ usd: 0.1, referenceId: "later" });
    setNow(T0 + MINUTE);
    billing.charge({ usd: 0.1, referenceId: "earlier" });
    expect(billing.snapshot().transactions.map((t) => t.reference_id)).toEqual([
      "later",
      "earlier",
      null,
    ]);
  });
});

describe("Billing pages", () => {
  /** 250 entries a minute apart: charges of three types and top-ups, after the INIT entry. */
  function busyLedger() {
    const ledger = billingWith({ balanceUsd: 1_000 });
    for (let i = 1; i <= 250; i++) {
      ledger.advance(MINUTE);
      if (i % 5 === 0) ledger.billing.topUp(1);
      else if (i % 5 === 1) ledger.billing.charge({ usd: 0.01, type: "ADJUSTMENT" });
      else ledger.billing.charge({ usd: 0.01, referenceId: `gen-${i}` });
    }
    return ledger;
  }

  it("lists newest first, 50 a page by default, with no cursor on the last page", () => {
    const { page } = busyLedger();
    const first = page();
    if (typeof first === "string") throw new Error(first);
    expect(first.data).toHaveLength(50);
    expect(first.data[0]).toMatchObject({
      type: "PAYMENT",
      created_at: "2026-12-01T04:10:00.000Z",
    });
    expect(first.pagination.next_cursor).toEqual(expect.any(String));
    expect(page("type=INIT")).toEqual({
      data: [expect.objectContaining({ type: "INIT" })],
      pagination: { next_cursor: null },
    });
  });

  it("pages through more than 100 entries with filters, each entry once, newest first", () => {
    const { billing, page } = busyLedger();
    const all = billing.snapshot().transactions;
    const { entries, sizes } = pageThrough(page, "direction=CHARGE&type=MODEL_USAGE&limit=100");
    expect(sizes).toEqual([100, 50]);
    expect(entries).toEqual(all.filter((t) => t.type === "MODEL_USAGE"));
    expect(pageThrough(page, "limit=100").entries).toEqual(all);
    expect(pageThrough(page, "direction=TOPUP&limit=7").entries).toEqual(
      all.filter((t) => t.direction === "TOPUP"),
    );
  });

  it("takes from and to, both included", () => {
    const { page } = busyLedger();
    const answer = page("from=2026-12-01T00:01:00Z&to=2026-12-01T00:03:00.000Z&limit=100");
    if (typeof answer === "string") throw new Error(answer);
    expect(answer.data.map((t) => t.created_at)).toEqual([
      "2026-12-01T00:03:00.000Z",
      "2026-12-01T00:02:00.000Z",
      "2026-12-01T00:01:00.000Z",
    ]);
    expect(page("from=2026-12-01T05:00:00%2B01:00&type=PAYMENT")).toMatchObject({
      data: [
        { created_at: "2026-12-01T04:10:00.000Z" },
        { created_at: "2026-12-01T04:05:00.000Z" },
        { created_at: "2026-12-01T04:00:00.000Z" },
      ],
    });
  });

  it("neither repeats nor misses an entry written between two pages", () => {
    const { billing, page, advance } = busyLedger();
    const first = page("limit=100");
    if (typeof first === "string") throw new Error(first);
    advance(MINUTE);
    billing.charge({ usd: 0.01, referenceId: "new" });
    const rest = pageThrough(page, "limit=100", first.pagination.next_cursor).entries;
    const seen = [...first.data, ...rest];
    expect(seen).toHaveLength(251);
    expect(seen.map((t) => t.reference_id)).not.toContain("new");
  });

  it("takes another limit with the same cursor, but not other filters", () => {
    const { page } = busyLedger();
    const first = page("type=MODEL_USAGE&limit=10");
    if (typeof first === "string") throw new Error(first);
    const cursor = `cursor=${first.pagination.next_cursor}`;
    expect(page(`type=MODEL_USAGE&limit=3&${cursor}`)).toMatchObject({
      data: [{}, {}, {}],
    });
    expect(page(`type=ADJUSTMENT&${cursor}`)).toBe(
      "cursor belongs to a query with other filters: keep from, to, direction and type while paging",
    );
    expect(page(`type=MODEL_USAGE&direction=CHARGE&${cursor}`)).toContain("other filters");
  });

  it.each([
    ["cursor=", "cursor is not one this API gave"],
    ["cursor=10", "cursor is not one this API gave"],
    ["cursor=eyJvZmZzZXQiOjEwfQ", "cursor is not one this API gave"],
    ["from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from must not be after to"],
    ["from=2026-06-30T23:59:60Z", "from and to must be ISO 8601 date-times"],
  ])("refuses %s", (query, message) => {
    expect(billingWith().page(query)).toContain(message);
  });

  it("refuses a cursor that was changed, even one that still decodes", () => {
    const { page } = busyLedger();
    const first = page("limit=10");
    if (typeof first === "string") throw new Error(first);
    const cursor = first.pagination.next_cursor ?? "";
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...decoded, seq: 0 })).toString("base64url");
    expect(page(`limit=10&cursor=${forged}x`)).toContain("cursor is not one this API gave");
    expect(page(`limit=10&cursor=${cursor}=`)).toContain("cursor is not one this API gave");
  });
});
