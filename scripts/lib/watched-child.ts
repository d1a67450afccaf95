// A child process of a bench (a server, a measured run) whose output is kept, so that when it
// fails, or never says what the bench waits for, the error shows what it printed instead of a
// bare timeout. The packages' benches use it (`pnpm bench`).
import { type ChildProcess, spawn } from "node:child_process";

/** The last this many characters of its output are kept: a chatty server stays bounded. */
const KEPT = 64 * 1024;

export interface WatchedChild {
  process: ChildProcess;
  /** What it printed so far, stdout and stderr as they came (the last 64 kB). */
  output(): string;
  /** What it printed on stdout alone (the last 64 kB): the result a measuring child prints. */
  stdout(): string;
  /** Its exit code (or signal), once it has exited. */
  exited(): number | string | undefined;
  /** Resolves with its exit code (or signal) when it exits. */
  wait(): Promise<number | string>;
  /**
   * The first match of `pattern` in its output. Rejects, with the output, when it exits first or
   * `signal` aborts (a bench passes `AbortSignal.timeout(…)`).
   */
  waitFor(pattern: RegExp, signal?: AbortSignal): Promise<RegExpMatchArray>;
  /** An Error that says `message`, then what the child printed. */
  fail(message: string): Error;
  /** Kills it (SIGKILL) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Spawns `node <args>` (or `command`), keeping its output. */
export function watchChild(
  args: string[],
  options: { command?: string; env?: NodeJS.ProcessEnv } = {},
): WatchedChild {
  const child = spawn(options.command ?? process.execPath, args, {
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdout = "";
  let exit: number | string | undefined;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-KEPT);
    changed();
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-KEPT);
    append(chunk);
  });
  child.stderr?.on("data", append);
  const closed = new Promise<void>((resolve) => {
    child.once("close", (code, signal) => {
      exit = code ?? signal ?? "unknown";
      changed();
      resolve();
    });
    child.once("error", (error) => {
      output += `\n${error.message}`;
      exit ??= "spawn error";
      changed();
      resolve();
    });
  });
  const fail = (message: string) =>
    new Error(
      `${message}\n--- output of ${[options.command ?? "node", ...args].join(" ")} ---\n${output.trimEnd() || "(nothing)"}\n---`,
    );
  return {
    process: child,
    output: () => output,
    stdout: () => stdout,
    exited: () => exit,
    wait: () => closed.then(() => exit as number | string),
    fail,
    waitFor(pattern, signal) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) done(() => resolve(match));
          else if (exit !== undefined)
            done(() => reject(fail(`exited (${exit}) before ${pattern}`)));
          else if (signal?.aborted) done(() => reject(fail(`no ${pattern} yet: ${signal.reason}`)));
        };
        const done = (settle: () => void) => {
          listeners.delete(check);
          signal?.removeEventListener("abort", check);
          settle();
        };
        listeners.add(check);
        signal?.addEventListener("abort", check);
        check();
      });
    },
    async stop() {
      if (exit === undefined) child.kill("SIGKILL");
      await closed;
    },
  };
}
