// `pnpm bench`: how long the mock takes from spawn to its first 200, side by side with bare
// Prism (`prism mock <spec>`) serving the same spec. The target is at most 2 s on the project's
// 2-core machine. Runs the built bin (turbo builds it first).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";
import { bundledSpecPath } from "../src/paths.js";

const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const prismCli = createRequire(import.meta.url).resolve("@stoplight/prism-cli");
let nextPort = 47_100;

/** Spawns `args` with node, polls until a retrieve answers 200, stops the process. */
async function spawnToFirst200(args: (port: number) => string[]): Promise<void> {
  const port = nextPort++;
  const child = spawn(process.execPath, args(port), { stdio: "ignore" });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = await fetch(`http://127.0.0.1:${port}/v2/video/generations?generation_id=x`, {
        // The mock answers an id it never issued with 404: pick the example, as from bare Prism.
        headers: { authorization: "Bearer bench", prefer: "code=200" },
      }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`no 200 on port ${port} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

const options = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 };

describe("spawn to first 200", () => {
  bench(
    "aimlapi-video-mock (dist/cli.js)",
    () => spawnToFirst200((port) => [bin, "--port", String(port), "--quiet"]),
    options,
  );
  bench(
    "bare Prism (prism mock --errors)",
    () =>
      spawnToFirst200((port) => [
        prismCli,
        "mock",
        bundledSpecPath,
        "--port",
        String(port),
        "--errors",
      ]),
    options,
  );
});
