/**
 * `pnpm bench`: the polling simulation (virtual time), then the load bench: 10,000 pending
 * generations followed by the tracker and by plain `waitForGeneration` calls, side by side, each
 * in its own process against one fake API on loopback (jobs finish 10–60 s after their create).
 * Each side runs over nodeHttpClient; the tracker again with V8's young generation capped (what
 * a process flag can do about the peak), and the plain waits again over fetch (the default).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { watchChild } from "../../../scripts/lib/watched-child.js";
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
  `  ${"side".padEnd(50)} | peak RSS | young gen | live heap | loop max | sockets | requests |   GETs | mean lag | wall`,
);
const meanSeconds = (values: number[]) =>
  `${(values.reduce((a, b) => a + b, 0) / values.length / 1000).toFixed(1)} s`.padStart(8);
const mb = (value: number) => `${value.toFixed(0)} MB`.padStart(8);
const api = await startFakeApi({ durationMs: () => 10_000 + Math.random() * 50_000 });
const load = fileURLToPath(new URL("./load.mjs", import.meta.url));

interface Row {
  side: "tracker" | "waitForGeneration";
  http: "node" | "fetch";
  /** Node flags of the process that follows the generations. */
  flags: string[];
}

const ROWS: Row[] = [
  { side: "tracker", http: "node", flags: [] },
  { side: "tracker", http: "node", flags: ["--max-semi-space-size=1"] },
  { side: "waitForGeneration", http: "node", flags: [] },
  { side: "waitForGeneration", http: "fetch", flags: [] },
];
const label = (row: Row) =>
  `${row.side}, ${row.http === "node" ? "nodeHttpClient" : "fetch"}${row.flags.map((f) => `, ${f}`).join("")}`;

/** Runs one step of load.mjs; resolves with what it printed on stdout, or fails with all it printed. */
async function step(name: string, row: Row, dir: string): Promise<string> {
  const flags = name === "follow" ? row.flags : [];
  const child = watchChild([...flags, "--expose-gc", load, name, row.side, String(count), dir], {
    env: {
      ...process.env,
      API_URL: api.url,
      BENCH_CONCURRENCY: String(CONCURRENCY),
      BENCH_HTTP: row.http,
    },
  });
  const code = await child.wait();
  if (code !== 0) throw child.fail(`${name} ${label(row)} exited (${code})`);
  return child.stdout();
}

const only = process.env.BENCH_ROWS?.split(",").map(Number);
/** Each row's figures, for the ratios to the plain waits over the same transport (the baseline). */
const figures = new Map<
  string,
  { peakRssMb: number; liveHeapMb: number; gets: number; lag: number }
>();
try {
  for (const [index, row] of ROWS.entries()) {
    if (only && !only.includes(index)) continue;
    const dir = await mkdtemp(join(tmpdir(), "tracker-bench-"));
    await step("create", row, dir);
    api.stats.maxConnections = api.stats.connectionsOpen;
    api.stats.maxRequests = api.stats.requestsOpen;
    const gets = api.stats.gets.length;
    const lags = api.stats.detectionLags.length;
    const result = JSON.parse(await step("follow", row, dir)) as {
      peakRssMb: number;
      peakHeapMb: number;
      peakYoungMb: number;
      liveHeapMb: number;
      loopDelayMaxMs: number;
      seconds: number;
    };
    await rm(dir, { recursive: true, force: true });
    const rowLags = api.stats.detectionLags.slice(lags);
    figures.set(label(row), {
      peakRssMb: result.peakRssMb,
      liveHeapMb: result.liveHeapMb,
      gets: api.stats.gets.length - gets,
      lag: rowLags.reduce((a, b) => a + b, 0) / rowLags.length,
    });
    console.log(
      `  ${label(row).padEnd(50)} | ${mb(result.peakRssMb)} | ${mb(result.peakYoungMb).padStart(9)} | ${mb(result.liveHeapMb).padStart(9)} | ${`${result.loopDelayMaxMs.toFixed(0)} ms`.padStart(8)} | ` +
        `${String(api.stats.maxConnections).padStart(7)} | ${String(api.stats.maxRequests).padStart(8)} | ${String(api.stats.gets.length - gets).padStart(6)} | ${meanSeconds(rowLags)} | ${result.seconds.toFixed(0)} s`,
    );
  }
} finally {
  await api.close();
}

// Each row beside its baseline from this run: the plain waits over the same transport.
const ratio = (a: number, b: number, width: number) => `×${(a / b).toFixed(2)}`.padStart(width);
console.log(
  `\n  ${"side, against waitForGeneration over the same transport".padEnd(58)} | peak RSS | live heap |      GETs | mean lag`,
);
for (const [name, row] of figures) {
  const transport = name.includes("nodeHttpClient") ? "nodeHttpClient" : "fetch";
  const base = figures.get(`waitForGeneration, ${transport}`);
  if (!base || base === row) continue;
  console.log(
    `  ${name.padEnd(58)} | ${ratio(row.peakRssMb, base.peakRssMb, 8)} | ${ratio(row.liveHeapMb, base.liveHeapMb, 9)} | ${ratio(row.gets, base.gets, 9)} | ${ratio(row.lag, base.lag, 8)}`,
  );
}
