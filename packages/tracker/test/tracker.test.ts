/**
 * The tracker's contract, run over both stores: one SQLite file, and a real redis-server with
 * BullMQ. Generations take a few hundred milliseconds on the fake API and the schedule is
 * shortened to match, so each case takes about a second.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BadRequestError,
  createVideoClient,
  OutOfCreditsError,
  PermissionDeniedError,
} from "@aimlapi-video/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CompletionHookError,
  CreatesPausedError,
  createTracker,
  type Engine,
  type TrackedGeneration,
  type Tracker,
  type TrackerEvent,
} from "../src/index.js";
import { body, FAST, type FakeApi, type FakeApiOptions, startFakeApi } from "./fake-api.js";
import { type RedisServer, startRedis } from "./redis-server.js";
import { bothStores } from "./stores.js";

let api: FakeApi;
let redis: RedisServer;
let dir: string;
/** How each prompt's create answers (the fake API's createAnswer), "created" when unset. */
let answers: Map<string, ReturnType<NonNullable<FakeApiOptions["createAnswer"]>>>;

beforeAll(async () => {
  answers = new Map();
  api = await startFakeApi({
    // "slow" generations outlast the tracker's timeout in the test below; "refused" ones fail.
    durationMs: (b) => (b.prompt?.startsWith("slow") ? 60_000 : 300),
    createAnswer: (b) => answers.get(b.prompt ?? "") ?? "created",
    failWhen: (b) => b.prompt?.startsWith("refused") ?? false,
    brokenWhen: (b) => b.prompt?.startsWith("broken") ?? false,
  });
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), "tracker-test-"));
});

