/**
 * One step of the load bench, in a process of its own so that its memory is its own. Plain
 * JavaScript on the built package, so that no TypeScript loader weighs on what is measured.
 *
 *   node load.mjs create <tracker|waitForGeneration> <count> <dir>   creates the generations
 *   node load.mjs follow <tracker|waitForGeneration> <count> <dir>   follows them to the end
 *
 * `create` stands for the process that submitted them and then died; `follow` for the one that
 * picks them up: the tracker with `resume()` over the SQLite file the first left, the plain
 * client with one `waitForGeneration` per id the first saved. `follow` prints one JSON line:
 * peak RSS and heap, live heap, the event loop's worst delay, wall time.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createVideoClient } from "@aimlapi-video/client";
import { Agent, setGlobalDispatcher } from "undici";
import { createTracker, sqliteStore } from "../dist/index.js";

const [step, side, countArg, dir] = process.argv.slice(2);
const count = Number(countArg);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

// At most CONCURRENCY connections to the API on both sides, as a service would set up fetch
// (Node's fetch uses the dispatcher undici's setGlobalDispatcher installs).
setGlobalDispatcher(new Agent({ connections: CONCURRENCY }));

// The same request budget on both sides: the client's limiter, and the tracker's.
const clientOptions = (maxRetries) => ({
  apiKey: "bench",
  baseUrl: process.env.API_URL,
  maxRetries,
  limiter: { maxConcurrent: CONCURRENCY, requestsPerSecond: 2_000 },
});
const tracker = () =>
  createTracker({
    store: sqliteStore({ path: join(dir, "tracker.db") }),
    client: createVideoClient(clientOptions(2)),
    pollClient: createVideoClient(clientOptions(0)),
    budget: { maxConcurrent: CONCURRENCY, requestsPerSecond: 2_000 },
    // The same schedule as the waits, so that both sides make the same requests; learning is
    // measured by the simulation.
    learn: false,
  });
const body = (i) => ({
  model: "kling-video/v1/standard/text-to-video",
  prompt: `load-${i}`,
  duration: 5,
});
const idsFile = join(dir, "ids.json");

if (step === "create") {
  if (side === "tracker") {
    const t = tracker();
    await Promise.all(Array.from({ length: count }, (_, i) => t.submit(body(i), { key: `k${i}` })));
    await t.close();
  } else {
    const client = createVideoClient(clientOptions(2));
    const ids = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) ids.push((await client.createGeneration(body(next++))).id);
      }),
    );
    await writeFile(idsFile, JSON.stringify(ids));
  }
  process.exit(0);
}

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
}, 100);
const started = Date.now();
let liveHeap = 0;
let delayBeforeGc = 0;
/**
 * The heap that survives a full GC once every generation is being followed: what following them
 * costs. The forced GC's own pause is left out of the event-loop delay.
 */
async function measureLiveHeap() {
  delayBeforeGc = delay.max;
  globalThis.gc?.();
  liveHeap = process.memoryUsage().heapUsed;
  // The histogram records the GC's pause at its next sample (every 10 ms): reset after that.
  await new Promise((resolve) => setTimeout(resolve, 50));
  delay.reset();
}

if (side === "tracker") {
  const t = tracker();
  let completed = 0;
  const done = new Promise((resolve) =>
    t.on("completed", () => {
      completed += 1;
      if (completed === count) resolve();
    }),
  );
  await t.resume();
  await measureLiveHeap();
  await done;
  await t.close();
} else {
  const client = createVideoClient(clientOptions(2));
  const ids = JSON.parse(await readFile(idsFile, "utf8"));
  const waits = Promise.all(ids.map((id) => client.waitForGeneration(id)));
  await measureLiveHeap();
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
