/**
 * Property-based: random sequences of submits under a spend limit, against a fake API on loopback
 * (a fresh one per run) whose catalogue prices them: random keys (some submitted again), models
 * of each pricing kind, durations and rates, generations that fail, creates answered 500 (made,
 * ambiguous, then settled from the request log) or 400 (nothing made), in groups of concurrent
 * submits. The limit is a total, or a window that slides during the run. After each group and at
 * the end:
 * - what the fake API made and will charge (its tasks that do not fail, at its prices) stays
 *   within the limit: in total, or within every window ending at a record's submit;
 * - a refused submit is a SpendLimitError with nothing sent and nothing recorded, whose numbers
 *   say why, and which what was committed before its group does explain;
 * - a create that fits even counting everything committed before its group and the rest of the
 *   group is never refused, and a known key is never refused;
 * - at the end, `spend()` reports what the fake API charged.
 * Replay a failure with FC_SEED=<seed> (fast-check prints it, with the counterexample).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CreateGenerationBody, createVideoClient } from "@aimlapi-video/client";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createTracker,
  type Engine,
  SpendLimitError,
  type Submitted,
  sqliteStore,
  type Tracker,
} from "../src/index.js";
import { redisStore } from "../src/redis.js";
import { body, FAKE_CATALOGUE, FAST, seedance, startFakeApi, wan } from "./fake-api.js";
import { type RedisServer, startRedis } from "./redis-server.js";

type Model = "kling" | "seedance" | "wan";
type Resolution = "480p" | "720p" | "1080p";

interface KeyPlan {
  model: Model;
  duration: 5 | 10;
  resolution: Resolution | undefined;
  answer: "created" | "500" | "400";
  fails: boolean;
  durationMs: number;
}

interface Run {
  keys: KeyPlan[];
  /** Groups of keys (indices, modulo the number of keys) submitted at once, one group after another. */
  groups: number[][];
  /** body()'s model's rate, USD a second. */
  rate: number;
  limitUsd: number;
  window: { ms: number; gapMs: number } | undefined;
}

const runs: fc.Arbitrary<Run> = fc.record({
  keys: fc.array(
    fc.record({
      model: fc.constantFrom<Model>("kling", "kling", "seedance", "wan"),
      duration: fc.constantFrom<5 | 10>(5, 10),
      resolution: fc.constantFrom<Resolution | undefined>("480p", "720p", "1080p", undefined),
      answer: fc.constantFrom<KeyPlan["answer"]>("created", "created", "created", "500", "400"),
      fails: fc.constantFrom(false, false, false, true),
      durationMs: fc.constantFrom(50, 200, 400),
    }),
    { minLength: 3, maxLength: 7 },
  ),
  groups: fc.array(fc.uniqueArray(fc.nat({ max: 6 }), { minLength: 1, maxLength: 3 }), {
    minLength: 3,
    maxLength: 8,
  }),
  rate: fc.constantFrom(0.05, 0.1, 0.2),
  limitUsd: fc.constantFrom(0.5, 1, 1.5, 3),
  window: fc.option(fc.record({ ms: fc.constantFrom(300, 800), gapMs: fc.constantFrom(0, 150) }), {
    nil: undefined,
  }),
});

/** Each model's price at the run's catalogue, computed here apart from the client's quotes. */
const SEEDANCE_RATES: Record<Resolution, number> = { "480p": 0.02, "720p": 0.04, "1080p": 0.1 };
function priceOf(plan: KeyPlan, rate: number): number | undefined {
  if (plan.model === "wan") return undefined;
  const perSecond = plan.model === "kling" ? rate : SEEDANCE_RATES[plan.resolution ?? "1080p"];
  return Math.round(perSecond * plan.duration * 1e6) / 1e6;
}

function bodyOf(key: string, plan: KeyPlan): CreateGenerationBody {
  if (plan.model === "wan") return wan(key);
  if (plan.model === "seedance") return seedance(key, plan.duration, plan.resolution);
  return { ...body(key), duration: plan.duration };
}

type Outcome = { key: string; record?: Submitted; error?: unknown };

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const EPSILON = 1e-9;

let redis: RedisServer;
let dir: string;
let n = 0;

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), "tracker-spend-property-"));
});

