import type {
  Balance,
  CatalogModel,
  CreatedGeneration,
  CreateGenerationBody,
  Generation,
  LegacyGeneration,
  ModelId,
  paths,
  Transaction,
  TransactionQuery,
} from "@aimlapi-video/types";
import createFetchClient, { type Client } from "openapi-fetch";
import { ModelCatalogue, VIDEO_MODEL_TYPE } from "./catalogue.js";
import { type Costed, withCost } from "./cost.js";
import {
  AimlApiError,
  PriceLimitError,
  UnexpectedResponseError,
  ValidationError,
} from "./errors.js";
import {
  type FindGenerationOptions,
  findByClientRequestId,
  type LookupResult,
} from "./find-generation.js";
import {
  type AnyGeneration,
  asGeneration,
  type CompletedGeneration,
  notAGeneration,
  parseJson,
} from "./generation.js";
import { fetchHttpClient, type HttpClient } from "./http.js";
import { type LimiterOptions, RequestLimiter } from "./limiter.js";
import { checkNumber, MAX_TIMER_MS, withDefaults } from "./options.js";
import {
  checkSchedule,
  DEFAULT_POLL_SCHEDULE,
  type PollSchedule,
  pollUntilDone,
  type WaitOptions,
} from "./poll.js";
import type { Defaults, Quote } from "./quote.js";
import { newClientRequestId, toClientRequestId } from "./request-id.js";
import { DEFAULT_RETRY_POLICY } from "./retry.js";
import {
  type CallSettings,
  createTransport,
  PlannedRequest,
  type RetryEvent,
} from "./transport.js";
import { assertValidCreateBody } from "./validate.js";

export const DEFAULT_BASE_URL = "https://api.aimlapi.com";
export const DEFAULT_TIMEOUT_MS = 60_000;
/** The API's answers are a few hundred bytes; anything past this is not one. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** Longer ids would make a request line that servers refuse with a bare 431. */
export const MAX_GENERATION_ID_LENGTH = 1024;
/** How long `listModels()` reuses the catalogue before asking whether it changed. */
export const DEFAULT_CATALOGUE_MAX_AGE_MS = 10 * 60_000;
/** How long a failed read of the catalogue is answered with its error before it is tried again. */
const CATALOGUE_FAILURE_MS = 10_000;
/** Ledger pages `transactions()` reads at most by default (100 entries each). */
export const DEFAULT_LEDGER_MAX_PAGES = 100;
/** `GET /v2/logs` allows 200 requests per 60 s per account. */
export const DEFAULT_LOGS_LIMITS = { maxConcurrent: 2, requestsPerSecond: 200 / 60 } as const;

export interface ClientOptions {
  /** Defaults to the AIMLAPI_API_KEY environment variable. */
  apiKey?: string | undefined;
  /** Defaults to AIMLAPI_BASE_URL, then https://api.aimlapi.com. */
  baseUrl?: string | undefined;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
  /**
   * What sends the requests, instead of `fetch`: `nodeHttpClient()` from
   * `@aimlapi-video/client/node` for thousands of polls in one Node process.
   */
  http?: HttpClient | undefined;
  /** Sent with every request. */
  headers?: Record<string, string> | undefined;
  /**
   * Bound of one HTTP attempt, from connecting to the last byte of the answer (not of a whole
   * wait: see PollSchedule.timeoutMs). Default 60 s.
   */
  timeoutMs?: number | undefined;
  /** Retries of a failed request; 0 disables them. Default 2. See the README for the create call's rules. */
  maxRetries?: number | undefined;
  /** Answers longer than this fail with UnexpectedResponseError. Default 1 MiB. */
  maxResponseBytes?: number | undefined;
  /** Defaults for every `waitForGeneration` and `generateVideo`. */
  poll?: Partial<PollSchedule> | undefined;
  /**
   * The request budget: limits for this client's own limiter (default 64 requests in flight, 50
   * started per second), or a `createRequestLimiter()` shared by several clients.
   */
  limiter?: RequestLimiter | LimiterOptions | undefined;
  /**
   * The budget of `findGeneration`'s reads of `/v2/logs`, in front of `limiter`: limits (default
   * 2 in flight, 200 a minute, the endpoint's limit) or a limiter shared by the clients of one
   * account.
   */
  logsLimiter?: RequestLimiter | LimiterOptions | undefined;
  /** Check create bodies against the spec before sending them. Default true. */
  validate?: boolean | undefined;
  /**
   * Refuse, before anything is sent, a create whose quote is above this many USD
   * (`PriceLimitError`). Per call: `maxUsd`. Default: no limit.
   */
  maxUsdPerCreate?: number | undefined;
  /** Also refuse a create whose price cannot be quoted (a `variable` price, no rate). Default false. */
  refuseUnknownPrice?: boolean | undefined;
  /** How long `listModels()` (and the quotes) reuse the catalogue before revalidating it. Default 10 min. */
  catalogueMaxAgeMs?: number | undefined;
  /** Called before each automatic retry, e.g. to log it. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this call's attempts. */
  timeoutMs?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
}

