/**
 * Plain JavaScript on the built package, so that no TypeScript loader weighs on the memory measured.
 * One side of the load bench, in a process of its own so its memory is its own: 10,000
 * generations created and followed to completion, either by the tracker (SQLite store, one
 * scheduler, one budget) or by 10,000 plain `waitForGeneration` calls on one client. Prints one
 * JSON line: peak RSS, the event loop's worst delay, wall time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createVideoClient } from "@aimlapi-video/client";
import { Agent, setGlobalDispatcher } from "undici";
import { createTracker, sqliteStore } from "../dist/index.js";

const [side = "tracker", countArg = "10000"] = process.argv.slice(2);
const count = Number(countArg);
const apiUrl = process.env.API_URL ?? "";
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

// At most CONCURRENCY connections to the API on both sides, as a service would set up fetch
// (Node's fetch uses the dispatcher undici's setGlobalDispatcher installs).
setGlobalDispatcher(new Agent({ connections: CONCURRENCY }));

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
}, 100);
// The same request budget on both sides: the client's own limiter (when it has one) and the tracker's.
const clientOptions = (maxRetries) => ({
  apiKey: "bench",
  baseUrl: apiUrl,
  maxRetries,
  limiter: { maxConcurrent: CONCURRENCY, requestsPerSecond: 2_000 },
});
const started = Date.now();
let liveHeap = 0;
let delayBeforeGc = 0;
/**
 * The heap that survives a full GC once every generation is pending: what following them costs.
 * The forced GC's own pause is left out of the event-loop delay.
 */
function measureLiveHeap() {
  delayBeforeGc = delay.max;
  globalThis.gc?.();
  liveHeap = process.memoryUsage().heapUsed;
  delay.reset();
}
const body = (i) => ({
  model: "kling-video/v1/standard/text-to-video",
  prompt: `load-${i}`,
  duration: 5,
});

if (side === "tracker") {
  const dir = await mkdtemp(join(tmpdir(), "tracker-bench-"));
  const client = createVideoClient(clientOptions(2));
  const tracker = createTracker({
    store: sqliteStore({ path: join(dir, "bench.db") }),
    client,
    pollClient: createVideoClient(clientOptions(0)),
    budget: { maxConcurrent: CONCURRENCY, requestsPerSecond: 2_000 },
    // The same schedule as the waits, so that both sides make the same requests; learning is
    // measured by the simulation.
    learn: false,
  });
  let completed = 0;
  const done = new Promise((resolve) =>
    tracker.on("completed", () => {
      completed += 1;
      if (completed === count) resolve();
    }),
  );
  await tracker.resume();
  await Promise.all(
    Array.from({ length: count }, (_, i) => tracker.submit(body(i), { key: `k${i}` })),
  );
  measureLiveHeap();
  await done;
  await tracker.close();
  await rm(dir, { recursive: true, force: true });
} else {
  const client = createVideoClient(clientOptions(2));
  // Created 64 at a time (as the tracker does), then every wait at once, as a service would.
  const ids = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) ids.push((await client.createGeneration(body(next++))).id);
    }),
  );
  const waits = Promise.all(ids.map((id) => client.waitForGeneration(id)));
  measureLiveHeap();
  await waits;
}

clearInterval(sampler);
delay.disable();
process.stdout.write(
  `${JSON.stringify({
    side,
    peakRssMb: peakRss / 2 ** 20,
    peakHeapMb: peakHeap / 2 ** 20,
    liveHeapMb: liveHeap / 2 ** 20,
    loopDelayMaxMs: Math.max(delayBeforeGc, delay.max) / 1e6,
    seconds: (Date.now() - started) / 1000,
  })}\n`,
);
