import type { Quote } from "@aimlapi-video/client";
import { describe, expect, it } from "vitest";
import { SpendLimitError } from "./errors.js";
import { priceOf, SpendGuard, spendReport } from "./spend.js";
import type { TrackedGeneration, TrackedStatus } from "./types.js";

const KLING = "kling-video/v1/standard/text-to-video";
const WAN = "alibaba/wan2.1-t2v-turbo";

const priced = (usd: number, model = KLING): Quote => ({
  status: "priced",
  model,
  usd,
  lines: [{ unit: "second", units: 5, rate: usd / 5, usd }],
  text: `5 s × $${usd / 5}/s`,
});
const unknown = (model = WAN): Quote => ({ status: "unknown", model, reason: "a variable price" });

function record(
  key: string,
  status: TrackedStatus,
  fields: { quote?: Quote; costUsd?: number; submittedAt?: number; model?: string } = {},
): TrackedGeneration {
  const model = fields.model ?? fields.quote?.model ?? KLING;
  return {
    key,
    status,
    body: { model, prompt: key } as TrackedGeneration["body"],
    profile: model,
    submittedAt: fields.submittedAt ?? 1_000,
    quote: fields.quote,
    cost: fields.costUsd === undefined ? undefined : { usd: fields.costUsd },
    polls: 0,
  };
}

describe("priceOf", () => {
  it("a completed generation costs its recorded cost, else its quote; one in flight its quote; a failed or rejected one nothing", () => {
    expect(priceOf(record("a", "completed", { quote: priced(0.5), costUsd: 0.45 }))).toEqual({
      usd: 0.45,
      from: "cost",
    });
    expect(priceOf(record("b", "completed", { quote: priced(0.5) }))).toEqual({
      usd: 0.5,
      from: "quote",
    });
    for (const status of ["creating", "ambiguous", "pending"] as const) {
      // A cost is the completed answer's: a record in flight has none to go by.
      expect(priceOf(record("c", status, { quote: priced(0.5), costUsd: 9 }))).toEqual({
        usd: 0.5,
        from: "quote",
      });
    }
    for (const status of ["failed", "rejected"] as const) {
      expect(priceOf(record("d", status, { quote: priced(0.5) }))).toEqual({
        usd: 0,
        from: "failed",
      });
    }
    expect(priceOf(record("e", "pending", { quote: unknown() })).usd).toBeUndefined();
    expect(priceOf(record("f", "completed")).usd).toBeUndefined();
  });
});

describe("spendReport", () => {
  const records = [
    record("spent-cost", "completed", { quote: priced(0.5), costUsd: 0.4, submittedAt: 1_000 }),
    record("spent-quote", "completed", { quote: priced(1), submittedAt: 2_000 }),
    record("flying", "pending", { quote: priced(0.2), submittedAt: 3_000 }),
    record("maybe", "ambiguous", { quote: priced(0.1), submittedAt: 3_000 }),
    record("failed", "failed", { quote: priced(0.5), submittedAt: 3_000 }),
    record("rejected", "rejected", { quote: priced(0.5), submittedAt: 3_000 }),
    record("variable", "pending", { quote: unknown(), submittedAt: 4_000 }),
    record("variable-done", "completed", { quote: unknown(), costUsd: 0.3, submittedAt: 4_000 }),
  ];

  it("adds costs and quotes per model; failed ones count nothing, rejected ones are no generation", () => {
    expect(spendReport(records)).toEqual({
      since: undefined,
      until: undefined,
      spentUsd: 1.7,
      inFlightUsd: 0.3,
      unknown: 1,
      byModel: {
        [KLING]: { spentUsd: 1.4, inFlightUsd: 0.3, generations: 5 },
        [WAN]: { spentUsd: 0.3, inFlightUsd: 0, generations: 2 },
      },
    });
  });

  it("counts the records submitted within [since, until]", () => {
    expect(spendReport(records, 2_000, 3_000)).toMatchObject({
      since: 2_000,
      until: 3_000,
      spentUsd: 1,
      inFlightUsd: 0.3,
      unknown: 0,
      byModel: { [KLING]: { spentUsd: 1, inFlightUsd: 0.3, generations: 4 } },
    });
    expect(spendReport(records, 5_000)).toMatchObject({ spentUsd: 0, byModel: {} });
  });

  it("keeps sums to the micro-dollar", () => {
    const tenths = [0.1, 0.2].map((usd, i) => record(`t${i}`, "pending", { quote: priced(usd) }));
    expect(spendReport(tenths).inFlightUsd).toBe(0.3);
  });
});