export interface CreateOptions extends RequestOptions {
  /** Overrides the client's `validate` for this call. */
  validate?: boolean | undefined;
  /**
   * Sent as `X-Client-Request-Id`, so that `findGeneration` can find the task if the answer is
   * lost: yours (an order id, say), taken as is when the API accepts it and otherwise mapped to a
   * stable derived id (see `toClientRequestId`). Default: a random UUID.
   */
  clientRequestId?: string | undefined;
  /** Overrides the client's `maxUsdPerCreate` for this call. */
  maxUsd?: number | undefined;
  /** Overrides the client's `refuseUnknownPrice` for this call. */
  refuseUnknownPrice?: boolean | undefined;
}

/** What the create's answer said about the request, besides the task. */
export interface CreateRequestIds {
  /** The `X-Client-Request-Id` sent: what `findGeneration` looks for. */
  clientRequestId: string;
  /** The API's `x-inference-id` (for a create, the generation id), when it sent one. */
  inferenceId: string | undefined;
  /** The `x-client-request-id` the API echoed; absent when it dropped the one sent. */
  echoedClientRequestId: string | undefined;
}

/** The created task, with the ids that trace its request (and its quote, when a limit asked for one). */
export type CreateResult = CreatedGeneration & CreateRequestIds & { quote?: Quote | undefined };

export interface RetrieveOptions extends RequestOptions {
  /** Use the legacy `/v2/generate/video/kling/generation` path and its body shape. */
  legacy?: boolean | undefined;
}

export type WaitForGenerationOptions<G extends AnyGeneration = Generation> = WaitOptions<G> & {
  /** Use the legacy `/v2/generate/video/kling/generation` path and its body shape. */
  legacy?: boolean | undefined;
};

