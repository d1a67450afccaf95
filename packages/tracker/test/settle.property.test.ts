/**
 * Property-based: random create faults, request-log lags and outages, duplicate submits from a
 * second tracker sharing the store, and a tracker closed and reopened mid-run, against a fake API
 * on loopback (a fresh one per run, so its counts and its log are the run's own). The re-create
 * policy is off. For every run, per key:
 * - the fake API created at most one task (paid at most once), under the key's client request id;
 * - a key that holds an id holds the one paid for it, in the store and in every event;
 * - a paid key ends `completed` with its paid id, or, only when the log stayed late or unreadable
 *   past the settle window, `ambiguous` with `settle.done`, and then `findGeneration` on the
 *   record's own `clientRequestId` and `sentAt` finds the paid id once the log can be read;
 * - a key never paid for ends `rejected` or `ambiguous` (or without a record), never with an id.
 * Real time throughout (the servers are real); runs are bounded to keep the file under a minute.
 * Replay a failure with FC_SEED=<seed> (fast-check prints it, with the counterexample).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AimlApiError, createVideoClient } from "@aimlapi-video/client";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CloseTimeoutError,
  createTracker,
  type Engine,
  sqliteStore,
  type TrackedGeneration,
  type Tracker,
  TrackerError,
  type TrackerEvent,
  UnrecordedCreateError,
} from "../src/index.js";
import { redisStore } from "../src/redis.js";
import { body, FAST, startFakeApi } from "./fake-api.js";
import { type RedisServer, startRedis } from "./redis-server.js";

type Answer = "created" | "500" | "never" | "drop" | "400";

/** How long an ambiguous key is looked up; a lag or an outage of PAST outlasts it. */
const WINDOW_MS = 1_200;
const PAST = 10_000;
/** The create call is cut after half of it: an answer that never comes turns ambiguous then. */
const CLAIM_MS = 600;
const MODEL = body("").model;

interface KeyPlan {
  /** The answers of the key's successive creates at the fake API (the last one repeats). */
  answers: Answer[];
  /** A second submit of the key, from the other tracker: at once, or once the first settled. */
  duplicate: "none" | "together" | "after";
}

interface Run {
  keys: KeyPlan[];
  /** Rows show in /v2/logs this long after their request. */
  logDelayMs: number;
  /** /v2/logs answers 503 for this long from the first submit. */
  logDownMs: number;
  /** Tracker A is closed (waiting this long for its creates) and reopened, this long in. */
  restart: { atMs: number; closeTimeoutMs: number } | undefined;
}

const runs: fc.Arbitrary<Run> = fc.record({
  keys: fc.array(
    fc.record({
      answers: fc.array(fc.constantFrom<Answer>("created", "500", "never", "drop", "400"), {
        minLength: 1,
        maxLength: 2,
      }),
      duplicate: fc.constantFrom("none", "together", "after"),
    }),
    { minLength: 3, maxLength: 6 },
  ),
  logDelayMs: fc.constantFrom(0, 250, PAST),
  logDownMs: fc.constantFrom(0, 300, PAST),
  restart: fc.option(
    fc.record({ atMs: fc.constantFrom(50, 250, 500), closeTimeoutMs: fc.constantFrom(20, 5_000) }),
    { nil: undefined, freq: 2 },
  ),
});

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keyOf = (index: number) => `k${index}`;

let redis: RedisServer;
let dir: string;
let n = 0;

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), "tracker-settle-property-"));
});

