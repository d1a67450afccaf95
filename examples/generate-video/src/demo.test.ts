import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("pnpm demo", () => {
  it.each([1, 2])("walks a generation to completed and exits 0 (run %i)", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/demo.ts"], {
      cwd: root,
    });
    const statuses = [...stdout.matchAll(/poll \d+: (\w+)/g)].map((m) => m[1]);
    expect(statuses).toEqual(["queued", "queued", "generating", "generating", "completed"]);
    expect(stdout).toMatch(/Completed in \d+\.\d s after 5 polls\./);
    expect(stdout).toMatch(/Video: https:\/\/\S+\.mp4/);
    expect(stdout).toContain("Mock stopped.");
    const pid = Number(stdout.match(/Prism pid (\d+)/)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });
});
