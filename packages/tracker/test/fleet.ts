/** Starts worker processes (fleet-worker.ts by default) and collects the JSON lines they print. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface FleetWorkerEnv {
  WORKER: string;
  API_URL: string;
  REDIS_PORT: string;
  QUEUE: string;
  KEYS: string;
  POLLS_PER_SECOND: string;
  POLL_INTERVAL_MS: string;
}

export interface Line {
  worker: string;
  type: string;
  key?: string;
  id?: string;
  duplicate?: boolean;
  [field: string]: unknown;
}

export interface FleetWorker {
  name: string;
  process: ChildProcess;
  lines: Line[];
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Resolves when a printed line matches (bounded by the test's timeout). */
  waitFor(predicate: (line: Line) => boolean): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Runs `script` (a file beside this one) with tsx, `env` added to this process's. */
export function startWorker(
  env: FleetWorkerEnv | (Record<string, string> & { WORKER: string }),
  file = "fleet-worker.ts",
): FleetWorker {
  const script = fileURLToPath(new URL(`./${file}`, import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: Line[] = [];
  const waiters = new Set<() => void>();
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk;
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Line);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      for (const wake of waiters) wake();
      resolve();
    }),
  );
  return {
    name: env.WORKER,
    process: child,
    lines,
    exited,
    waitFor: (predicate) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (lines.some(predicate)) {
            waiters.delete(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            reject(new Error(`worker ${env.WORKER} exited before the line expected`));
          }
        };
        waiters.add(check);
        check();
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