afterAll(async () => {
  await api?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

let storeId = 0;
const stores = bothStores({
  dir: () => dir,
  redisPort: () => redis.port,
  queuePrefix: "test",
  next: () => ++storeId,
});

describe.each(stores)("tracker over %s", (_name, newStore) => {
  const open = (
    store: () => Engine,
    options: { onCompleted?: () => unknown; timeoutMs?: number } = {},
  ): Tracker =>
    createTracker({
      store: store(),
      client: createVideoClient({ apiKey: "test-key", baseUrl: api.url }),
      pollClient: createVideoClient({ apiKey: "test-key", baseUrl: api.url, maxRetries: 0 }),
      schedule: FAST,
      learn: false,
      ...options,
    });

  /** Reads events until `count` have arrived (bounded by the test's timeout). */
  async function take(
    tracker: Tracker,
    count: number,
    during: () => Promise<unknown>,
  ): Promise<TrackerEvent[]> {
    const events: TrackerEvent[] = [];
    const iterator = tracker.events();
    await during();
    for await (const event of iterator) {
      events.push(event);
      if (events.length === count) break;
    }
    return events;
  }

  it("creates each key once, records the id, and delivers the completion with key and id", async () => {
    const store = newStore();
    const tracker = open(store);
    const prompt = `once-${storeId}`;
    const events = await take(tracker, 1, async () => {
      await tracker.resume();
      const [first, second] = await Promise.all([
        tracker.submit(body(prompt), { key: "a" }),
        tracker.submit(body(prompt), { key: "a" }),
      ]);
      expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
      const created = first.duplicate ? second : first;
      expect(created).toMatchObject({ key: "a", status: "pending" });
      expect(created.id).toMatch(/^gen-/);
    });
    expect(events).toEqual([
      expect.objectContaining({ type: "completed", key: "a", id: expect.stringMatching(/^gen-/) }),
    ]);
    expect(api.stats.creates.get(prompt)).toBe(1);
    // Delivered first, recorded right after (at-least-once).
    await vi.waitFor(async () =>
      expect(await tracker.get("a")).toMatchObject({ status: "completed" }),
    );
    expect((await tracker.submit(body(prompt), { key: "a" })).duplicate).toBe(true);
    expect(api.stats.creates.get(prompt)).toBe(1);
    await tracker.close();
  });

  it("hands out copies: get() follows the polls, and changing what it returned changes nothing", async () => {
    const tracker = open(newStore());
    await tracker.resume();
    await tracker.submit(body(`slow-copies-${storeId}`), { key: "copies" });
    await vi.waitFor(async () => expect((await tracker.get("copies"))?.polls).toBeGreaterThan(1));
    const seen = (await tracker.get("copies")) as TrackedGeneration;
    const listed = (await tracker.list(["pending"])).find((r) => r.key === "copies");
    Object.assign(seen, { status: "completed", polls: -1 });
    Object.assign(listed ?? {}, { status: "failed", polls: -2 });
    await vi.waitFor(async () =>
      expect((await tracker.get("copies"))?.polls).toBeGreaterThan(Math.max(2, seen.polls)),
    );
    expect(await tracker.get("copies")).toMatchObject({ status: "pending" });
    await tracker.close();
  });

  it("changes a record's status once, however many processes race to change it", async () => {
    // The race that matters: a create reporting back (creating → pending, with the id) while
    // another process sees the claim expire (creating → ambiguous). One wins; the id is never lost.
    const store = newStore();
    const [a, b] = [store(), store()];
    for (let i = 0; i < 20; i++) {
      const key = `race-${i}`;
      const now = Date.now();
      await a.claim({
        key,
        status: "creating",
        body: body(key),
        profile: "race",
        submittedAt: now,
        claimUntil: now + 60_000,
        polls: 0,
      });
      const created = { status: "pending", id: `gen-${i}`, nextPollAt: now + 60_000 } as const;
      const [pending, ambiguous] = await Promise.all([
        a.transition(key, ["creating"], { ...created, claimUntil: undefined }),
        b.transition(key, ["creating"], { status: "ambiguous", claimUntil: undefined }),
      ]);
      expect([pending, ambiguous].filter(Boolean)).toHaveLength(1);
      const stored = await b.get(key);
      if (pending) expect(stored).toMatchObject(created);
      else expect(stored).toMatchObject({ status: "ambiguous" });
    }
    await Promise.all([a.close(), b.close()]);
  });

  it("records a completion the caller waited for itself, with its cost, without another poll", async () => {
    const client = createVideoClient({
      apiKey: "test-key",
      baseUrl: api.url,
      poll: { ...FAST, firstDelayMs: 0, jitter: 0 },
    });
    const tracker = createTracker({ store: newStore()(), client, schedule: FAST, learn: false });
    const events: TrackerEvent[] = [];
    tracker.on("completed", (event) => events.push(event));
    // Not resumed: nothing polls it but the caller.
    const { id } = await tracker.submit(body(`own-wait-${storeId}`), { key: "own-wait" });
    const generation = await client.waitForGeneration(id as string);
    const gets = api.stats.gets.filter((get) => get.id === id).length;
    const record = await tracker.complete("own-wait", generation);
    expect(record).toMatchObject({ status: "completed", id, result: { id } });
    expect(record.cost?.usd).toBeGreaterThan(0);
    expect(record.cost).toEqual(generation.cost);
    expect(events).toEqual([expect.objectContaining({ type: "completed", key: "own-wait", id })]);
    expect(api.stats.gets.filter((get) => get.id === id)).toHaveLength(gets);
    // Again: answered as it is; another generation's completion is refused, naming both.
    expect(await tracker.complete("own-wait", generation)).toMatchObject({ status: "completed" });
    await expect(tracker.complete("own-wait", { ...generation, id: "gen-other" })).rejects.toThrow(
      `Invalid complete key "own-wait": expected a pending record of generation gen-other, received completed (${id}).`,
    );
    await tracker.close();
  });

  it("polls with one GET each, never retried by the client, whatever its maxRetries", async () => {
    const store = newStore();
    const client = createVideoClient({ apiKey: "test-key", baseUrl: api.url, maxRetries: 2 });
    const tracker = createTracker({ store: store(), client, schedule: FAST, learn: false });
    await tracker.resume();
    // Its GETs all answer 500: a client retry would come 0.25–1 s later, the tracker's next poll 0.1 s.
    const { id } = await tracker.submit(body(`broken-${storeId}`), { key: "broken" });
    await vi.waitFor(async () => expect((await tracker.get("broken"))?.polls).toBeGreaterThan(4));
    await tracker.close();
    const reopened = createTracker({ store: store(), client });
    const { polls } = (await reopened.get("broken")) as TrackedGeneration;
    expect(api.stats.gets.filter((get) => get.id === id)).toHaveLength(polls);
    await reopened.close();
  });

  it("never creates a key twice across two trackers sharing the store", async () => {
    const store = newStore();
    const [one, two] = [open(store), open(store)];
    const prompt = `shared-${storeId}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? one : two).submit(body(prompt), { key: `k${i % 3}` }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(3);
    expect(api.stats.creates.get(prompt)).toBe(3);
    await Promise.all([one.close(), two.close()]);
  });

  it("resumes after a restart: the pending generation completes without a new create", async () => {
    const store = newStore();
    const prompt = `restart-${storeId}`;
    const first = open(store);
    const { id } = await first.submit(body(prompt), { key: "r" });
    await first.close(); // never polled it
    const second = open(store);
    const events = await take(second, 1, () => second.resume());
    expect(events).toEqual([expect.objectContaining({ type: "completed", key: "r", id })]);
    expect(api.stats.creates.get(prompt)).toBe(1);
    await second.close();
  });

  it("polls a pending key at once when asked (pollNow), not at its scheduled time", async () => {
    const store = newStore();
    const first = createTracker({
      store: store(),
      client: createVideoClient({ apiKey: "test-key", baseUrl: api.url }),
      schedule: { ...FAST, firstDelayMs: 60_000 },
      learn: false,
    });
    const { id } = await first.submit(body(`slow-poll-now-${storeId}`), { key: "now" });
    await first.close();
    // Its first poll is recorded 60 s away; pollNow brings it forward, and the next ones follow
    // this tracker's schedule (every 0.1 s) from there.
    const second = open(store);
    // Before resume() too: the scheduler starts from it.
    expect(await second.pollNow("now")).toMatchObject({ status: "pending", id });
    await second.resume();
    await vi.waitFor(
      () => expect(api.stats.gets.filter((get) => get.id === id).length).toBeGreaterThan(2),
      { timeout: 5_000 },
    );
    expect(await second.pollNow("no-such-key")).toBeUndefined();
    await second.close();
  });

  it("records an ambiguous create for a decision, and never retries it blindly", async () => {
    const store = newStore();
    const tracker = open(store);
    const prompt = `ambiguous-${storeId}`;
    answers.set(prompt, "500");
    const events = await take(tracker, 1, async () => {
      const submitted = await tracker.submit(body(prompt), { key: "x" });
      expect(submitted).toMatchObject({ status: "ambiguous", error: { status: 500 } });
    });
    expect(events).toEqual([expect.objectContaining({ type: "ambiguous", key: "x" })]);
    expect(await tracker.submit(body(prompt), { key: "x" })).toMatchObject({
      status: "ambiguous",
      duplicate: true,
    });
    expect(await tracker.list(["ambiguous"])).toEqual([expect.objectContaining({ key: "x" })]);
    // The server echoed the key in its answer: neither the record nor the event carries it.
    expect(JSON.stringify([await tracker.list(), events])).not.toContain("test-key");
    expect(api.stats.creates.get(prompt)).toBe(1);

    // The operator found the task (the fake API numbers them): adopt it and poll it.
    const found = `gen-${[...api.stats.creates.values()].reduce((a, b) => a + b, 0)}`;
    await tracker.resume();
    const completed = await take(tracker, 1, () => tracker.markCreated("x", found));
    expect(completed).toEqual([
      expect.objectContaining({ type: "completed", key: "x", id: found }),
    ]);
    await expect(tracker.markCreated("x", found)).rejects.toThrow(
      /expected a record in status ambiguous, received completed/,
    );

    // Another ambiguous key, which the operator knows was not created: retry it, explicitly.
    const second = `ambiguous-retry-${storeId}`;
    answers.set(second, "500");
    await tracker.submit(body(second), { key: "y" });
    answers.set(second, "created");
    expect(await tracker.retryCreate("y")).toMatchObject({
      status: "pending",
      id: expect.any(String),
    });
    expect(api.stats.creates.get(second)).toBe(2);
    await tracker.close();
  });

  it("cuts a create that hangs when the caller's signal aborts: the key turns ambiguous, created once", async () => {
    const tracker = open(newStore());
    const prompt = `cut-${storeId}`;
    answers.set(prompt, "never");
    const controller = new AbortController();
    const submitted = tracker.submit(body(prompt), { key: "cut", signal: controller.signal });
    await vi.waitFor(() => expect(api.stats.creates.get(prompt)).toBe(1));
    controller.abort();
    expect(await submitted).toMatchObject({ status: "ambiguous", duplicate: false });
    expect(await tracker.get("cut")).toMatchObject({ status: "ambiguous" });
    expect(api.stats.creates.get(prompt)).toBe(1);
    await tracker.close();
  });

  it("rejects a create that certainly created nothing, and lets the key be submitted again", async () => {
    const store = newStore();
    const tracker = open(store);
    const prompt = `rejected-${storeId}`;
    answers.set(prompt, "400");
    await expect(tracker.submit(body(prompt), { key: "z" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    expect(await tracker.get("z")).toMatchObject({ status: "rejected", error: { status: 400 } });
    answers.set(prompt, "created");
    expect(await tracker.submit(body(prompt), { key: "z" })).toMatchObject({
      status: "pending",
      duplicate: false,
    });
    expect(api.stats.creates.get(prompt)).toBe(1);
    await tracker.close();
  });

  it("runs onCompleted before delivering; when it throws, says so and runs it again without polling again", async () => {
    const store = newStore();
    let calls = 0;
    const tracker = open(store, {
      onCompleted: () => {
        calls += 1;
        if (calls === 1) throw new Error("ENOENT: no such directory, open 'videos/d.mp4'");
        return "/videos/d.mp4";
      },
    });
    let id: string | undefined;
    const events = await take(tracker, 2, async () => {
      await tracker.resume();
      ({ id } = await tracker.submit(body(`download-${storeId}`), { key: "d" }));
    });
    expect(calls).toBe(2);
    expect(events).toEqual([
      expect.objectContaining({ type: "error", key: "d", id }),
      expect.objectContaining({ type: "completed", key: "d", download: "/videos/d.mp4" }),
    ]);
    const [failure] = events;
    expect(failure?.type === "error" && failure.error).toBeInstanceOf(CompletionHookError);
    expect(failure?.type === "error" && failure.error.message).toMatch(/no such directory/);
    // The hook ran again on the generation it had: the GET that saw it complete was the last.
    const gets = api.stats.gets.filter((get) => get.id === id);
    await vi.waitFor(async () =>
      expect(await tracker.get("d")).toMatchObject({ status: "completed", polls: gets.length }),
    );
    await tracker.close();
  });

  it("slows every poll down in a 429 storm instead of retrying each on its own, then completes", async () => {
    const tracker = open(newStore());
    const keys = Array.from({ length: 20 }, (_, i) => `storm-${i}`);
    api.storm(true);
    try {
      for (const key of keys) await tracker.submit(body(`${key}-${storeId}`), { key });
      const before = api.stats.gets.length;
      await tracker.resume();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      // Unchecked, 20 generations polled every 100 ms would send 500 GETs in 2.5 s.
      expect(api.stats.gets.length - before).toBeGreaterThan(0);
      expect(api.stats.gets.length - before).toBeLessThan(100);
    } finally {
      api.storm(false);
    }
    const done = new Set<string>();
    for await (const event of tracker.events()) {
      if (event.type === "completed") done.add(event.key);
      if (done.size === keys.length) break;
    }
    await tracker.close();
  });

  it("delivers a failed generation with the server's reason, and gives up after timeoutMs", async () => {
    const tracker = open(newStore(), { timeoutMs: 1_000 });
    const events = await take(tracker, 2, async () => {
      await tracker.resume();
      await tracker.submit(body(`refused-${storeId}`), { key: "f" });
      await tracker.submit(body(`slow-${storeId}`), { key: "s" });
    });
    const byKey = new Map(events.map((e) => [e.key, e]));
    expect(byKey.get("f")).toMatchObject({
      type: "failed",
      id: expect.any(String),
      error: { name: "GenerationFailed", message: "GenerationError: The prompt was refused" },
    });
    expect(byKey.get("s")).toMatchObject({ type: "failed", error: { name: "TrackerTimeout" } });
    await vi.waitFor(async () =>
      expect((await tracker.list(["failed"])).map((r) => r.key).sort()).toEqual(["f", "s"]),
    );
    await tracker.close();
  });

  it.each([
    ["out of credits", "403", OutOfCreditsError],
    ["denied", "403-denied", PermissionDeniedError],
  ] as const)(
    "pauses every create after a 403 %s, for every tracker of the store, until resumeCreates()",
    async (_what, answer, refusal) => {
      const store = newStore();
      const [one, two] = [open(store), open(store)];
      const prefix = `credits-${answer}-${storeId}`;
      for (let i = 0; i < 200; i++) answers.set(`${prefix}-${i}`, answer);
      const refusedBefore = api.stats.refused;
      await one.resume();
      // Created before the pause ("slow": it outlasts the test), and polled all along.
      const { id } = await one.submit(body(`slow-${prefix}`), { key: "polled" });
      const pausedEvents: TrackerEvent[] = [];
      one.on("error", (event) => pausedEvents.push(event));

      await expect(one.submit(body(`${prefix}-0`), { key: "c0" })).rejects.toBeInstanceOf(refusal);
      expect(pausedEvents).toEqual([
        expect.objectContaining({
          type: "error",
          key: "c0",
          error: expect.any(CreatesPausedError),
        }),
      ]);
      // The next 199, from either tracker, are refused here: nothing sent, nothing claimed.
      const results = await Promise.allSettled(
        Array.from({ length: 199 }, (_, i) =>
          (i % 2 ? one : two).submit(body(`${prefix}-${i + 1}`), { key: `c${i + 1}` }),
        ),
      );
      expect(
        results.every((r) => r.status === "rejected" && r.reason instanceof CreatesPausedError),
      ).toBe(true);
      expect(api.stats.refused - refusedBefore).toBe(1);
      expect(await one.get("c1")).toBeUndefined();

      // Polls go on while creates are paused.
      const pollsBefore = api.stats.gets.length;
      await vi.waitFor(() =>
        expect(api.stats.gets.slice(pollsBefore).some((get) => get.id === id)).toBe(true),
      );

      // Topped up: one call lifts the pause for both.
      for (let i = 0; i < 200; i++) answers.delete(`${prefix}-${i}`);
      await two.resumeCreates();
      expect(await one.submit(body(`${prefix}-1`), { key: "c1" })).toMatchObject({
        status: "pending",
      });
      expect(await two.submit(body(`${prefix}-0`), { key: "c0" })).toMatchObject({
        status: "pending",
      });
      await Promise.all([one.close(), two.close()]);
    },
  );

  it("names the field of a bad argument", async () => {
    const tracker = open(newStore());
    await expect(tracker.submit(body("p"), { key: "" })).rejects.toThrow(
      /Invalid submit key: expected a non-empty string of at most 512 characters, received ""/,
    );
    await expect(tracker.markCreated("nope", "")).rejects.toThrow(/Invalid generation id/);
    await expect(tracker.retryCreate("nope")).rejects.toThrow(/received no record/);
    await tracker.close();
  });
});