export interface GenerateVideoOptions extends WaitOptions<Generation> {
  /** Overrides the client's `validate` for the create call. */
  validate?: boolean | undefined;
  /** The create's `X-Client-Request-Id`, as in `createGeneration`. */
  clientRequestId?: string | undefined;
  /** The create's price limit, as in `createGeneration`. */
  maxUsd?: number | undefined;
  refuseUnknownPrice?: boolean | undefined;
  /** Receives the new task as soon as it exists: persist its id to resume with waitForGeneration. */
  onCreated?: ((created: CreateResult) => void) | undefined;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/** A typed client for the AIML API's video generation. */
export class VideoClient {
  /** The underlying openapi-fetch client, with auth, timeouts and retries: for raw calls and middleware. */
  readonly raw: Client<paths>;
  readonly #schedule: PollSchedule;
  readonly #validate: boolean;
  readonly #apiKey: string;
  readonly #logsLimiter: RequestLimiter;
  readonly #maxUsdPerCreate: number | undefined;
  readonly #refuseUnknownPrice: boolean;
  readonly #catalogueMaxAgeMs: number;
  #catalogue: ModelCatalogue | undefined;
  #catalogueLoad: Promise<ModelCatalogue> | undefined;
  /** The last failed read of the catalogue: not asked for again for a few seconds. */
  #catalogueFailure: { at: number; error: unknown } | undefined;
  /** No middleware registered: calls skip building a Request (see PlannedRequest). */
  #direct = true;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? env("AIMLAPI_API_KEY");
    if (!apiKey) {
      throw new AimlApiError(
        "Missing API key: pass { apiKey } to createVideoClient() or set the AIMLAPI_API_KEY environment variable.",
      );
    }
    // Checked here so that fetch never builds an invalid header, whose error would quote the key.
    if (!/^[\x21-\x7e]+$/.test(apiKey)) {
      throw new AimlApiError(
        "Invalid API key: it must be printable ASCII without spaces (check for a stray newline).",
      );
    }
    this.#apiKey = apiKey;
    const baseUrl = checkBaseUrl(options.baseUrl ?? env("AIMLAPI_BASE_URL") ?? DEFAULT_BASE_URL);
    const http = httpClientOf(options);
    const headers = checkHeaders(options.headers);
    checkNumber("maxRetries", options.maxRetries, { min: 0, max: 10, integer: true });
    checkNumber("timeoutMs", options.timeoutMs, { min: 1, max: MAX_TIMER_MS, unit: "ms" });
    checkNumber("maxResponseBytes", options.maxResponseBytes, {
      min: 1024,
      max: 2 ** 30,
      integer: true,
      unit: "bytes",
    });
    this.#schedule = withDefaults(DEFAULT_POLL_SCHEDULE, options.poll);
    checkSchedule(this.#schedule);
    this.#validate = options.validate ?? true;
    checkNumber("maxUsdPerCreate", options.maxUsdPerCreate, { min: 0, max: 1e6, unit: "USD" });
    checkNumber("catalogueMaxAgeMs", options.catalogueMaxAgeMs, {
      min: 0,
      max: MAX_TIMER_MS,
      unit: "ms",
    });
    this.#maxUsdPerCreate = options.maxUsdPerCreate;
    this.#refuseUnknownPrice = options.refuseUnknownPrice ?? false;
    this.#catalogueMaxAgeMs = options.catalogueMaxAgeMs ?? DEFAULT_CATALOGUE_MAX_AGE_MS;
    this.#logsLimiter =
      options.logsLimiter instanceof RequestLimiter
        ? options.logsLimiter
        : new RequestLimiter({ ...DEFAULT_LOGS_LIMITS, ...options.logsLimiter });

    const { onRetry } = options;
    const raw = createFetchClient<paths>({
      baseUrl,
      headers: { ...headers, Authorization: `Bearer ${apiKey}` },
      fetch: createTransport({
        http,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        retry: withDefaults(DEFAULT_RETRY_POLICY, { maxRetries: options.maxRetries }),
        limiter:
          options.limiter instanceof RequestLimiter
            ? options.limiter
            : new RequestLimiter(options.limiter),
        onRetry:
          onRetry &&
          (async (event) => {
            const redact = (await redactor(apiKey)).text;
            onRetry({ ...event, url: redact(event.url), reason: redact(event.reason) });
          }),
      }),
    });
    // Middleware expects real Requests: once any is registered, the SDK's calls build them too.
    const use = raw.use.bind(raw);
    raw.use = (...middleware) => {
      this.#direct = false;
      use(...middleware);
    };
    this.raw = raw;
  }

  /**
   * Creates a generation task; this is the call that costs credits. It is retried only when the
   * request certainly did not reach the server or was refused with 429; otherwise the error has
   * `mayHaveCreatedTask: true`, and its `clientRequestId` and `sentAt` are what `findGeneration`
   * needs to find the task.
   */
  createGeneration<M extends ModelId>(
    body: CreateGenerationBody<M> & { model: M },
    options: CreateOptions = {},
  ): Promise<CreateResult> {
    return this.#guard(true, async () => {
      checkRequestOptions(options);
      const clientRequestId =
        options.clientRequestId === undefined
          ? newClientRequestId()
          : await toClientRequestId(options.clientRequestId);
      if (options.validate ?? this.#validate) await assertValidCreateBody(body);
      const serialized = serializeBody(body);
      const quote = await this.#checkPrice(body, options);
      const sentAt = Date.now();
      try {
        const result = await this.raw.POST("/v2/video/generations", {
          body,
          bodySerializer: () => serialized,
          params: { header: { "X-Client-Request-Id": clientRequestId } },
          ...plan(options, this.#direct),
        });
        const created = await this.#read<CreatedGeneration>(result, true);
        const { headers } = result.response;
        return {
          ...created,
          clientRequestId,
          inferenceId: headers.get("x-inference-id") ?? undefined,
          echoedClientRequestId: headers.get("x-client-request-id") ?? undefined,
          ...(quote && { quote }),
        };
      } catch (error) {
        if (error instanceof AimlApiError) error.traceCreate(clientRequestId, sentAt);
        throw error;
      }
    });
  }

