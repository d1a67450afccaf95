/**
 * `pnpm bench`: the polling simulation (virtual time), then the load bench: 10,000 pending
 * generations followed by the tracker and by plain `waitForGeneration` calls, side by side, each
 * in its own process against one fake API on loopback (jobs finish 10–60 s after their create).
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeApi } from "../test/fake-api.js";
import { simulate } from "./simulate.js";

console.log("Polling simulation (virtual time)\n");
console.log(simulate().join("\n"));

const count = Number(process.env.BENCH_GENERATIONS ?? 10_000);
/** The tracker's budget and the client's limiter: requests in flight at once. */
const CONCURRENCY = 64;
console.log(
  `\nLoad: ${count} generations finishing 10–60 s after their create, created by one process, ` +
    "then followed to the end by another (as after a crash): the tracker's resume() or one " +
    `waitForGeneration per id. Budget and limiter: ${CONCURRENCY} at once. Live heap: after a full ` +
    "GC once all are followed. Sockets, requests: the most open at once, seen by the server.\n",
);
console.log(
  `  ${"side".padEnd(18)} | peak RSS | live heap | loop max | sockets | requests |   GETs | mean lag | wall`,
);
const meanSeconds = (values: number[]) =>
  `${(values.reduce((a, b) => a + b, 0) / values.length / 1000).toFixed(1)} s`.padStart(8);
const mb = (value: number) => `${value.toFixed(0)} MB`.padStart(8);
const api = await startFakeApi({ durationMs: () => 10_000 + Math.random() * 50_000 });
const load = fileURLToPath(new URL("./load.mjs", import.meta.url));

/** Runs one step of load.mjs; resolves with what it printed. */
function step(name: string, side: string, dir: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", load, name, side, String(count), dir], {
      env: { ...process.env, API_URL: api.url, BENCH_CONCURRENCY: String(CONCURRENCY) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk;
    });
    child.once("exit", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`${name} ${side} exited with ${code}`)),
    );
  });
}

for (const side of (process.env.BENCH_SIDES ?? "tracker,waitForGeneration").split(",")) {
  const dir = await mkdtemp(join(tmpdir(), "tracker-bench-"));
  await step("create", side, dir);
  api.stats.maxConnections = api.stats.connectionsOpen;
  api.stats.maxRequests = api.stats.requestsOpen;
  const gets = api.stats.gets.length;
  const lags = api.stats.detectionLags.length;
  const result = JSON.parse(await step("follow", side, dir)) as {
    peakRssMb: number;
    peakHeapMb: number;
    liveHeapMb: number;
    loopDelayMaxMs: number;
    seconds: number;
  };
  await rm(dir, { recursive: true, force: true });
  console.log(
    `  ${side.padEnd(18)} | ${mb(result.peakRssMb)} | ${mb(result.liveHeapMb)} | ${`${result.loopDelayMaxMs.toFixed(0)} ms`.padStart(8)} | ` +
      `${String(api.stats.maxConnections).padStart(7)} | ${String(api.stats.maxRequests).padStart(8)} | ${String(api.stats.gets.length - gets).padStart(6)} | ${meanSeconds(api.stats.detectionLags.slice(lags))} | ${result.seconds.toFixed(0)} s`,
  );
}
await api.close();
