// `pnpm bench`: how long the mock takes from spawn to its first 200, side by side with bare
// Prism (`prism mock <spec>`) serving the same spec. The target is at most 2 s on the project's
// 2-core machine. Runs the built bin (turbo builds it first).
import { createRequire } from "node:module";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";
import { watchChild } from "../../../scripts/lib/watched-child.js";
import { bundledSpecPath } from "../src/paths.js";

const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const prismCli = createRequire(import.meta.url).resolve("@stoplight/prism-cli");

/**
 * Spawns `node <args> --port 0` (a free port, which both print in their URLs), polls until a
 * retrieve answers 200, stops the process. A child that exits first, or no 200 within 30 s,
 * fails the bench with what the child printed.
 */
async function spawnToFirst200(args: string[]): Promise<void> {
  const child = watchChild([...args, "--port", "0"]);
  try {
    const [, port] = await child.waitFor(
      /http:\/\/127\.0\.0\.1:(\d+)/,
      AbortSignal.timeout(30_000),
    );
    // 10 ms apart: 3,000 tries is 30 s at least.
    for (let tries = 0; tries < 3_000; tries++) {
      const status = await fetch(`http://127.0.0.1:${port}/v2/video/generations?generation_id=x`, {
        // The mock answers an id it never issued with 404: pick the example, as from bare Prism.
        headers: { authorization: "Bearer bench", prefer: "code=200" },
      }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      if (child.exited() !== undefined) throw child.fail(`exited before a 200 on port ${port}`);
      await delay(10);
    }
    throw child.fail(`no 200 on port ${port} after 3,000 tries`);
  } finally {
    await child.stop();
  }
}

// throws: a failed run fails the bench with its error, the child's output included (vitest
// alone prints NaN and exits 0).
const options = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0, throws: true };

describe("spawn to first 200", () => {
  bench("aimlapi-video-mock (dist/cli.js)", () => spawnToFirst200([bin, "--quiet"]), options);
  bench(
    "bare Prism (prism mock --errors)",
    () => spawnToFirst200([prismCli, "mock", bundledSpecPath, "--errors"]),
    options,
  );
});
