import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";
import { exitWithParentPath, prismCliPath } from "./paths.js";

export interface PrismProcess {
  /** Where Prism says it listens, e.g. `http://127.0.0.1:4010`. */
  url: string;
  pid: number;
  /** Settles when Prism has exited, whether by close() or not. */
  exited: Promise<void>;
  /** Kills Prism and resolves once it has exited; its listening socket dies with it. */
  close(): Promise<void>;
}

export interface SpawnPrismOptions {
  host: string;
  port: number;
  specPath: string;
  readyTimeoutMs: number;
  /** Every line Prism prints, without colours. */
  onLog?: ((line: string) => void) | undefined;
}

export class PrismStartError extends Error {
  override name = "PrismStartError";
  constructor(
    message: string,
    /** Prism lost the race for a port that was free when we picked it. */
    readonly addressInUse: boolean,
  ) {
    super(message);
  }
}

const READY_LINE = /Prism is listening on (\S+)/;
const KEPT_OUTPUT_LINES = 200;

/** Starts `prism mock <spec> --errors` and resolves when Prism itself says it is listening. */
export function spawnPrism(options: SpawnPrismOptions): Promise<PrismProcess> {
  const child = spawn(
    process.execPath,
    [
      "--require",
      exitWithParentPath,
      prismCliPath,
      "mock",
      options.specPath,
      "--host",
      options.host,
      "--port",
      String(options.port),
      // A response that breaks the spec, or a request Prism cannot answer from it, is an error.
      "--errors",
      // One process, so that its pid is the whole tree (NODE_ENV=production would fork a worker).
      "--multiprocess=false",
    ],
    {
      // stdin is the lifeline that exit-with-parent.cjs watches.
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group, so a Ctrl-C in the terminal reaches only us and we stop Prism in
      // order, rather than Prism dying under a parent that has not yet decided to stop.
      detached: true,
    },
  );
  const closed = new Promise<void>((resolve) => {
    // "close", not "exit": by then Prism's last words have been read from its pipes.
    child.once("close", () => resolve());
  });

  const output: string[] = [];
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      // Prism does not handle SIGTERM, so Node exits at once; this only guards against a hang.
      const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await closed;
      clearTimeout(force);
    }
    await closed;
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void close().then(() => {
        const text = output.join("\n");
        reject(
          new PrismStartError(
            `${reason} (spec ${options.specPath}, ${options.host}:${options.port}). Prism's output:\n${text}`,
            text.includes("EADDRINUSE"),
          ),
        );
      });
    };
    const timer = setTimeout(
      () => fail(`Prism was not listening within ${options.readyTimeoutMs} ms`),
      options.readyTimeoutMs,
    );

    const onLine = (raw: string) => {
      const line = stripVTControlCharacters(raw);
      output.push(line);
      if (output.length > KEPT_OUTPUT_LINES) output.shift();
      options.onLog?.(line);
      const ready = settled ? null : READY_LINE.exec(line);
      if (ready?.[1] && child.pid !== undefined) {
        settled = true;
        clearTimeout(timer);
        resolve({ url: ready[1], pid: child.pid, exited: closed, close });
      }
    };
    // Keep reading after startup too: Prism logs every request, and a full pipe would stall it.
    createInterface({ input: child.stdout }).on("line", onLine);
    createInterface({ input: child.stderr }).on("line", onLine);

    child.once("error", (error) => fail(`Could not run Prism: ${error.message}`));
    void closed.then(() => fail("Prism exited before it was listening"));
  });
}
