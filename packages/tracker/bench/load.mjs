/**
 * One step of the load bench, in a process of its own so that its memory is its own. Plain
 * JavaScript on the built package, so that no TypeScript loader weighs on what is measured.
 *
 *   node load.mjs create <tracker|waitForGeneration> <count> <dir>   creates the generations
 *   node load.mjs follow <tracker|waitForGeneration> <count> <dir>   follows them to the end
 *
 * BENCH_HTTP says what sends the requests: `node` (the client's nodeHttpClient) or `fetch`
 * (Node's fetch, with undici's Agent capping its connections as a service would set it up).
 *
 * `create` stands for the process that submitted them and then died; `follow` for the one that
 * picks them up: the tracker with `resume()` over the SQLite file the first left, the plain
 * client with one `waitForGeneration` per id the first saved. `follow` prints one JSON line:
 * peak RSS and heap, V8's young generation at its largest, live heap, the event loop's worst delay,
 * wall time.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import { createVideoClient } from "@aimlapi-video/client";
import { nodeHttpClient } from "@aimlapi-video/client/node";
import { createTracker, sqliteStore } from "../dist/index.js";

const [step, side, countArg, dir] = process.argv.slice(2);
const count = Number(countArg);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

// At most CONCURRENCY connections to the API, whatever sends the requests.
const http =
  process.env.BENCH_HTTP === "fetch" ? undefined : nodeHttpClient({ maxSockets: CONCURRENCY });
if (!http) {
  // Node's fetch uses the dispatcher undici's setGlobalDispatcher installs.
  const { Agent, setGlobalDispatcher } = await import("undici");
  setGlobalDispatcher(new Agent({ connections: CONCURRENCY }));
}

// The same request budget on both sides: the plain client's limiter, and the tracker's. The
// tracker's clients get a wider limiter, as its README says, so that its budget is the one that
// binds (two limiters of one size would each queue the requests in turn).
const BUDGET = { maxConcurrent: CONCURRENCY, requestsPerSecond: 2_000 };
const clientOptions = (maxRetries, limiter = BUDGET) => ({
  apiKey: "bench",
  http,
  baseUrl: process.env.API_URL,
  maxRetries,
  limiter,
});
const wider = { maxConcurrent: 2 * CONCURRENCY, requestsPerSecond: 2 * BUDGET.requestsPerSecond };
const tracker = () =>
  createTracker({
    store: sqliteStore({ path: join(dir, "tracker.db") }),
    client: createVideoClient(clientOptions(2, wider)),
    pollClient: createVideoClient(clientOptions(0, wider)),
    budget: BUDGET,
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
let peakYoung = 0;
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
  const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  peakYoung = Math.max(peakYoung, young?.space_size ?? 0);
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
    peakYoungMb: peakYoung / 2 ** 20,
    liveHeapMb: liveHeap / 2 ** 20,
    loopDelayMaxMs: Math.max(delayBeforeGc, delay.max) / 1e6,
    seconds: (Date.now() - started) / 1000,
  })}\n`,
);