afterAll(async () => {
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

const stores: Array<[string, number, () => Engine]> = [
  ["SQLite", 30, () => sqliteStore({ path: join(dir, `run-${++n}.db`) })],
  [
    "Redis (BullMQ)",
    15,
    () =>
      redisStore({
        connection: { host: "127.0.0.1", port: redis.port },
        queue: `spend-property-${++n}`,
        lockMs: 1_000,
      }),
  ],
];

async function check(run: Run, store: Engine): Promise<void> {
  const keys = run.keys.map((_, i) => `k${i}`);
  const planOf = new Map(keys.map((key, i) => [key, run.keys[i] as KeyPlan]));
  const plan = (prompt: string | undefined) => planOf.get(prompt ?? "") as KeyPlan;
  const price = (key: string) => priceOf(plan(key), run.rate);
  const api = await startFakeApi({
    catalogue: FAKE_CATALOGUE.map((model) =>
      model.pricing?.kind === "fixed"
        ? {
            ...model,
            pricing: { kind: "fixed", units: [{ ...model.pricing.units[0], price: run.rate }] },
          }
        : model,
    ) as typeof FAKE_CATALOGUE,
    durationMs: (b) => plan(b.prompt).durationMs,
    createAnswer: (b) => plan(b.prompt).answer,
    failWhen: (b) => plan(b.prompt).fails,
  });
  const limit = run.limitUsd;
  const tracker: Tracker = createTracker({
    store,
    client: createVideoClient({ apiKey: "property-key", baseUrl: api.url, maxRetries: 0 }),
    schedule: FAST,
    learn: false,
    settle: { windowMs: 1_000, firstDelayMs: 50, maxIntervalMs: 100 },
    spendLimit: run.window ? { windowUsd: limit, windowMs: run.window.ms } : { totalUsd: limit },
  });
  /** What the fake API made and will charge (each task that does not fail), with its key's submit time. */
  const charged = async () => {
    const made = api.stats.paid.filter((paid) => !paid.fails);
    return Promise.all(
      made.map(async (paid) => ({
        usd: paid.usd,
        at: (await tracker.get(paid.prompt))?.submittedAt as number,
      })),
    );
  };
  /** Never over the limit: in total, or within any window that ends at a submit. */
  const assertWithinLimit = async () => {
    const made = await charged();
    const windows = run.window
      ? made.map(({ at: end }) =>
          made.filter(({ at }) => at >= end - (run.window?.ms ?? 0) && at <= end),
        )
      : [made];
    for (const window of windows) {
      const usd = window.reduce((sum, { usd }) => sum + usd, 0);
      expect(usd, `made ${JSON.stringify(window)}`).toBeLessThanOrEqual(limit + EPSILON);
    }
  };
  /** What counts against the limit at any moment from now, this group's own creates aside. */
  const committedAtMost = async () => {
    const since = run.window ? Date.now() - run.window.ms : undefined;
    const { spentUsd, inFlightUsd } = await tracker.spend({ since });
    return spentUsd + inFlightUsd;
  };

  try {
    await tracker.resume();
    for (const group of run.groups) {
      const groupKeys = [...new Set(group.map((i) => keys[i % keys.length] as string))];
      const committed = await committedAtMost();
      const before = new Map(
        await Promise.all(groupKeys.map(async (key) => [key, await tracker.get(key)] as const)),
      );
      const attempts = new Map(groupKeys.map((key) => [key, api.stats.attempts.get(key) ?? 0]));
      const outcomes = await Promise.all(
        groupKeys.map((key) =>
          tracker.submit(bodyOf(key, plan(key)), { key }).then(
            (record): Outcome => ({ key, record }),
            (error: unknown): Outcome => ({ key, error }),
          ),
        ),
      );
      const isNew = (key: string) => {
        const record = before.get(key);
        return !record || record.status === "rejected";
      };
      for (const { key, record, error } of outcomes) {
        const usd = price(key);
        if (!isNew(key)) {
          expect(record, `${key} was known: ${String(error)}`).toMatchObject({ duplicate: true });
          continue;
        }
        const rest = groupKeys
          .filter((other) => other !== key && isNew(other))
          .reduce((sum, other) => sum + (price(other) ?? 0), 0);
        if (error instanceof SpendLimitError) {
          expect(api.stats.attempts.get(key) ?? 0, `${key} refused yet sent`).toBe(
            attempts.get(key),
          );
          expect((await tracker.get(key))?.status).toBe(before.get(key)?.status);
          expect(error.limitUsd).toBe(limit);
          if (usd === undefined) {
            expect(error.quote.status).toBe("unknown");
            continue;
          }
          expect(error.quote).toMatchObject({ status: "priced", usd });
          expect(error.committedUsd + usd).toBeGreaterThan(limit - EPSILON);
          expect(committed + rest + usd, `${key} refused with room`).toBeGreaterThan(
            limit - EPSILON,
          );
          continue;
        }
        // Never guessed: an unknown price is refused.
        expect(usd, `${key} sent with an unknown price`).toBeDefined();
        if (committed + rest + (usd as number) <= limit - EPSILON) {
          expect(error, `${key} refused though it fit`).not.toBeInstanceOf(SpendLimitError);
        }
        // Sent: created (pending, or ambiguous after a 500), or refused by the API (a 400).
        if (error === undefined) expect(record?.quote).toMatchObject({ status: "priced", usd });
        else expect((await tracker.get(key))?.status).toBe("rejected");
      }
      await assertWithinLimit();
      if (run.window?.gapMs) await sleep(run.window.gapMs);
    }

    // Every generation made ends (the 500s settled from the log); what the fake charged is spent.
    await vi.waitFor(
      async () => {
        const unfinished = await tracker.list(["creating", "ambiguous", "pending"]);
        expect(unfinished.map((r) => `${r.key} ${r.status}`)).toEqual([]);
      },
      { timeout: 10_000, interval: 25 },
    );
    await assertWithinLimit();
    const report = await tracker.spend();
    const made = await charged();
    expect(report.spentUsd).toBeCloseTo(
      made.reduce((sum, { usd }) => sum + usd, 0),
      6,
    );
    expect(report).toMatchObject({ inFlightUsd: 0, unknown: 0 });
  } finally {
    await tracker.close({ timeoutMs: 1_000 }).catch(() => undefined);
    await api.close();
  }
}

describe.each(stores)("a spend limit under random submits over %s", (_name, numRuns, newStore) => {
  it(`${numRuns} runs: within the limit at every moment, refusals only when over, nothing sent for them`, async () => {
    await fc.assert(
      fc.asyncProperty(runs, (run) => check(run, newStore())),
      // Each run takes about a second of real time: no shrinking, the counterexample is small.
      { numRuns, seed, endOnFailure: true },
    );
  }, 120_000);
});