  /**
   * Finds the generation a create made, by its client request id, in the account's request log
   * (`GET /v2/logs`, scanned for `options.model` in a window around `options.sentAt`): for a
   * create whose answer was lost. Resolves `found` (the generation id and its cost) or
   * `not-found` (not *yet*: rows may appear minutes late, so this never proves the create did not
   * happen); rejects with the API's typed error when the log could not be read.
   */
  findGeneration(clientRequestId: string, options: FindGenerationOptions): Promise<LookupResult> {
    return this.#guard(false, async () => {
      const id = await toClientRequestId(clientRequestId);
      return findByClientRequestId(id, options, async (query, signal) => {
        const result = await this.raw.GET("/v2/logs", {
          params: { query },
          ...plan({ signal, limiter: this.#logsLimiter }, this.#direct),
        });
        await this.#check(result, false);
        return parseJson(result.data ?? "");
      });
    });
  }

  /**
   * The API's model catalogue now (`GET /v1/models`: the video models, with prices): which are
   * served, under which ids and aliases, at which price. Reused for `catalogueMaxAgeMs`, then
   * revalidated with its ETag (a 304 costs no body).
   */
  listModels(options: { maxAgeMs?: number | undefined } = {}): Promise<ModelCatalogue> {
    return this.#guard(false, async () => {
      checkNumber("maxAgeMs", options.maxAgeMs, { min: 0, max: MAX_TIMER_MS, unit: "ms" });
      const held = this.#catalogue;
      const maxAgeMs = options.maxAgeMs ?? this.#catalogueMaxAgeMs;
      if (held && Date.now() - held.fetchedAt < maxAgeMs) return held;
      // A quote, a limit and a caller asking in one breath meet one failure, not three rounds of retries.
      const failed = this.#catalogueFailure;
      if (failed && Date.now() - failed.at < CATALOGUE_FAILURE_MS) throw failed.error;
      // Callers at the same moment share one request.
      this.#catalogueLoad ??= this.#readCatalogue(held)
        .catch((error: unknown) => {
          this.#catalogueFailure = { at: Date.now(), error };
          throw error;
        })
        .finally(() => {
          this.#catalogueLoad = undefined;
        });
      return this.#catalogueLoad;
    });
  }

  /**
   * What a create body would cost, before it is sent: the model's rate in the catalogue for the
   * body's parameters (the model's defaults where the body omits them), times what it counts
   * (the body's seconds, or one video). `unknown`, with the reason, when it cannot be known.
   */
  quote(body: CreateGenerationBody): Promise<Quote> {
    return this.#guard(false, async () =>
      (await this.listModels()).quote(body as unknown as { model: string }),
    );
  }

  /** The account's balance in USD (`GET /v2/billing`). */
  getBalance(options: RequestOptions = {}): Promise<Balance> {
    return this.#guard(false, async () => {
      checkRequestOptions(options);
      const result = await this.raw.GET("/v2/billing", plan(options, this.#direct));
      await this.#check(result, false);
      const json = parseJson(result.data ?? "") as Partial<Balance> | undefined;
      if (typeof json?.current_balance !== "number") {
        throw new UnexpectedResponseError(
          "Expected { current_balance, currency } from GET /v2/billing.",
        );
      }
      return json as Balance;
    });
  }

  /**
   * The account's ledger, newest first (`GET /v2/billing/transactions`), entry by entry, paged by
   * the API's cursor. A video's charge (`MODEL_USAGE`, `reference_id` = the generation id) lands
   * only after it completed. Reads at most `maxPages` pages (default 100 of 100 entries), then
   * throws rather than end early: narrow the window with `from` and `to`.
   */
  async *transactions(
    query: Omit<TransactionQuery, "cursor"> = {},
    options: { maxPages?: number | undefined; signal?: AbortSignal | undefined } = {},
  ): AsyncGenerator<Transaction> {
    checkNumber("maxPages", options.maxPages, { min: 1, max: 10_000, integer: true });
    const maxPages = options.maxPages ?? DEFAULT_LEDGER_MAX_PAGES;
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const read = await this.#guard(false, async () => {
        const result = await this.raw.GET("/v2/billing/transactions", {
          params: { query: { limit: 100, ...query, ...(cursor === undefined ? {} : { cursor }) } },
          ...plan({ signal: options.signal }, this.#direct),
        });
        await this.#check(result, false);
        const json = parseJson(result.data ?? "") as
          | { data?: unknown; pagination?: { next_cursor?: unknown } }
          | undefined;
        if (!Array.isArray(json?.data)) {
          throw new UnexpectedResponseError(
            "Expected a page of the ledger ({ data: [...], pagination }) from GET /v2/billing/transactions.",
          );
        }
        const next = json.pagination?.next_cursor;
        return {
          entries: json.data as Transaction[],
          next: typeof next === "string" && next !== "" ? next : undefined,
        };
      });
      yield* read.entries;
      if (read.next === undefined) return;
      cursor = read.next;
    }
    throw new AimlApiError(
      `The ledger has more than ${maxPages} pages in this window: narrow it (from, to) or raise maxPages.`,
    );
  }

  /** The generation as it is now, with `cost` when its answer says what it cost. */
  getGeneration(
    id: string,
    options?: RetrieveOptions & { legacy?: false },
  ): Promise<Costed<Generation>>;
  getGeneration(
    id: string,
    options: RetrieveOptions & { legacy: true },
  ): Promise<Costed<LegacyGeneration>>;
  getGeneration(id: string, options?: RetrieveOptions): Promise<Costed<AnyGeneration>>;
  getGeneration(id: string, options: RetrieveOptions = {}): Promise<Costed<AnyGeneration>> {
    return this.#guard(false, async () => {
      checkGenerationId(id);
      checkRequestOptions(options);
      const init = { params: { query: { generation_id: id } }, ...plan(options, this.#direct) };
      const result = options.legacy
        ? await this.raw.GET("/v2/generate/video/kling/generation", init)
        : await this.raw.GET("/v2/video/generations", init);
      const generation = await this.#read<AnyGeneration>(result, false);
      // A redirect (same origin: nothing else is followed) may point at another generation.
      if (result.response.redirected && generation.id !== id) {
        throw new UnexpectedResponseError(
          `Asked for generation ${id}, but the answer, after a redirect, is generation ${generation.id}; not used.`,
          { status: result.response.status },
        );
      }
      return withCost(generation, result.response.headers);
    });
  }

  /** Polls until the generation completes; see PollSchedule for the options and their defaults. */
  waitForGeneration(
    id: string,
    options?: WaitForGenerationOptions & { legacy?: false },
  ): Promise<CompletedGeneration>;
  waitForGeneration(
    id: string,
    options: WaitForGenerationOptions<LegacyGeneration> & { legacy: true },
  ): Promise<CompletedGeneration<LegacyGeneration>>;
  waitForGeneration(
    id: string,
    options: WaitForGenerationOptions<AnyGeneration> = {},
  ): Promise<CompletedGeneration<AnyGeneration>> {
    return this.#guard(false, () => {
      checkGenerationId(id);
      const { signal, onProgress, legacy } = options;
      const schedule = this.#scheduleFor(options);
      // The poll loop owns the retrying: a failed poll waits for the next one, not for retries.
      const retrieve = (s: AbortSignal) =>
        this.getGeneration(id, { signal: s, legacy, maxRetries: 0 });
      return pollUntilDone(id, retrieve, { schedule, signal, onProgress });
    });
  }

  /**
   * Creates a generation and waits for its video. Every option is checked before the paid create;
   * `onCreated` gets the id before the wait begins.
   */
  generateVideo<M extends ModelId>(
    body: CreateGenerationBody<M> & { model: M },
    options: GenerateVideoOptions = {},
  ): Promise<CompletedGeneration> {
    return this.#guard(true, async () => {
      this.#scheduleFor(options);
      const { onCreated, validate, clientRequestId, maxUsd, refuseUnknownPrice, ...wait } = options;
      const created = await this.createGeneration<M>(body, {
        signal: wait.signal,
        validate,
        clientRequestId,
        maxUsd,
        refuseUnknownPrice,
      });
      onCreated?.(created);
      return this.waitForGeneration(created.id, wait);
    });
  }

  #scheduleFor(options: Partial<PollSchedule>): PollSchedule {
    const { firstDelayMs, intervalMs, backoff, maxIntervalMs, jitter, timeoutMs, maxFailedPolls } =
      options;
    const schedule = withDefaults(this.#schedule, {
      firstDelayMs,
      intervalMs,
      backoff,
      maxIntervalMs,
      jitter,
      timeoutMs,
      maxFailedPolls,
    });
    checkSchedule(schedule);
    return schedule;
  }

  /** The quote a price limit asks for; throws PriceLimitError (nothing sent) above it. */
  async #checkPrice(body: unknown, options: CreateOptions): Promise<Quote | undefined> {
    checkNumber("maxUsd", options.maxUsd, { min: 0, max: 1e6, unit: "USD" });
    const limit = options.maxUsd ?? this.#maxUsdPerCreate;
    const refuseUnknown = options.refuseUnknownPrice ?? this.#refuseUnknownPrice;
    if (limit === undefined && !refuseUnknown) return undefined;
    const model = (body as { model: string }).model;
    let quote: Quote;
    try {
      quote = (await this.listModels()).quote(body as { model: string });
    } catch (error) {
      const reason = `the catalogue could not be read: ${error instanceof Error ? error.message : String(error)}`;
      quote = { status: "unknown", model, reason };
    }
    const refused =
      quote.status === "priced" ? limit !== undefined && quote.usd > limit : refuseUnknown;
    if (refused) throw new PriceLimitError(quote, limit);
    return quote;
  }

  async #readCatalogue(held: ModelCatalogue | undefined): Promise<ModelCatalogue> {
    const query = { type: [VIDEO_MODEL_TYPE], include: ["pricing"] };
    const result = await this.raw.GET("/v1/models", {
      params: held?.etag ? { query, header: { "If-None-Match": held.etag } } : { query },
      ...plan({}, this.#direct),
    });
    if (result.response.status === 304 && held) {
      this.#catalogue = new ModelCatalogue(held.models, held.etag, Date.now(), held.defaultsOf);
      return this.#catalogue;
    }
    await this.#check(result, false);
    const json = parseJson(result.data ?? "") as { data?: unknown } | undefined;
    if (!Array.isArray(json?.data)) {
      throw new UnexpectedResponseError(
        "Expected the model catalogue ({ data: [...] }) from GET /v1/models.",
      );
    }
    const models = json.data.filter(
      (item): item is CatalogModel =>
        typeof item === "object" && item !== null && typeof (item as CatalogModel).id === "string",
    );
    const etag = result.response.headers.get("etag") ?? undefined;
    this.#catalogue = new ModelCatalogue(models, etag, Date.now(), await typedDefaults());
    return this.#catalogue;
  }

  /** Every error leaves as an AimlApiError, with the key removed from all of it. */
  async #guard<T>(creates: boolean, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      const typed =
        error instanceof AimlApiError
          ? error
          : new AimlApiError(`Unexpected failure: ${String(error)}.`, {
              cause: error,
              mayHaveCreatedTask: creates,
            });
      throw (await redactor(this.#apiKey)).error(typed);
    }
  }

  async #read<T extends { id: string; status: string }>(
    result: { data?: string; error?: unknown; response: Response },
    creates: boolean,
  ): Promise<T> {
    await this.#check(result, creates);
    const text = result.data ?? "";
    const generation = asGeneration<T>(text);
    if (generation) return generation;
    throw notAGeneration(text, result.response.status, creates, await redactor(this.#apiKey));
  }

  /** Throws the typed error of an error answer. */
  async #check(result: { error?: unknown; response: Response }, creates: boolean): Promise<void> {
    const { response } = result;
    if (response.ok) return;
    const [{ errorFromResponse }, redact] = await Promise.all([
      import("./responses.js"),
      redactor(this.#apiKey),
    ]);
    const text = typeof result.error === "string" ? result.error : JSON.stringify(result.error);
    throw errorFromResponse(response, text ?? "", {
      // A 4xx (408 included) means the server did not act on the request; a 5xx may come after it did.
      mayHaveCreatedTask: creates && response.status >= 500,
      redact,
    });
  }
}

/** The defaults of each model's parameters, from the typed catalog (loaded with the first catalogue). */
async function typedDefaults(): Promise<(id: string) => Defaults> {
  const { getModel } = await import("./models.js");
  return (id) =>
    Object.fromEntries(
      (getModel(id)?.parameters ?? [])
        .filter((parameter) => parameter.default !== undefined)
        .map((parameter) => [parameter.name, parameter.default]),
    );
}

/** Redaction runs only on the way out of an error or a retry: it loads then, not in the core. */
const redactor = async (apiKey: string) => (await import("./redact.js")).createRedactor(apiKey);

/** The per-call part of an openapi-fetch init: the transport's settings travel inside it. */
function plan(options: RequestOptions & Pick<CallSettings, "limiter">, direct: boolean) {
  const { timeoutMs, maxRetries, signal, limiter } = options;
  const sdk: CallSettings = { timeoutMs, maxRetries, signal, limiter };
  // openapi-fetch's init type does not know `Request` and `sdk`; both reach the transport.
  return { parseAs: "text", signal, sdk, ...(direct && { Request: PlannedRequest }) } as {
    parseAs: "text";
    signal: AbortSignal | undefined;
  };
}

function httpClientOf({ fetch, http }: ClientOptions): HttpClient {
  if (http !== undefined) {
    if (fetch !== undefined) {
      throw new AimlApiError(
        "Invalid options: pass fetch or http, not both (http sends the requests without fetch).",
      );
    }
    if (typeof http?.send !== "function") {
      throw new AimlApiError(
        `Invalid http: expected an HttpClient such as nodeHttpClient(), received ${typeof http === "object" ? "an object without send()" : typeof http}.`,
      );
    }
    return http;
  }
  const fetchFn = fetch ?? globalThis.fetch;
  if (typeof fetchFn !== "function") {
    throw new AimlApiError(
      `Invalid fetch: expected a function, received ${typeof fetchFn} (pass { fetch } on runtimes without a global fetch).`,
    );
  }
  return fetchHttpClient(fetchFn);
}

function checkRequestOptions(options: RequestOptions) {
  checkNumber("timeoutMs", options.timeoutMs, { min: 1, max: MAX_TIMER_MS, unit: "ms" });
  checkNumber("maxRetries", options.maxRetries, { min: 0, max: 10, integer: true });
}

function checkGenerationId(id: unknown) {
  if (typeof id !== "string" || id === "" || id.length > MAX_GENERATION_ID_LENGTH) {
    const received = typeof id === "string" ? (id ? `${id.length} characters` : '""') : String(id);
    throw new AimlApiError(
      `Invalid generation id: expected a non-empty string of at most ${MAX_GENERATION_ID_LENGTH} characters, received ${received}.`,
    );
  }
}

/** Serialised up front, so a body JSON cannot represent fails before anything is sent. */
function serializeBody(body: unknown): string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ValidationError([
      { field: "body", expected: "an object", received: body === null ? "null" : typeof body },
    ]);
  }
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new ValidationError([
      {
        field: "body",
        expected: "data JSON can represent",
        received: `a value it cannot (${(error as Error).message})`,
      },
    ]);
  }
}

