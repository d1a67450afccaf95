import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** The bin from its TypeScript source, as `node --import tsx` so that signals reach it directly. */
export const CLI = ["--import", "tsx", "src/cli.ts"];

export interface Output {
  stdout: string[];
  stderr: string;
  code: number | null;
}

/** Runs the bin to its end, e.g. for an option it refuses. */
export function runCli(args: string[]): Promise<Output> {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: packageDir });
  const stdout: string[] = [];
  let stderr = "";
  createInterface({ input: child.stdout }).on("line", (line) => stdout.push(line));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    child.once("close", (code) => resolve({ stdout, stderr, code }));
  });
}

/** Reads `child`'s stdout up to the AIMLAPI_BASE_URL line and returns that URL. */
export async function baseUrlOf(child: ChildProcess): Promise<string> {
  if (!child.stdout) throw new Error("the child's stdout is not a pipe");
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith("AIMLAPI_BASE_URL=")) return line.slice("AIMLAPI_BASE_URL=".length);
  }
  throw new Error("the mock ended before printing AIMLAPI_BASE_URL");
}

/** The ids of the processes that `pid` started and that still run (Linux /proc). */
export function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number),
  );
}
