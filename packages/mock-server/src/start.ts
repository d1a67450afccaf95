import { findFreePort } from "./free-port.js";
import { GenerationStore, type LifecycleOptions } from "./generations.js";
import { listenLifecycleProxy } from "./lifecycle-proxy.js";
import { bundledSpecPath } from "./paths.js";
import {
  type PrismProcess,
  PrismStartError,
  type SpawnPrismOptions,
  spawnPrism,
} from "./prism-process.js";

export interface StartOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** The port clients use; default a free one. */
  port?: number;
  /** Default the bundled spec, specs/bundled/aimlapi-video.openapi.json. */
  specPath?: string;
  /**
   * Put the lifecycle proxy in front of Prism, so created generations get their own id and move
   * through queued, generating and completed (or error) as they are polled. Default off: `url` is
   * Prism itself and every answer is the spec's example.
   */
  lifecycle?: boolean | LifecycleOptions;
  /** How long Prism may take to say it is listening. Default 30 s. */
  readyTimeoutMs?: number;
  /** Receives every line Prism logs, e.g. each request and its validation. */
  onLog?: (line: string) => void;
}

export interface MockServer {
  /** The base URL to give a client, e.g. as AIMLAPI_BASE_URL. */
  url: string;
  /** Prism's own URL; the same as `url` unless the lifecycle proxy is in front. */
  prismUrl: string;
  /** Prism's process id. */
  pid: number;
  /** Settles when Prism has exited, whether by close() or not. */
  exited: Promise<void>;
  /** Stops the proxy and Prism; resolves once Prism has exited and its port is free. Idempotent. */
  close(): Promise<void>;
}

const FREE_PORT_ATTEMPTS = 5;

/** Starts Prism serving the spec on loopback, optionally behind the lifecycle proxy. */
export async function start(options: StartOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const lifecycle = options.lifecycle === true ? {} : options.lifecycle || undefined;
  // Before Prism starts, so that bad lifecycle options cannot leave it running.
  const store = lifecycle && new GenerationStore(lifecycle);
  const spawnOptions = {
    host,
    specPath: options.specPath ?? bundledSpecPath,
    readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
    onLog: options.onLog,
  };
  // Behind the proxy, Prism runs on a port of its own and the proxy takes the requested one.
  const prismPort = store ? undefined : options.port;
  const prism =
    prismPort === undefined
      ? await spawnOnFreePort(spawnOptions)
      : await spawnPrism({ ...spawnOptions, port: prismPort });
  const { pid, exited } = prism;
  if (!store) return { url: prism.url, prismUrl: prism.url, pid, exited, close: once(prism.close) };

  const proxy = await listenLifecycleProxy({
    host,
    port: options.port ?? 0,
    prismUrl: prism.url,
    store,
  }).catch(async (error: unknown) => {
    await prism.close();
    throw error;
  });
  return {
    url: proxy.url,
    prismUrl: prism.url,
    pid,
    exited,
    close: once(async () => {
      await proxy.close();
      await prism.close();
    }),
  };
}

async function spawnOnFreePort(options: Omit<SpawnPrismOptions, "port">): Promise<PrismProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort(options.host);
    try {
      return await spawnPrism({ ...options, port });
    } catch (error) {
      const lostRace = error instanceof PrismStartError && error.addressInUse;
      if (!lostRace || attempt === FREE_PORT_ATTEMPTS) throw error;
    }
  }
}

function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}
