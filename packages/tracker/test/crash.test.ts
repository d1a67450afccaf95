/**
 * Several worker processes share one Redis queue; one is killed with SIGKILL while its
 * generations are waiting. The others finish them: every key created once (the fake API counts
 * creates per prompt, and the prompt is the key), every generation completed once, and never
 * two polls of one generation in flight at the same time. Each GET takes 100 ms, so the victim
 * dies with polls in flight: those jobs come back through BullMQ's stalled-job check.
 */
import { createVideoClient } from "@aimlapi-video/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTracker } from "../src/index.js";
import { redisStore } from "../src/redis.js";
import { type FakeApi, startFakeApi } from "./fake-api.js";
import { type FleetWorker, startWorker } from "./fleet.js";
import { type RedisServer, startRedis } from "./redis-server.js";

let api: FakeApi;
let redis: RedisServer;
const workers: FleetWorker[] = [];

beforeAll(async () => {
  api = await startFakeApi({ durationMs: () => 4_000, getLatencyMs: 100 });
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api?.close();
  await redis?.stop();
});

const range = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

it("a worker killed mid-wait: the others complete its generations, each key created and completed once", async () => {
  const shared = range("shared", 10); // submitted by every worker at once
  const own = [0, 1, 2].map((w) => range(`w${w}`, 20));
  const all = [...shared, ...own.flat()];
  for (const [w, keys] of own.entries()) {
    workers.push(
      startWorker({
        WORKER: `w${w}`,
        API_URL: api.url,
        REDIS_PORT: String(redis.port),
        QUEUE: "crash",
        KEYS: [...shared, ...keys].join(","),
        POLLS_PER_SECOND: "200",
        POLL_INTERVAL_MS: "300",
      }),
    );
  }
  await Promise.all(workers.map((w) => w.waitFor((line) => line.type === "submitted-all")));
  const [victim, ...survivors] = workers as [FleetWorker, ...FleetWorker[]];
  // Kill it with polls in flight (each GET takes 100 ms), its generations still waiting.
  const inFlight = () => api.stats.inFlightByWorker.get("w0") ?? new Set<string>();
  await expect.poll(() => inFlight().size, { timeout: 10_000, interval: 5 }).toBeGreaterThan(0);
  const orphaned = [...inFlight()];
  victim.process.kill("SIGKILL");
  const killedAt = Date.now() - api.startedAt;
  expect(orphaned.length).toBeGreaterThan(0);
  expect(victim.lines.some((l) => l.type === "completed")).toBe(false);

  const completedKeys = () =>
    new Set(
      workers.flatMap((w) => w.lines.filter((l) => l.type === "completed").map((l) => l.key)),
    );
  await Promise.all(
    all.map((key) =>
      Promise.race(survivors.map((w) => w.waitFor((l) => l.type === "completed" && l.key === key))),
    ),
  );
  expect(completedKeys().size).toBe(all.length);

  // Created once: per key across every process, and at the server.
  const submittedBy = new Map<string, string[]>();
  for (const w of workers) {
    for (const line of w.lines.filter((l) => l.type === "submitted" && !l.duplicate)) {
      submittedBy.set(line.key as string, [...(submittedBy.get(line.key as string) ?? []), w.name]);
    }
  }
  expect([...submittedBy.values()].every((creators) => creators.length === 1)).toBe(true);
  expect(submittedBy.size).toBe(all.length);
  expect(api.stats.creates.size).toBe(all.length);
  expect([...api.stats.creates.values()].every((count) => count === 1)).toBe(true);

  // Completed once, and polled by one worker at a time.
  const completions = workers.flatMap((w) => w.lines.filter((l) => l.type === "completed"));
  expect(completions).toHaveLength(all.length);
  expect(api.stats.overlaps).toBe(0);

  // The victim's own generations were finished by the survivors, after it died.
  const victimKeys = new Set(own[0]);
  const finishedBySurvivors = survivors.flatMap((w) =>
    w.lines.filter((l) => l.type === "completed" && victimKeys.has(l.key as string)),
  );
  expect(finishedBySurvivors).toHaveLength(victimKeys.size);

  // The polls it held were taken over only once their lock expired (lockMs: 1 s): BullMQ's
  // stalled-job check, not a second poller racing it.
  for (const id of orphaned) {
    const next = api.stats.gets.find((g) => g.id === id && g.at > killedAt && g.worker !== "w0");
    expect(next).toBeDefined();
    expect((next?.at ?? 0) - killedAt).toBeGreaterThanOrEqual(700);
  }

  // The journal agrees: every record completed.
  const observer = createTracker({
    store: redisStore({ connection: { host: "127.0.0.1", port: redis.port }, queue: "crash" }),
    client: createVideoClient({ apiKey: "observer", baseUrl: api.url }),
  });
  await expect.poll(async () => (await observer.list(["completed"])).length).toBe(all.length);
  await observer.close();
});
