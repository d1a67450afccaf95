// Runs `pnpm demo`'s script as a user would: the video must land on disk, and Ctrl-C must stop
// everything cleanly with the generation's id.
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function runDemo(onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/demo.ts"], { cwd: root });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
    onStdout?.(stdout, (signal) => child.kill(signal));
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe("pnpm demo", () => {
  it("walks a generation to completed, saves the MP4 and prints its path", async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).toBe("");
    const statuses = [...stdout.matchAll(/poll \d+: (\w+)/g)].map((m) => m[1]);
    expect(statuses.at(-1)).toBe("completed");
    expect(statuses).toContain("generating");
    expect(stdout).toMatch(/Completed in \d+\.\d s after \d+ polls\./);
    const saved = /Video saved to (\S+\.mp4) \((\d+) bytes\)/.exec(stdout);
    expect(saved).not.toBeNull();
    const file = saved?.[1] as string;
    expect(path.dirname(file)).toBe(path.join(root, "videos"));
    const bytes = await readFile(file);
    expect(bytes.byteLength).toBe(Number(saved?.[2]));
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(stdout.trimEnd().endsWith("Mock stopped.")).toBe(true);
    expect(code).toBe(0);
    await rm(file);
  });

  it("Ctrl-C while waiting exits cleanly with the generation's id", async () => {
    let sent = false;
    const { code, stdout, stderr } = await runDemo((text, kill) => {
      if (!sent && /poll 1: /.test(text)) {
        sent = true;
        // Twice, as under `pnpm demo`: the terminal's Ctrl-C and pnpm's forwarded copy.
        kill("SIGINT");
        kill("SIGINT");
      }
    });
    const id = /created (\S+) \(queued\)/.exec(stdout)?.[1];
    expect(id).toBeDefined();
    expect(stdout).toContain(
      `Interrupted. Generation ${id} goes on; resume it with client.waitForGeneration("${id}").`,
    );
    expect(stdout.trimEnd().endsWith("Mock stopped.")).toBe(true);
    expect(stdout).not.toContain("Video saved");
    expect(stderr).toBe("");
    expect(code).toBe(130);
  });
});
