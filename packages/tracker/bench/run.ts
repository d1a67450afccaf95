/**
 * `pnpm bench`: the polling simulation (virtual time), then the load bench: 10,000 generations
 * followed by the tracker and by plain `waitForGeneration` calls, each side in its own process
 * against one fake API on loopback (jobs finish 10–60 s after their create), side by side.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startFakeApi } from "../test/fake-api.js";
import { simulate } from "./simulate.js";

console.log("Polling simulation (virtual time)\n");
console.log(simulate().join("\n"));

const count = Number(process.env.BENCH_GENERATIONS ?? 10_000);
/** The tracker's budget: requests in flight at once, so sockets open at most. */
const CONCURRENCY = 64;
console.log(
  `\nLoad: ${count} generations finishing 10–60 s after their create, one process per side. The ` +
    `tracker's budget and the client's limiter: ${CONCURRENCY} at once. Live heap: after a full GC ` +
    "with every generation pending. Sockets, requests: the most open at once, seen by the server.\n",
);
console.log(
  `  ${"side".padEnd(18)} | peak RSS | live heap | loop max | sockets | requests |   GETs | mean lag | wall`,
);
const meanSeconds = (values: number[]) =>
  `${(values.reduce((a, b) => a + b, 0) / values.length / 1000).toFixed(1)} s`.padStart(8);
const mb = (value: number) => `${value.toFixed(0)} MB`.padStart(8);
const api = await startFakeApi({ durationMs: () => 10_000 + Math.random() * 50_000 });
const load = fileURLToPath(new URL("./load.mjs", import.meta.url));
for (const side of (process.env.BENCH_SIDES ?? "tracker,waitForGeneration").split(",")) {
  api.stats.maxConnections = api.stats.connectionsOpen;
  api.stats.maxRequests = api.stats.requestsOpen;
  const gets = api.stats.gets.length;
  const lags = api.stats.detectionLags.length;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", load, side, String(count)], {
      env: { ...process.env, API_URL: api.url, BENCH_CONCURRENCY: String(CONCURRENCY) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk;
    });
    child.once("exit", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`${side} exited with ${code}`)),
    );
  });
  const result = JSON.parse(output) as {
    peakRssMb: number;
    peakHeapMb: number;
    liveHeapMb: number;
    loopDelayMaxMs: number;
    seconds: number;
  };
  console.log(
    `  ${side.padEnd(18)} | ${mb(result.peakRssMb)} | ${mb(result.liveHeapMb)} | ${`${result.loopDelayMaxMs.toFixed(0)} ms`.padStart(8)} | ` +
      `${String(api.stats.maxConnections).padStart(7)} | ${String(api.stats.maxRequests).padStart(8)} | ${String(api.stats.gets.length - gets).padStart(6)} | ${meanSeconds(api.stats.detectionLags.slice(lags))} | ${result.seconds.toFixed(0)} s`,
  );
}
await api.close();
