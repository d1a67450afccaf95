import { readFile } from "node:fs/promises";
import { GenerationStore, type LifecycleOptions, type MockGeneration } from "./generations.js";
import { listenMock } from "./mock-server.js";
import { bundledSpecPath, sampleVideoPath } from "./paths.js";
import { listenPrism, MockStartError } from "./prism.js";
import { RequestLog, type RequestLogEntry, type RequestLogOptions } from "./request-log.js";
import { VideoUrls } from "./video-files.js";

export interface StartOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** The port clients use; default 0, a free one. */
  port?: number;
  /** Default the spec bundled in this package. */
  specPath?: string;
  /**
   * Created generations get their own id and move through queued, generating and completed (or
   * error) as they are polled, or on the clock with `timeScale`. Default on; `false` leaves every
   * answer Prism's example for the request.
   */
  lifecycle?: boolean | LifecycleOptions;
  /**
   * The account side: every create and every poll of a known generation becomes a row of
   * `GET /v2/logs`. Part of the lifecycle's state: not with `lifecycle: false`.
   */
  logs?: RequestLogOptions;
  /** How long a video URL works after it was handed out. Default one hour. */
  videoUrlTtlMs?: number;
  /** Receives a line for every request Prism handles and every fault the mock injects. */
  onLog?: (line: string) => void;
}

export interface MockServer {
  /** The base URL to give a client, e.g. as AIMLAPI_BASE_URL. */
  url: string;
  /** Prism alone, in front of nothing: every answer is the spec's example for the request. */
  prismUrl: string;
  /** The generations created through this mock so far, oldest first. */
  generations(): MockGeneration[];
  /** The rows of the request log so far, shown in `GET /v2/logs` yet or not, oldest first. */
  requestLog(): RequestLogEntry[];
  /** Stops both servers and cuts open connections; resolves once their ports are free. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the mock in this process: Prism serving the spec on a loopback port of its own, and the
 * mock's server in front of it on `host:port`. Nothing runs in another process, so nothing can
 * outlive this one.
 */
export async function start(options: StartOptions = {}): Promise<MockServer> {
  const lifecycle = options.lifecycle ?? true;
  // Before anything listens, so that bad options cannot leave a server running.
  const store = lifecycle ? new GenerationStore(lifecycle === true ? {} : lifecycle) : undefined;
  if (!store && options.logs !== undefined) {
    throw new TypeError("logs needs the lifecycle: with lifecycle false the mock keeps no state");
  }
  const requestLog = store && new RequestLog(options.logs);
  const urls = new VideoUrls(options.videoUrlTtlMs ?? 3_600_000);
  const video = await readFile(sampleVideoPath);
  const prism = await listenPrism(options.specPath ?? bundledSpecPath, options.onLog);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const mock = await listenMock({
    host,
    port,
    prismUrl: prism.url,
    route: prism.route,
    store,
    requestLog,
    urls,
    video,
    log: options.onLog,
  }).catch(async (error: NodeJS.ErrnoException) => {
    await prism.close();
    const reason = error.code === "EADDRINUSE" ? "the port is already in use" : error.message;
    throw new MockStartError(`Cannot listen on ${host}:${port}: ${reason}`, error.code);
  });
  let closing: Promise<void> | undefined;
  return {
    url: mock.url,
    prismUrl: prism.url,
    generations: () => store?.list() ?? [],
    requestLog: () => requestLog?.list() ?? [],
    close: () => {
      closing ??= mock.close().then(() => prism.close());
      return closing;
    },
  };
}
