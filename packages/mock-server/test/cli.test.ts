import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { findFreePort } from "../src/free-port.js";
import { canListen, portOf } from "./support.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

it("prints AIMLAPI_BASE_URL, and on SIGINT stops Prism and exits 0", async () => {
  const port = await findFreePort("127.0.0.1");
  // node --import tsx, not the tsx CLI, so that the signal reaches the mock itself.
  const cli = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "--port", String(port)], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => cli.once("exit", resolve));
  try {
    const lines: string[] = [];
    for await (const line of createInterface({ input: cli.stdout })) {
      lines.push(line);
      if (line.startsWith("AIMLAPI_BASE_URL=")) break;
    }
    expect(lines.at(-1)).toBe(`AIMLAPI_BASE_URL=http://127.0.0.1:${port}`);
    const prismUrl = /Prism at (\S+)\)/.exec(lines.join("\n"))?.[1] ?? "";
    expect(prismUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    cli.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(await canListen("127.0.0.1", port)).toBe(true);
    expect(await canListen("127.0.0.1", portOf(prismUrl))).toBe(true);
  } finally {
    cli.kill("SIGKILL");
  }
});
