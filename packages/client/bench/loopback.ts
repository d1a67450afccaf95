// `pnpm bench`, part 2: the CPU a create + get pair costs this process over real loopback HTTP,
// side by side in one run: raw fetch, openapi-fetch alone, and this client over fetch and over
// node:http. The server runs in a
// child process so that only the client side is counted. Rounds are interleaved so that drift
// (JIT, GC, a busy machine) spreads over every variant alike.
import type { paths } from "@aimlapi-video/types";
import createFetchClient from "openapi-fetch";
import { watchChild } from "../../../scripts/lib/watched-child.js";
import { createVideoClient } from "../dist/index.js"; // what users run: built, not transpiled on the fly
import { nodeHttpClient } from "../dist/node.js";
import { UNPACED } from "./limits.js";

const SERVER = `
const http = require("node:http");
const created = JSON.stringify({ id: "gen-1", status: "queued" });
const got = JSON.stringify({ id: "gen-1", status: "generating", video: null, error: null, meta: null });
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = req.method === "POST" ? created : got;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

const BODY = {
  model: "kling-video/v1/standard/text-to-video",
  prompt: "A red fox trotting through fresh snow at dawn",
  duration: 5,
  aspect_ratio: "16:9",
} as const;
const KEY = "bench-key-0123456789";
const PAIRS = Number(process.env.BENCH_PAIRS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

// The server prints the free port it got; if it dies first, the bench fails with its output.
const server = watchChild(["-e", SERVER]);
const [, port] = await server.waitFor(/^(\d+)$/m, AbortSignal.timeout(30_000));
const base = `http://127.0.0.1:${port}`;

const headers = { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" };
const openapi = createFetchClient<paths>({
  baseUrl: base,
  headers: { Authorization: `Bearer ${KEY}` },
});
// The limiter's bookkeeping is measured, not its pacing (bench/limits.ts): at the default 50
// requests a second each call would wait its turn idle, and CPU caches go cold between turns.
const client = createVideoClient({ apiKey: KEY, baseUrl: base, limiter: UNPACED });
const overNode = createVideoClient({
  apiKey: KEY,
  baseUrl: base,
  limiter: UNPACED,
  http: nodeHttpClient(),
});

const variants: Record<string, () => Promise<unknown>> = {
  "raw fetch": async () => {
    const created = await fetch(`${base}/v2/video/generations`, {
      method: "POST",
      headers,
      body: JSON.stringify(BODY),
    });
    const { id } = (await created.json()) as { id: string };
    const got = await fetch(
      `${base}/v2/video/generations?generation_id=${encodeURIComponent(id)}`,
      {
        headers,
      },
    );
    return got.json();
  },
  "openapi-fetch alone": async () => {
    const { data } = await openapi.POST("/v2/video/generations", { body: BODY });
    return openapi.GET("/v2/video/generations", {
      params: { query: { generation_id: data?.id ?? "" } },
    });
  },
  "@aimlapi-video/client": async () => {
    const { id } = await client.createGeneration(BODY);
    return client.getGeneration(id);
  },
  "@aimlapi-video/client, nodeHttpClient": async () => {
    const { id } = await overNode.createGeneration(BODY);
    return overNode.getGeneration(id);
  },
};

const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
try {
  for (let round = -1; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(variants)) {
      const start = process.cpuUsage();
      for (let i = 0; i < PAIRS; i++) await run();
      const { user, system } = process.cpuUsage(start);
      if (round >= 0) cpu[name]?.push((user + system) / PAIRS); // round -1 warms up
    }
  }
} catch (error) {
  // The server's side of it, if it died.
  throw server.fail(`a call failed: ${(error as Error).message}`);
} finally {
  await server.stop();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const perPair = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]));
const raw = perPair["raw fetch"] ?? 1;
const alone = perPair["openapi-fetch alone"] ?? 1;
console.log(
  `\nCPU of one create + get pair over loopback (median of ${ROUNDS} rounds × ${PAIRS} pairs):`,
);
console.table(
  Object.fromEntries(
    Object.entries(perPair).map(([name, us]) => [
      name,
      {
        "µs CPU / pair": Math.round(us),
        "× raw fetch": +(us / raw).toFixed(2),
        "× openapi-fetch": +(us / alone).toFixed(2),
      },
    ]),
  ),
);
