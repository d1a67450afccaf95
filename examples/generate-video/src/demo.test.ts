import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

/** Process ids of Prism processes started from this checkout. */
async function prismProcesses(): Promise<string[]> {
  const { stdout } = await run("ps", ["-eo", "pid=,args="]);
  return stdout.split("\n").filter((line) => line.includes("prism-cli") && line.includes("mock"));
}

describe("pnpm demo", () => {
  it.each([1, 2])("walks a generation to completed and exits 0 (run %i)", async () => {
    const before = await prismProcesses();
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/demo.ts"], {
      cwd: root,
    });
    const statuses = [...stdout.matchAll(/poll \d+: (\w+)/g)].map((m) => m[1]);
    expect(statuses).toEqual(["queued", "queued", "generating", "generating", "completed"]);
    expect(stdout).toMatch(/Completed in \d+\.\d s after 5 polls\./);
    expect(stdout).toMatch(/Video: https:\/\/\S+\.mp4/);
    expect(stdout).toContain("Mock stopped.");
    expect(await prismProcesses()).toEqual(before);
  });
});
