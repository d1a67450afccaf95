import { readFile } from "node:fs/promises";
import type { CatalogModel } from "@aimlapi-video/types";
import type { MockState } from "./account.js";
import { withDocsOn } from "./account.js";
import { Billing, type BillingOptions, type ChargeOptions, type MockBilling } from "./billing.js";
import { Catalogue } from "./catalogue.js";
import { type CatalogueChanges, modelDocuments } from "./docs-json.js";
import { GenerationStore, type LifecycleOptions, type MockGeneration } from "./generations.js";
import { mediaChecker } from "./media-inputs.js";
import { listenMock } from "./mock-server.js";
import { bundledSpecPath, sampleVideoPath } from "./paths.js";
import type { PriceOverride } from "./prices.js";
import { listenPrism, operationsOf } from "./prism.js";
import { RequestLog, type RequestLogEntry, type RequestLogOptions } from "./request-log.js";
import { MockStartError } from "./start-error.js";
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
  /**
   * Prices to list in the catalogue and charge instead of the fixtures, by model id: a pricing
   * object (`fixed`, `variants` or `variable`), or USD for one video. Part of the lifecycle's state.
   */
  prices?: Readonly<Record<string, PriceOverride>>;
  /**
   * Changes to the catalogue, as the live API's changes over time: models added (with their
   * document), removed, renamed (`{ old: "new" }`: listed under the new id, the old one an alias).
   * `GET /v1/models` and `GET /docs-json` show them; the spec Prism checks requests with does not
   * change. Part of the lifecycle's state.
   */
  catalogue?: CatalogueChanges;
  /** The account's balance: `{ balanceUsd }` (default 1,000). Part of the lifecycle's state. */
  billing?: BillingOptions;
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
  /**
   * The catalogue served at `GET /v1/models`, every section included (none without the lifecycle),
   * `info.docsJson` on the mock's `url`.
   */
  catalogue(): CatalogModel[];
  /** What the mock charges for a create body once its generation completes, in USD. */
  priceOf(body: { model: string } & Readonly<Record<string, unknown>>): number;
  /** The balance and the ledger, newest first. Needs the lifecycle, as do topUp and charge. */
  billing(): MockBilling;
  /** Adds a `PAYMENT` top-up of `usd` to the balance. */
  topUp(usd: number): void;
  /** Writes a charge behind the SDK's back (`MODEL_USAGE` by default), as another client's would. */
  charge(charge: ChargeOptions): void;
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
  if (!lifecycle) {
    for (const name of ["logs", "prices", "billing", "catalogue"] as const) {
      if (options[name] !== undefined) {
        throw new TypeError(
          `${name} needs the lifecycle: with lifecycle false the mock keeps no state`,
        );
      }
    }
  }
  const store = lifecycle ? new GenerationStore(lifecycle === true ? {} : lifecycle) : undefined;
  const urls = new VideoUrls(options.videoUrlTtlMs ?? 3_600_000);
  const video = await readFile(sampleVideoPath);
  const specPath = options.specPath ?? bundledSpecPath;
  const spec = await operationsOf(specPath);
  const text = await readFile(specPath, "utf8");
  const documents = store && modelDocuments(JSON.parse(text));
  const state: MockState | undefined = store && {
    store,
    requestLog: new RequestLog(options.logs),
    billing: new Billing(options.billing),
    // The models of the spec Prism serves, so that a new model appears by itself.
    catalogue: new Catalogue(spec.operations, options.prices, {
      documents,
      changes: options.catalogue,
    }),
  };
  const prism = await listenPrism(spec, options.onLog);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const mock = await listenMock({
    host,
    port,
    prismUrl: prism.url,
    route: prism.route,
    media: mediaChecker(specJson(text)),
    state,
    urls,
    video,
    log: options.onLog,
  }).catch(async (error: NodeJS.ErrnoException) => {
    await prism.close();
    const reason = error.code === "EADDRINUSE" ? "the port is already in use" : error.message;
    throw new MockStartError(`Cannot listen on ${host}:${port}: ${reason}`, error.code);
  });
  let closing: Promise<void> | undefined;
  const stateful = (name: string) => {
    if (!state) {
      throw new TypeError(
        `${name} needs the lifecycle: with lifecycle false the mock keeps no state`,
      );
    }
    return state;
  };
  return {
    url: mock.url,
    prismUrl: prism.url,
    generations: () => store?.list() ?? [],
    requestLog: () => state?.requestLog.list() ?? [],
    catalogue: () =>
      structuredClone([...(state?.catalogue.models ?? [])]).map((model) =>
        withDocsOn(model, mock.url),
      ),
    priceOf: (body) => stateful("priceOf").catalogue.priceOf(body),
    billing: () => stateful("billing").billing.snapshot(),
    topUp: (usd) => stateful("topUp").billing.topUp(usd),
    charge: (charge) => stateful("charge").billing.charge(charge),
    close: () => {
      closing ??= mock.close().then(() => prism.close());
      return closing;
    },
  };
}

/** The spec as JSON; one in YAML (served with lifecycle false) states no media facts the mock reads. */
function specJson(text: string): object {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
