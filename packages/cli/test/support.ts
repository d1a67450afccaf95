// Runs the built CLI as a user would (a child process, no terminal) and tiny stand-in APIs for
// the cases the mock does not play: a generation that never finishes, a server that echoes the key.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { inject } from "vitest";
import { CLI } from "./paths.js";

export { CLI };

export const API_KEY = "sk-cli-secret-4242";
export const MODEL = "kling-video/v1/standard/text-to-video";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Running {
  pid: number;
  /** Resolves once stderr contains `text`. */
  waitForStderr(text: string): Promise<void>;
  done: Promise<Run>;
}

/** The store the CLI uses unless a test names its own: never the user's ~/.local/state. */
export const defaultStore = () => path.join(inject("storeDir"), "generations.db");

/** Starts `aimlapi-video ...args` with the key in the environment, without a terminal. */
export function spawnCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? "",
      AIMLAPI_API_KEY: API_KEY,
      AIMLAPI_VIDEO_STORE: defaultStore(),
      ...options.env,
    },
  });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<{ text: string; resolve: () => void }>();
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
    for (const waiter of waiters) if (stderr.includes(waiter.text)) waiter.resolve();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const done = new Promise<Run>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    });
  });
  return {
    pid: child.pid as number,
    done,
    waitForStderr: (text) =>
      new Promise<void>((resolve) => {
        if (stderr.includes(text)) return resolve();
        waiters.add({ text, resolve });
      }),
  };
}

/** Runs `aimlapi-video ...args` to the end. */
export const runCli = (
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
) => spawnCli(args, options).done;

export interface StubApi {
  url: string;
  /** Each request as it arrived, `at` its time (epoch ms). */
  requests: { method: string; url: string; authorization: string | undefined; at: number }[];
  close(): Promise<void>;
}

/**
 * An API whose generations stay `queued` forever (or are `completed`, with a video URL on this
 * host, `completesAfterMs` after the first create arrived); `echoKey` makes every answer a 401 that quotes the Authorization header, as a
 * careless proxy would; `refuse` answers every request with that status and message;
 * `createDelayMs` answers creates that much later; `refuseLogs` answers `GET /v2/logs` with that
 * status and message; `models` is the catalogue `GET /v1/models` lists (`catalogueDelayMs`
 * later); `hangCreates` takes every create and never answers it.
 */
export async function startStubApi(
  options: {
    echoKey?: boolean;
    refuse?: { status: number; message: string };
    completesAfterMs?: number;
    createDelayMs?: number;
    refuseLogs?: { status: number; message: string };
    models?: unknown[];
    hangCreates?: boolean;
    catalogueDelayMs?: number;
  } = {},
): Promise<StubApi> {
  const requests: StubApi["requests"] = [];
  let createdAt: number | undefined;
  const server: Server = createServer((req, res) => {
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization,
      at: Date.now(),
    });
    if (options.hangCreates && req.method === "POST") return;
    res.setHeader("content-type", "application/json");
    if (options.echoKey) {
      res.statusCode = 401;
      return res.end(JSON.stringify({ message: `Bad key: ${req.headers.authorization}` }));
    }
    if (req.url?.startsWith("/v1/models") && (options.models || options.catalogueDelayMs)) {
      const catalogue = JSON.stringify({ data: options.models ?? [] });
      return void setTimeout(() => res.end(catalogue), options.catalogueDelayMs ?? 0);
    }
    const refuse = req.url?.startsWith("/v2/logs") ? options.refuseLogs : options.refuse;
    if (refuse) {
      res.statusCode = refuse.status;
      return res.end(JSON.stringify({ message: refuse.message }));
    }
    const { port } = server.address() as AddressInfo;
    if (req.method === "POST") createdAt ??= Date.now();
    const done =
      options.completesAfterMs !== undefined &&
      createdAt !== undefined &&
      Date.now() - createdAt >= options.completesAfterMs;
    const answer = done
      ? { id: "gen-done", status: "completed", video: { url: `http://127.0.0.1:${port}/v.mp4` } }
      : {
          id: options.completesAfterMs === undefined ? "gen-stuck" : "gen-done",
          status: "queued",
          video: null,
        };
    const delay = req.method === "POST" ? (options.createDelayMs ?? 0) : 0;
    setTimeout(() => res.end(JSON.stringify(answer)), delay);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The MP4 signature: an `ftyp` box at byte 4. */
export const isMp4 = (bytes: Uint8Array) =>
  Buffer.from(bytes.subarray(4, 8)).toString("latin1") === "ftyp";
