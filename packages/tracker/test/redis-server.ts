/**
 * A real redis-server for the tests: a free loopback port, a temporary directory (on /dev/shm
 * when there is one: fsync is then free, and a killed server's files survive as on a disk);
 * stopped (and its directory removed) by `stop()`. `.ci/run` installs redis-server when missing.
 *
 * By default it persists as the tracker's promise needs (`appendonly yes`, `appendfsync always`);
 * `persistence: false` runs it as a cache, which loses everything on a restart.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface RedisServerOptions {
  persistence?: boolean;
  /** `maxmemory`, e.g. "2mb"; Redis then refuses writes past it (noeviction). */
  maxmemory?: string;
  /** The port to listen on (e.g. one a client already tries); default a free one. */
  port?: number;
}

export interface RedisServer {
  port: number;
  /** Kills it with SIGKILL and starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Kills it with SIGKILL, keeping its port and directory: down until `start()`. */
  kill(): Promise<void>;
  /** Starts it again after `kill()`, on the same port and directory. */
  start(): Promise<void>;
  /** SIGSTOP: the connections stay open and nothing answers. */
  pause(): void;
  /** SIGCONT. */
  unpause(): void;
  /** Runs a command with redis-cli, e.g. `cli("CONFIG", "SET", "maxmemory", "0")`. */
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on (as of now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "tracker-redis-"));
  const port = options.port ?? (await freePort());
  const persistence = options.persistence ?? true;
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    persistence ? "yes" : "no",
    "--appendfsync",
    "always",
    "--maxmemory-policy",
    "noeviction",
    ...(options.maxmemory ? ["--maxmemory", options.maxmemory] : []),
  ];
  let child = await launch(args);
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGCONT");
    child.kill("SIGKILL");
    await exited;
  };
  return {
    port,
    async restart() {
      await kill();
      child = await launch(args);
    },
    kill,
    async start() {
      if (child.exitCode === null && child.signalCode === null) return;
      child = await launch(args);
    },
    pause: () => child.kill("SIGSTOP"),
    unpause: () => child.kill("SIGCONT"),
    async cli(...command: string[]) {
      const { stdout } = await promisify(execFile)("redis-cli", ["-p", String(port), ...command]);
      return stdout.trim();
    },
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function launch(args: string[]): Promise<ChildProcess> {
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `Cannot run redis-server (${error.message}): install it (apt-get install -y redis-server); .ci/run does.`,
        ),
      );
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}