/** Ports that fetch refuses before connecting (the Fetch standard's "bad ports"). */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

/** A base URL fetch will accept: checked up front, so no request fails half-way for it. */
function checkBaseUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new AimlApiError(
      `Invalid baseUrl: expected an absolute http(s) URL, received ${url ? `a ${url.protocol} URL` : `"${value}"`}.`,
    );
  }
  if (url.username || url.password) {
    // Not quoted: the credentials may be the key itself.
    throw new AimlApiError(
      "Invalid baseUrl: expected no user name or password in it, received a URL with credentials. Pass the key as apiKey.",
    );
  }
  if (url.port && BAD_PORTS.has(Number(url.port))) {
    throw new AimlApiError(
      `Invalid baseUrl: port ${url.port} is one that fetch refuses to connect to; use another port.`,
    );
  }
  return value;
}

function checkHeaders(headers: Record<string, string> | undefined) {
  for (const [name, value] of Object.entries(headers ?? {})) {
    try {
      new Headers([[name, value]]);
    } catch {
      // The value is not quoted: headers often carry secrets.
      throw new AimlApiError(
        `Invalid header "${name}": expected a valid HTTP header name and a value without line breaks or control characters.`,
      );
    }
  }
  return headers;
}

/** Creates a client; see ClientOptions for the defaults. */
export const createVideoClient = (options?: ClientOptions) => new VideoClient(options);