afterAll(async () => {
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Each run's store: opened by every tracker of the run, one engine each. */
const stores: Array<[string, number, () => () => Engine]> = [
  [
    "SQLite",
    20,
    () => {
      const path = join(dir, `run-${++n}.db`);
      // A short lease: when the polling tracker closes, another one takes over quickly.
      return () => sqliteStore({ path, watchMs: 50, leaseMs: 400 });
    },
  ],
  [
    "Redis (BullMQ)",
    10,
    () => {
      const queue = `settle-property-${++n}`;
      return () =>
        redisStore({ connection: { host: "127.0.0.1", port: redis.port }, queue, lockMs: 1_000 });
    },
  ],
];

type Outcome = { key: string; record: TrackedGeneration } | { key: string; error: unknown };

async function check(run: Run, newStore: () => Engine): Promise<void> {
  const queues = new Map(run.keys.map((plan, i) => [keyOf(i), [...plan.answers]]));
  const api = await startFakeApi({
    durationMs: () => 100,
    createAnswer: ({ prompt = "" }) => {
      const queue = queues.get(prompt) ?? ["created"];
      return (queue.length > 1 ? queue.shift() : queue[0]) as Answer;
    },
  });
  // The client's own rules apply (a create that may have reached the server is never retried); the
  // log's 200-a-minute budget is the real API's, not this fake's.
  const client = () =>
    createVideoClient({
      apiKey: "property-key",
      baseUrl: api.url,
      maxRetries: 1,
      logsLimiter: { maxConcurrent: 8, requestsPerSecond: 1_000 },
    });
  const events: TrackerEvent[] = [];
  const open = async (): Promise<Tracker> => {
    const tracker = createTracker({
      store: newStore(),
      client: client(),
      schedule: FAST,
      learn: false,
      claimMs: CLAIM_MS,
      settle: { windowMs: WINDOW_MS, firstDelayMs: 50, maxIntervalMs: 200 },
    });
    for (const type of ["completed", "failed", "ambiguous", "settled", "recreated"] as const) {
      tracker.on(type as "completed", (event) => events.push(event));
    }
    await tracker.resume();
    return tracker;
  };
  let a = await open();
  const b = await open();
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  try {
    api.logs({ delayMs: run.logDelayMs, status: run.logDownMs > 0 ? 503 : undefined });
    if (run.logDownMs > 0 && run.logDownMs < PAST) {
      timers.push(setTimeout(() => api.logs({ status: undefined }), run.logDownMs));
    }
    const submit = (tracker: Tracker, key: string): Promise<Outcome> =>
      tracker.submit(body(key), { key }).then(
        (record) => ({ key, record }),
        (error: unknown) => ({ key, error }),
      );
    const submits = run.keys.flatMap((plan, i): Array<Promise<Outcome>> => {
      const key = keyOf(i);
      const first = submit(a, key);
      if (plan.duplicate === "none") return [first];
      return [
        first,
        plan.duplicate === "together" ? submit(b, key) : first.then(() => submit(b, key)),
      ];
    });
    if (run.restart) {
      await sleep(run.restart.atMs);
      // A short wait leaves creates in flight unrecorded: their keys stay `creating` until the claim ends.
      await a.close({ timeoutMs: run.restart.closeTimeoutMs }).catch((error: unknown) => {
        expect(error).toBeInstanceOf(CloseTimeoutError);
      });
      a = await open();
    }
    const outcomes = await Promise.all(submits);
    const keys = run.keys.map((_, i) => keyOf(i));
    const settled = (record: TrackedGeneration | undefined) =>
      record === undefined ||
      ["completed", "failed", "rejected"].includes(record.status) ||
      (record.status === "ambiguous" && record.settle?.done === true);
    await vi.waitFor(
      async () => {
        for (const key of keys) {
          const record = await b.get(key);
          expect(settled(record), `${key} is ${record?.status}`).toBe(true);
        }
      },
      { timeout: 15_000, interval: 50 },
    );

    const paidFor = (key: string) => api.stats.paid.filter((p) => p.prompt === key);
    const logReadable = run.logDelayMs < PAST && run.logDownMs < PAST;
    api.logs({ delayMs: 0, status: undefined });
    const finder = client();
    for (const key of keys) {
      const paid = paidFor(key);
      expect(paid.length, `creates of ${key}`).toBeLessThanOrEqual(1);
      const record = await b.get(key);
      const mine = paid[0];
      if (!mine) {
        expect(record?.id, key).toBeUndefined();
        expect(["rejected", "ambiguous", undefined], key).toContain(record?.status);
        continue;
      }
      expect(mine.clientRequestId).toBe(key);
      if (record?.status === "ambiguous") {
        // Only a log that stayed late or unreadable past the window leaves a paid key undecided.
        expect(logReadable, `${key} left ambiguous with the log readable`).toBe(false);
        expect(record).toMatchObject({ settle: { done: true }, clientRequestId: key });
        expect(record.id).toBeUndefined();
        const found = await finder.findGeneration(record.clientRequestId as string, {
          model: MODEL,
          sentAt: record.sentAt as number,
        });
        expect(found).toMatchObject({ status: "found", id: mine.id, duplicates: [] });
      } else {
        expect(record, key).toMatchObject({ status: "completed", id: mine.id });
      }
    }
    for (const event of events) {
      if (event.type !== "error" && "id" in event)
        expect(event.id, `${event.type} ${event.key}`).toBe(paidFor(event.key)[0]?.id);
    }
    for (const outcome of outcomes) {
      if ("record" in outcome) {
        if (outcome.record.id !== undefined)
          expect(outcome.record.id).toBe(paidFor(outcome.key)[0]?.id);
        continue;
      }
      // Typed, always: the API's (400, or a create that may have happened) or the tracker's.
      const { error } = outcome;
      expect(error instanceof AimlApiError || error instanceof TrackerError, String(error)).toBe(
        true,
      );
      if (error instanceof UnrecordedCreateError)
        expect(error.id).toBe(paidFor(outcome.key)[0]?.id);
    }
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await Promise.allSettled([a.close({ timeoutMs: 1_000 }), b.close({ timeoutMs: 1_000 })]);
    await api.close();
  }
}

describe.each(stores)("settling under random faults over %s", (_name, numRuns, newStore) => {
  it(`${numRuns} runs: each key paid at most once, its paid id recorded or findable, no other id`, async () => {
    await fc.assert(
      fc.asyncProperty(runs, (run) => check(run, newStore())),
      // Each run takes a second or two of real time: no shrinking, the counterexample is small.
      { numRuns, seed, endOnFailure: true },
    );
  }, 120_000);
});