describe("SpendGuard", () => {
  it("is made only for a limit", () => {
    expect(SpendGuard.of(undefined)).toBeUndefined();
    expect(SpendGuard.of({ unknownPrice: "allow" })).toBeUndefined();
    expect(SpendGuard.of({ totalUsd: 0 })).toBeInstanceOf(SpendGuard);
  });

  it.each([
    [{ totalUsd: -1 }, "Invalid spendLimit.totalUsd: expected a number of 0 or more, received -1."],
    [
      { windowUsd: Number.POSITIVE_INFINITY },
      "Invalid spendLimit.windowUsd: expected a number of 0 or more, received Infinity.",
    ],
    [
      { windowUsd: 1, windowMs: 0 },
      "Invalid spendLimit.windowMs: expected a positive number, received 0.",
    ],
    [
      { totalUsd: 1, unknownPrice: "guess" as never },
      'Invalid spendLimit.unknownPrice: expected "refuse" or "allow", received "guess".',
    ],
  ])("names a bad option: %o", (options, message) => {
    expect(() => SpendGuard.of(options)).toThrow(message);
  });

  const refusal = (run: () => void): SpendLimitError => {
    try {
      run();
    } catch (error) {
      if (error instanceof SpendLimitError) return error;
      throw error;
    }
    throw new Error("expected a SpendLimitError");
  };

  it("lets a create fill the total exactly, and refuses the cent above, naming both", () => {
    const guard = SpendGuard.of({ totalUsd: 1 }) as SpendGuard;
    const records = [
      record("done", "completed", { quote: priced(0.5), costUsd: 0.3 }),
      record("flying", "pending", { quote: priced(0.4) }),
      record("failed", "failed", { quote: priced(5) }),
    ];
    expect(() => guard.check("new", priced(0.3), records, 10_000)).not.toThrow();
    const error = refusal(() => guard.check("new", priced(0.31), records, 10_000));
    expect(error).toMatchObject({ key: "new", limitUsd: 1, committedUsd: 0.7 });
    expect(error.quote).toEqual(priced(0.31));
    expect(error.message).toMatch(
      /^The create of key new was not sent: its quote, \$0\.31 \(5 s × \$0\.062\/s\), on top of \$0\.7 committed \(.*\), is over the total spend limit of \$1\./,
    );
  });

  it("does not count the key's own record: its create replaces it", () => {
    const guard = SpendGuard.of({ totalUsd: 1 }) as SpendGuard;
    const records = [record("again", "ambiguous", { quote: priced(1) })];
    expect(() => guard.check("again", priced(1), records, 10_000)).not.toThrow();
    expect(() => guard.check("other", priced(0.01), records, 10_000)).toThrow(SpendLimitError);
  });

  it("counts, per window, the records submitted within windowMs of now", () => {
    const guard = SpendGuard.of({ windowUsd: 1, windowMs: 1_000 }) as SpendGuard;
    const records = [
      record("old", "completed", { quote: priced(1), submittedAt: 8_999 }),
      record("recent", "pending", { quote: priced(0.5), submittedAt: 9_000 }),
    ];
    expect(() => guard.check("new", priced(0.5), records, 10_000)).not.toThrow();
    const error = refusal(() => guard.check("new", priced(0.6), records, 10_000));
    expect(error).toMatchObject({ limitUsd: 1, committedUsd: 0.5 });
    expect(error.message).toMatch(/is over the spend limit per 1 s window of \$1\./);
  });

  it("applies the total and the window together", () => {
    const guard = SpendGuard.of({ totalUsd: 2, windowUsd: 1, windowMs: 1_000 }) as SpendGuard;
    const old = [record("old", "completed", { quote: priced(1.8), submittedAt: 0 })];
    expect(refusal(() => guard.check("new", priced(0.5), old, 10_000))).toMatchObject({
      limitUsd: 2,
      committedUsd: 1.8,
    });
  });

  it("refuses an unknown price by default, and counts it as nothing when allowed", () => {
    const records = [record("flying", "pending", { quote: priced(0.5) })];
    const refusing = SpendGuard.of({ totalUsd: 10 }) as SpendGuard;
    const error = refusal(() => refusing.check("new", unknown(), records, 10_000));
    expect(error).toMatchObject({ limitUsd: 10, committedUsd: 0.5, quote: unknown() });
    expect(error.message).toMatch(
      /its price cannot be quoted \(a variable price\), and spendLimit\.unknownPrice is "refuse"/,
    );
    const allowing = SpendGuard.of({ totalUsd: 10, unknownPrice: "allow" }) as SpendGuard;
    expect(() => allowing.check("new", unknown(), records, 10_000)).not.toThrow();
    // Counted as nothing, not as room: a total already over refuses it too.
    const over = [record("done", "completed", { quote: priced(1), costUsd: 11 })];
    expect(() => allowing.check("new", unknown(), over, 10_000)).toThrow(SpendLimitError);
  });

  it("runs serial tasks one at a time, in order, whatever the one before did", async () => {
    const guard = SpendGuard.of({ totalUsd: 1 }) as SpendGuard;
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name} in`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`${name} out`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      guard.serial(task("a")),
      guard.serial(task("b", true)),
      guard.serial(task("c")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(log).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);
  });
});
