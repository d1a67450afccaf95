/**
 * The Redis store when Redis itself fails under a running tracker: a real redis-server that
 * restarts with or without its data, freezes (SIGSTOP), runs out of memory, or is not there at
 * start. What is checked is what costs money, at the fake API's side: each key is created at most
 * once, every paid id ends up in the store or in the caller's hands (a result, or an
 * `UnrecordedCreateError` carrying it, then written again), nothing stays `pending` unpolled, and
 * no call waits longer than about `timeoutMs`.
 */
import { createVideoClient } from "@aimlapi-video/client";
import { UnrecoverableError, Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import {
  createTracker,
  StoreError,
  StoreLostError,
  type Submitted,
  type Tracker,
  type TrackerEvent,
  UnrecordedCreateError,
} from "../src/index.js";
import { type RedisStoreOptions, redisStore } from "../src/redis.js";
import { body, FAST, type FakeApi, startFakeApi } from "./fake-api.js";
import { freePort, type RedisServer, type RedisServerOptions, startRedis } from "./redis-server.js";

/** The store's bound on a call to Redis. */
const TIMEOUT_MS = 1_000;
/** How long past `TIMEOUT_MS` a call may take to fail (a loaded machine, the budget's queue). */
const SLACK_MS = 1_500;

// Each case takes a few seconds; one that hangs (a call to Redis not bounded) fails well before
// the package's 60 s default.
vi.setConfig({ testTimeout: 30_000 });

let api: FakeApi;
/** Per prompt: how long its generation takes (default 300 ms), and how late its create answers. */
const durations = new Map<string, number>();
const lateBy = new Map<string, number>();

beforeAll(async () => {
  api = await startFakeApi({
    durationMs: (b) => durations.get(b.prompt ?? "") ?? 300,
    createDelayMs: (b) => lateBy.get(b.prompt ?? "") ?? 0,
  });
});

afterAll(async () => {
  await api?.close();
});

// What a test started, stopped after it even when it failed: a frozen Redis is thawed first, or
// the trackers' close would wait on it.
let servers: RedisServer[] = [];
let trackers: Tracker[] = [];
let workers: Array<Worker<unknown, unknown>> = [];
afterEach(async () => {
  for (const server of servers) server.unpause();
  const closed = Promise.all([
    ...workers.map((w) => w.close().catch(() => undefined)),
    ...trackers.map((t) => t.close({ timeoutMs: 1_000 }).catch(() => undefined)),
  ]);
  // Bounded: the servers are stopped even if a close hangs.
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await Promise.all(servers.map((s) => s.stop()));
  [servers, trackers, workers] = [[], [], []];
});

async function redis(options?: RedisServerOptions): Promise<RedisServer> {
  const server = await startRedis(options);
  servers.push(server);
  return server;
}

let sequence = 0;
/** A prompt (and key: each test uses the prompt as its key) no other test uses. */
const unique = (name: string) => `${name}-${++sequence}`;

function open(port: number, options: Partial<RedisStoreOptions> = {}): Tracker {
  const tracker = createTracker({
    store: redisStore({
      connection: { host: "127.0.0.1", port },
      queue: `failures-${++sequence}`,
      lockMs: 1_000,
      timeoutMs: TIMEOUT_MS,
      watchMs: 100,
      ...options,
    }),
    client: createVideoClient({ apiKey: "test-key", baseUrl: api.url }),
    pollClient: createVideoClient({ apiKey: "test-key", baseUrl: api.url, maxRetries: 0 }),
    schedule: FAST,
    learn: false,
  });
  trackers.push(tracker);
  return tracker;
}

function collect(tracker: Tracker): TrackerEvent[] {
  const events: TrackerEvent[] = [];
  const push = (event: TrackerEvent) => events.push(event);
  tracker
    .on("completed", push)
    .on("failed", push)
    .on("ambiguous", push)
    .on("error", push)
    .on("settled", push);
  return events;
}

type Settled<T> = { value: T; error?: undefined } | { value?: undefined; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

/** The call's error and how long it took to fail (it must fail). */
async function failure(call: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  const outcome = await settle(call());
  expect(outcome.error, "the call should have failed").toBeInstanceOf(Error);
  return { error: outcome.error as Error, ms: Date.now() - started };
}

/** The ids the fake API handed out (and billed) for `prompt`. */
const paidFor = (prompt: string) =>
  api.stats.paid.filter((p) => p.prompt === prompt).map((p) => p.id);

/** Each key created once at most: the fake API counts creates by prompt, and the prompt is the key. */
function expectCreatedAtMostOnce(keys: string[]): void {
  for (const key of keys) expect(api.stats.creates.get(key) ?? 0, key).toBeLessThanOrEqual(1);
}

/** Waits (bounded) until every key's record is `completed`: none stays pending unpolled. */
async function expectAllCompleted(tracker: Tracker, keys: string[], timeout = 12_000) {
  await vi.waitFor(
    async () => {
      const statuses = await Promise.all(keys.map(async (key) => (await tracker.get(key))?.status));
      expect(statuses).toEqual(keys.map(() => "completed"));
    },
    { timeout, interval: 100 },
  );
}

/**
 * Submits new keys until one is refused with a `StoreError` matching `reason` (the watch notices a
 * change within an interval; creates before that go through): the keys tried, the refused last.
 */
async function refusedSoon(tracker: Tracker, reason: RegExp): Promise<string[]> {
  const probes: string[] = [];
  await vi.waitFor(
    async () => {
      const probe = unique("probe");
      probes.push(probe);
      const { error } = await failure(() => tracker.submit(body(probe), { key: probe }));
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toMatch(reason);
    },
    { timeout: 5_000, interval: 100 },
  );
  return probes;
}

const completions = (events: TrackerEvent[], key: string) =>
  events.filter((e) => e.type === "completed" && e.key === key);
const storeErrors = (events: TrackerEvent[], type: new (...args: never[]) => Error) =>
  events.filter((e) => e.type === "error" && e.error instanceof type);

it("refuses creates on a Redis that cannot keep a claim, unless told to accept the risk", async () => {
  const cache = await redis({ persistence: false });
  const careful = open(cache.port);
  const refused = unique("cache-refused");
  const { error } = await failure(() => careful.submit(body(refused), { key: refused }));
  expect(error).toBeInstanceOf(StoreError);
  expect(error).not.toBeInstanceOf(UnrecordedCreateError);
  expect(error.message).toMatch(/appendonly is not yes/);
  expect(error.message).toMatch(/acceptDataLossRisk/);
  expect(error.message).toMatch(/was not sent/);
  expect(error).toMatchObject({ key: refused, id: undefined });
  // Refused before the claim: nothing sent, nothing claimed.
  expect(api.stats.creates.get(refused)).toBeUndefined();
  expect(await careful.get(refused)).toBeUndefined();

  const risky = open(cache.port, { acceptDataLossRisk: true });
  const accepted = unique("cache-accepted");
  expect(await risky.submit(body(accepted), { key: accepted })).toMatchObject({
    status: "pending",
    id: paidFor(accepted)[0],
    duplicate: false,
  });

  // The default server: appendonly yes, appendfsync always, noeviction.
  const durable = await redis();
  const tracker = open(durable.port);
  await tracker.resume();
  const safe = unique("durable");
  expect(await tracker.submit(body(safe), { key: safe })).toMatchObject({ status: "pending" });

  // The watch reads the settings again: weakened under a running tracker, creates stop; restored,
  // they start again.
  await durable.cli("CONFIG", "SET", "appendfsync", "everysec");
  const probes = await refusedSoon(tracker, /appendfsync is everysec/);
  const weakened = probes.at(-1) as string;
  expect(api.stats.creates.get(weakened)).toBeUndefined();
  await durable.cli("CONFIG", "SET", "appendfsync", "always");
  await vi.waitFor(() => tracker.submit(body(weakened), { key: weakened }), {
    timeout: 5_000,
    interval: 100,
  });
  expect(api.stats.creates.get(weakened)).toBe(1);
  expectCreatedAtMostOnce([refused, accepted, safe, ...probes]);
});

it("Redis restarted empty: says the store is lost, refuses creates until acknowledged, and keeps every id paid during the restart", async () => {
  const cache = await redis({ persistence: false });
  const tracker = open(cache.port, { acceptDataLossRisk: true });
  const events = collect(tracker);
  await tracker.resume();

  // Generations waiting in the store when it goes: their ids were handed to the caller.
  const waiting = [unique("lost-waiting"), unique("lost-waiting")];
  const delivered = new Map<string, string | undefined>();
  for (const key of waiting) {
    durations.set(key, 60_000);
    delivered.set(key, (await tracker.submit(body(key), { key })).id);
  }
  // Creates in flight when Redis dies: answered while it is down, and after it is back.
  const duringDowntime = [unique("lost-during"), unique("lost-during")];
  const afterRestart = [unique("lost-after")];
  for (const key of duringDowntime) lateBy.set(key, 600);
  for (const key of afterRestart) lateBy.set(key, 4_500);
  const inFlight = [...duringDowntime, ...afterRestart];
  const submits = new Map(inFlight.map((key) => [key, settle(tracker.submit(body(key), { key }))]));
  await vi.waitFor(() => expect(inFlight.map((key) => paidFor(key).length)).toEqual([1, 1, 1]), {
    timeout: 5_000,
    interval: 10,
  });

  await cache.kill();
  const answeredDuringDowntime = await Promise.all(duringDowntime.map((k) => submits.get(k)));
  await cache.start(); // empty: no appendonly file

  // The identity key is gone: an error event says so, once.
  await vi.waitFor(() => expect(storeErrors(events, StoreLostError)).toHaveLength(1), {
    timeout: 8_000,
    interval: 50,
  });
  expect(storeErrors(events, StoreLostError)[0]).toMatchObject({
    error: { message: expect.stringMatching(/lost its data.*acknowledgeStoreLoss/) },
  });
  // Creates are refused, nothing sent.
  const refused = unique("lost-refused");
  const { error } = await failure(() => tracker.submit(body(refused), { key: refused }));
  expect(error).toBeInstanceOf(StoreLostError);
  expect(error).toMatchObject({ key: refused });
  expect(api.stats.creates.get(refused)).toBeUndefined();

  // Answered while Redis was down: the id came back in the error (and an event), and the tracker
  // wrote it into the new store, which had never heard of the key.
  for (const [i, key] of duringDowntime.entries()) {
    const [id] = paidFor(key);
    const outcome = answeredDuringDowntime[i];
    expect(outcome?.error).toBeInstanceOf(UnrecordedCreateError);
    expect(outcome?.error).toMatchObject({ key, id });
    expect(events).toContainEqual(
      expect.objectContaining({ type: "error", key, id, error: outcome?.error }),
    );
  }
  // Answered after it was back: recorded again at once (or, if Redis was still reconnecting,
  // handed over as above and written later).
  for (const key of afterRestart) {
    const outcome = await submits.get(key);
    const [id] = paidFor(key);
    if (outcome?.error) expect(outcome.error).toMatchObject({ name: "UnrecordedCreateError", id });
    else expect(outcome?.value).toMatchObject({ key, id, status: "pending" });
  }
  await vi.waitFor(
    async () => {
      for (const key of inFlight) expect((await tracker.get(key))?.id).toBe(paidFor(key)[0]);
    },
    { timeout: 10_000, interval: 100 },
  );
  // …and they are polled to the end in the new store.
  await expectAllCompleted(tracker, inFlight);

  // The waiting generations are gone from the store, but their ids reached the caller.
  for (const key of waiting) {
    expect(paidFor(key)).toEqual([delivered.get(key)]);
    expect(await tracker.get(key)).toBeUndefined();
  }
  expect(api.stats.creates.get(refused)).toBeUndefined();

  // Acknowledged: creates start again; the keys the new store knows are still not created twice.
  await tracker.acknowledgeStoreLoss();
  const fresh = unique("lost-fresh");
  expect(await tracker.submit(body(fresh), { key: fresh })).toMatchObject({
    status: "pending",
    duplicate: false,
  });
  for (const key of inFlight) {
    expect(await tracker.submit(body(key), { key })).toMatchObject({ duplicate: true });
  }
  // The keys the emptied store forgot are looked up in the request log before being paid for:
  // their generations are adopted, not created again.
  for (const key of waiting) {
    expect(await tracker.submit(body(key), { key })).toMatchObject({
      duplicate: true,
      status: "pending",
      id: delivered.get(key),
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "settled",
        via: "before-create",
        key,
        id: delivered.get(key),
      }),
    );
  }
  expectCreatedAtMostOnce([...waiting, ...inFlight, refused, fresh]);
  expect(storeErrors(events, StoreLostError)).toHaveLength(1);
});

it("Redis restarted empty under a fleet: each process acknowledges the loss, and none is declared lost again by another's acknowledgement", async () => {
  const cache = await redis({ persistence: false });
  const queue = unique("fleet-loss");
  const fleet = [0, 1, 2].map(() => open(cache.port, { queue, acceptDataLossRisk: true }));
  const events = fleet.map(collect);
  for (const tracker of fleet) await tracker.resume();
  await cache.restart();
  await vi.waitFor(
    () => expect(events.map((e) => storeErrors(e, StoreLostError).length)).toEqual([1, 1, 1]),
    { timeout: 8_000, interval: 50 },
  );
  for (const tracker of fleet) await tracker.acknowledgeStoreLoss();
  // Several watch intervals: an acknowledgement must not look like a new loss to the others.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(events.map((e) => storeErrors(e, StoreLostError).length)).toEqual([1, 1, 1]);
  const keys = fleet.map(() => unique("fleet-after-loss"));
  for (const [i, tracker] of fleet.entries()) {
    const key = keys[i] as string;
    expect(await tracker.submit(body(key), { key })).toMatchObject({ status: "pending" });
  }
  expectCreatedAtMostOnce(keys);
});

it("Redis restarted with its data: nothing lost, creates refused while it is down, a paid id written again once it is back", async () => {
  const durable = await redis();
  const tracker = open(durable.port);
  const events = collect(tracker);
  await tracker.resume();

  const waiting = [unique("durable-waiting"), unique("durable-waiting"), unique("durable-waiting")];
  for (const key of waiting) {
    durations.set(key, 2_500);
    await tracker.submit(body(key), { key });
  }
  // Claimed, and its create answers while Redis is down.
  const late = unique("durable-late");
  lateBy.set(late, 600);
  const lateSubmit = settle(tracker.submit(body(late), { key: late }));
  await vi.waitFor(() => expect(paidFor(late)).toHaveLength(1), { timeout: 5_000, interval: 10 });
  // What Redis acknowledged before it died: three records with their ids, and one claim.
  const acknowledged = await tracker.list();
  expect(acknowledged.map((r) => [r.key, r.status]).sort()).toEqual(
    [...waiting.map((key) => [key, "pending"]), [late, "creating"]].sort(),
  );

  await durable.kill();
  const during = unique("durable-down");
  const down = await failure(() => tracker.submit(body(during), { key: during }));
  expect(down.error).toBeInstanceOf(StoreError);
  expect(down.error).not.toBeInstanceOf(UnrecordedCreateError);
  expect(down.error.message).toContain(`127.0.0.1:${durable.port}`);
  expect(down.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  const lateOutcome = await lateSubmit;
  const [lateId] = paidFor(late);
  expect(lateOutcome.error).toBeInstanceOf(UnrecordedCreateError);
  expect(lateOutcome.error).toMatchObject({ key: late, id: lateId });
  await durable.start();

  // Everything acknowledged survived, the claim included; the paid id is written again.
  await vi.waitFor(async () => expect(await tracker.get(late)).toMatchObject({ id: lateId }), {
    timeout: 10_000,
    interval: 100,
  });
  for (const record of acknowledged) {
    if (record.key === late) continue;
    expect(await tracker.get(record.key)).toMatchObject({
      status: expect.any(String),
      id: record.id,
    });
  }
  await expectAllCompleted(tracker, [...waiting, late]);
  for (const key of [...waiting, late]) expect(completions(events, key)).toHaveLength(1);
  expect(storeErrors(events, StoreLostError)).toHaveLength(0);
  expect(api.stats.creates.get(during)).toBeUndefined();
  expect(await tracker.get(during)).toBeUndefined();
  expectCreatedAtMostOnce([...waiting, late, during]);
});

it("Redis frozen (SIGSTOP): submit fails within timeoutMs, a create answered meanwhile keeps its id and is written after", async () => {
  const server = await redis();
  const tracker = open(server.port);
  const events = collect(tracker);
  await tracker.resume();
  const waiting = [unique("frozen-waiting"), unique("frozen-waiting")];
  for (const key of waiting) {
    durations.set(key, 1_500);
    await tracker.submit(body(key), { key });
  }
  const late = unique("frozen-late");
  lateBy.set(late, 500);
  const lateSubmit = settle(tracker.submit(body(late), { key: late }));
  await vi.waitFor(() => expect(paidFor(late)).toHaveLength(1), { timeout: 5_000, interval: 10 });

  server.pause();
  try {
    const frozen = unique("frozen-refused");
    const { error, ms } = await failure(() => tracker.submit(body(frozen), { key: frozen }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(UnrecordedCreateError);
    expect(error.message).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${server.port}.*no answer within 1 s`),
    );
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(api.stats.creates.get(frozen)).toBeUndefined();

    const outcome = await lateSubmit;
    const [id] = paidFor(late);
    expect(outcome.error).toBeInstanceOf(UnrecordedCreateError);
    expect(outcome.error).toMatchObject({ key: late, id });
    expect(events).toContainEqual(expect.objectContaining({ type: "error", key: late, id }));
    // Frozen a while longer: the first write again (after about a second) fails too.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  } finally {
    server.unpause();
  }
  const [id] = paidFor(late);
  await vi.waitFor(async () => expect((await tracker.get(late))?.id).toBe(id), {
    timeout: 8_000,
    interval: 100,
  });
  await expectAllCompleted(tracker, [...waiting, late]);
  for (const key of [...waiting, late]) expect(completions(events, key)).toHaveLength(1);
  expectCreatedAtMostOnce([...waiting, late]);
});

it("Redis holding writes (CLIENT PAUSE WRITE, as in a failover): the claim given up on lands later as rejected, and the key is created once", async () => {
  const server = await redis();
  const tracker = open(server.port);
  await tracker.resume();
  const key = unique("writes-held");
  // Reads answer (the identity check before the claim passes), the claim waits.
  await server.cli("CLIENT", "PAUSE", "2500", "WRITE");
  const { error, ms } = await failure(() => tracker.submit(body(key), { key }));
  expect(error).toBeInstanceOf(StoreError);
  expect(error).not.toBeInstanceOf(UnrecordedCreateError);
  expect(error).toMatchObject({ key, id: undefined });
  expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  expect(api.stats.creates.get(key)).toBeUndefined();
  // The claim lands when the pause ends: nothing was sent, so it must not wait to turn ambiguous.
  await vi.waitFor(
    async () => expect(await tracker.get(key)).toMatchObject({ status: "rejected" }),
    { timeout: 8_000, interval: 100 },
  );
  expect(await tracker.submit(body(key), { key })).toMatchObject({
    status: "pending",
    duplicate: false,
  });
  await expectAllCompleted(tracker, [key]);
  expect(api.stats.creates.get(key)).toBe(1);
});

it("Redis out of memory: claims refused, a paid id kept and written once memory is back, refused polls not parked", async () => {
  const server = await redis();
  const queue = unique("oom");
  const tracker = open(server.port, { queue });
  const events = collect(tracker);
  await tracker.resume();
  // Finish while Redis refuses writes: their completion is delivered and must be recorded later.
  const waiting = [unique("oom-waiting"), unique("oom-waiting"), unique("oom-waiting")];
  for (const key of waiting) {
    durations.set(key, 1_000);
    await tracker.submit(body(key), { key });
  }
  await vi.waitFor(
    async () => {
      for (const key of waiting) expect((await tracker.get(key))?.polls).toBeGreaterThan(0);
    },
    { timeout: 5_000, interval: 20 },
  );
  const late = unique("oom-late");
  lateBy.set(late, 800);
  const lateSubmit = settle(tracker.submit(body(late), { key: late }));
  await vi.waitFor(() => expect(paidFor(late)).toHaveLength(1), { timeout: 5_000, interval: 10 });

  // Anything Redis holds is over the limit: every write that adds data is refused (noeviction).
  await server.cli("CONFIG", "SET", "maxmemory", "1");
  const refused = unique("oom-refused");
  const { error } = await failure(() => tracker.submit(body(refused), { key: refused }));
  expect(error).toBeInstanceOf(StoreError);
  expect(error).not.toBeInstanceOf(UnrecordedCreateError);
  expect(error.message).toMatch(/OOM/);
  expect(api.stats.creates.get(refused)).toBeUndefined();

  const outcome = await lateSubmit;
  const [lateId] = paidFor(late);
  expect(outcome.error).toBeInstanceOf(UnrecordedCreateError);
  expect(outcome.error).toMatchObject({ key: late, id: lateId });
  expect(outcome.error?.toString()).toMatch(/OOM/);

  // The polls go on and see the generations finish; the store cannot take it.
  await vi.waitFor(
    () => expect(waiting.map((key) => completions(events, key).length)).toEqual([1, 1, 1]),
    { timeout: 8_000, interval: 50 },
  );
  for (const key of waiting) expect(await tracker.get(key)).toMatchObject({ status: "pending" });
  expect(await tracker.get(late)).toMatchObject({ status: "creating" });

  await server.cli("CONFIG", "SET", "maxmemory", "0");
  // Every one is polled again and recorded: none was left in BullMQ's failed set.
  await expectAllCompleted(tracker, [...waiting, late], 15_000);
  expect(await tracker.get(late)).toMatchObject({ id: lateId });
  expect(await server.cli("ZCARD", `bull:${queue}:failed`)).toBe("0");
  // Delivered once each: a completion the store refused is recorded later, not delivered again.
  for (const key of [...waiting, late]) expect(completions(events, key)).toHaveLength(1);
  expect(await tracker.get(refused)).toBeUndefined();
  expectCreatedAtMostOnce([...waiting, late, refused]);
});

it("Redis full when the tracker first connects: refused with StoreError, nothing sent; once memory is back the same tracker works", async () => {
  const server = await redis();
  await server.cli("CONFIG", "SET", "maxmemory", "1");
  const tracker = open(server.port);
  const key = unique("full-at-start");
  const { error } = await failure(() => tracker.submit(body(key), { key }));
  expect(error).toBeInstanceOf(StoreError);
  expect(error.message).toMatch(/OOM/);
  const started = await failure(() => tracker.resume());
  expect(started.error).toBeInstanceOf(StoreError);
  expect(api.stats.creates.get(key)).toBeUndefined();

  // The failed first contact is not kept: the next calls connect again.
  await server.cli("CONFIG", "SET", "maxmemory", "0");
  await tracker.resume();
  expect(await tracker.submit(body(key), { key })).toMatchObject({
    status: "pending",
    id: paidFor(key)[0],
    duplicate: false,
  });
  await expectAllCompleted(tracker, [key]);
  expectCreatedAtMostOnce([key]);
});

it("a fresh worker polls again the generations an older worker left in BullMQ's failed set", async () => {
  const server = await redis();
  const queue = unique("parked");
  const connection = { host: "127.0.0.1", port: server.port };
  const submitter = open(server.port, { queue }); // never resumed: it polls nothing
  const parked = [unique("parked"), unique("parked")];
  for (const key of parked) await submitter.submit(body(key), { key });
  // An older worker failed them for good (one refused write, one attempt): failed, yet pending.
  const older = new Worker<unknown, unknown>(
    queue,
    async () => {
      throw new UnrecoverableError("OOM command not allowed when used memory > 'maxmemory'.");
    },
    { connection, prefix: "bull" },
  );
  workers.push(older);
  older.on("error", () => undefined);
  await vi.waitFor(
    async () => expect(await server.cli("ZCARD", `bull:${queue}:failed`)).toBe("2"),
    { timeout: 5_000, interval: 50 },
  );
  await older.close();
  for (const key of parked) {
    expect(await submitter.get(key)).toMatchObject({ status: "pending", polls: 0 });
  }

  const fresh = open(server.port, { queue });
  const events = collect(fresh);
  await fresh.resume();
  await expectAllCompleted(fresh, parked);
  for (const key of parked) expect(completions(events, key)).toHaveLength(1);
  expect(await server.cli("ZCARD", `bull:${queue}:failed`)).toBe("0");
  expectCreatedAtMostOnce(parked);
});

it("Redis down at start: resume and submit fail within timeoutMs naming host:port; once it is up, they work", async () => {
  const port = await freePort();
  const tracker = open(port);
  const started = await failure(() => tracker.resume());
  expect(started.error).toBeInstanceOf(StoreError);
  expect(started.error.message).toContain(`Redis at 127.0.0.1:${port} failed`);
  expect(started.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);

  const key = unique("down-at-start");
  const submitted = await failure(() => tracker.submit(body(key), { key }));
  expect(submitted.error).toBeInstanceOf(StoreError);
  expect(submitted.error).not.toBeInstanceOf(UnrecordedCreateError);
  expect(submitted.error.message).toContain(`Redis at 127.0.0.1:${port} failed (key ${key})`);
  expect(submitted.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  expect(api.stats.creates.get(key)).toBeUndefined();

  // The failure is not kept: once Redis listens there, the same tracker starts and creates.
  await redis({ port });
  await vi.waitFor(() => tracker.resume(), { timeout: 10_000, interval: 200 });
  let created: Submitted | undefined;
  await vi.waitFor(
    async () => {
      created = await tracker.submit(body(key), { key });
    },
    { timeout: 5_000, interval: 200 },
  );
  expect(created).toMatchObject({ status: "pending", id: paidFor(key)[0], duplicate: false });
  await expectAllCompleted(tracker, [key]);
  expectCreatedAtMostOnce([key]);
});

it("a resume() that timed out (Redis frozen at start) still gets the worker and the watch going", async () => {
  const server = await redis();
  const tracker = open(server.port);
  const key = unique("frozen-start");
  await tracker.submit(body(key), { key }); // connected, one generation waiting
  server.pause();
  try {
    const { error, ms } = await failure(() => tracker.resume());
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  } finally {
    server.unpause();
  }
  // Called again (as a supervisor would): it polls, and it watches the store.
  await vi.waitFor(() => tracker.resume(), { timeout: 5_000, interval: 200 });
  await expectAllCompleted(tracker, [key]);
  await server.cli("CONFIG", "SET", "appendfsync", "everysec");
  const probes = await refusedSoon(tracker, /appendfsync is everysec/);
  expect(api.stats.creates.get(probes.at(-1) as string)).toBeUndefined();
  expectCreatedAtMostOnce([key, ...probes]);
});
