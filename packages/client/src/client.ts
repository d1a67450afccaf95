import type {
  CreatedGeneration,
  CreateGenerationBody,
  Generation,
  LegacyGeneration,
  paths,
} from "@aimlapi-video/types";
import createFetchClient, { type Client } from "openapi-fetch";
import { AimlApiError } from "./errors.js";
import { type AnyGeneration, type CompletedGeneration, parseGeneration } from "./generation.js";
import {
  DEFAULT_POLL_SCHEDULE,
  type PollSchedule,
  pollUntilDone,
  type WaitOptions,
} from "./poll.js";
import { errorFromResponse } from "./responses.js";
import { DEFAULT_RETRY_POLICY } from "./retry.js";
import { withLinkedSignal } from "./signals.js";
import { createTransport, type RetryEvent } from "./transport.js";
import { assertValidCreateBody } from "./validate.js";

export const DEFAULT_BASE_URL = "https://api.aimlapi.com";
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface ClientOptions {
  /** Defaults to the AIMLAPI_API_KEY environment variable. */
  apiKey?: string | undefined;
  /** Defaults to AIMLAPI_BASE_URL, then https://api.aimlapi.com. */
  baseUrl?: string | undefined;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
  /** Sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Limit for one HTTP request (not for a whole wait). Default 60 s. */
  timeoutMs?: number | undefined;
  /** Retries of a failed request; 0 disables them. Default 2. See the README for the create call's rules. */
  maxRetries?: number | undefined;
  /** Defaults for every `waitForGeneration` and `generateVideo`. */
  poll?: Partial<PollSchedule> | undefined;
  /** Check create bodies against the spec before sending them. Default true. */
  validate?: boolean | undefined;
  /** Called before each automatic retry, e.g. to log it. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

export interface CreateOptions extends RequestOptions {
  /** Overrides the client's `validate` for this call. */
  validate?: boolean | undefined;
}

export interface RetrieveOptions extends RequestOptions {
  /** Use the legacy `/v2/generate/video/kling/generation` path and its body shape. */
  legacy?: boolean | undefined;
}

export type WaitForGenerationOptions<G extends AnyGeneration = Generation> = WaitOptions<G> &
  RetrieveOptions;

export interface GenerateVideoOptions extends WaitOptions<Generation>, CreateOptions {
  /** Receives the new task as soon as it exists: persist its id to resume with waitForGeneration. */
  onCreated?: ((created: CreatedGeneration) => void) | undefined;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/** A typed client for the AIML API's video generation. */
export class VideoClient {
  /** The underlying openapi-fetch client, with auth, timeouts and retries: for raw calls and middleware. */
  readonly raw: Client<paths>;
  readonly #schedule: PollSchedule;
  readonly #validate: boolean;
  readonly #redact: (text: string) => string;

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
    const baseUrl = options.baseUrl ?? env("AIMLAPI_BASE_URL") ?? DEFAULT_BASE_URL;
    if (!URL.canParse(baseUrl)) {
      throw new AimlApiError(`Invalid baseUrl: expected an absolute URL, received "${baseUrl}".`);
    }
    const maxRetries = options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new AimlApiError(
        `Invalid maxRetries: expected a whole number ≥ 0, received ${String(maxRetries)}.`,
      );
    }

    this.#redact = (text) => text.split(apiKey).join("[redacted]");
    this.#schedule = { ...DEFAULT_POLL_SCHEDULE, ...options.poll };
    this.#validate = options.validate ?? true;
    this.raw = createFetchClient<paths>({
      baseUrl,
      headers: { ...options.headers, Authorization: `Bearer ${apiKey}` },
      fetch: createTransport({
        fetch: options.fetch ?? globalThis.fetch,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        retry: { ...DEFAULT_RETRY_POLICY, maxRetries },
        onRetry: options.onRetry,
      }),
    });
  }

  /**
   * Creates a generation task; this is the call that costs credits. It is retried only when the
   * request certainly did not reach the server or was refused with 429; otherwise the error has
   * `mayHaveCreatedTask: true`.
   */
  async createGeneration(
    body: CreateGenerationBody,
    options: CreateOptions = {},
  ): Promise<CreatedGeneration> {
    if (options.validate ?? this.#validate) assertValidCreateBody(body);
    return withLinkedSignal(options.signal, async (signal) =>
      this.#read(
        await this.raw.POST("/v2/video/generations", { body, parseAs: "text", signal }),
        true,
      ),
    );
  }

  /** The generation as it is now. */
  getGeneration(id: string, options?: RetrieveOptions & { legacy?: false }): Promise<Generation>;
  getGeneration(id: string, options: RetrieveOptions & { legacy: true }): Promise<LegacyGeneration>;
  getGeneration(id: string, options?: RetrieveOptions): Promise<AnyGeneration>;
  async getGeneration(id: string, options: RetrieveOptions = {}): Promise<AnyGeneration> {
    if (typeof id !== "string" || id === "") {
      throw new AimlApiError(
        `Invalid generation id: expected a non-empty string, received ${JSON.stringify(id)}.`,
      );
    }
    return withLinkedSignal(options.signal, async (signal) => {
      const init = { params: { query: { generation_id: id } }, parseAs: "text" as const, signal };
      const result = options.legacy
        ? await this.raw.GET("/v2/generate/video/kling/generation", init)
        : await this.raw.GET("/v2/video/generations", init);
      return this.#read(result, false);
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
    const { signal, onProgress, legacy, ...schedule } = options;
    return pollUntilDone(id, (s) => this.getGeneration(id, { signal: s, legacy }), {
      schedule: { ...this.#schedule, ...schedule },
      signal,
      onProgress,
    });
  }

  /** Creates a generation and waits for its video. `onCreated` gets the id before the wait begins. */
  async generateVideo(
    body: CreateGenerationBody,
    options: GenerateVideoOptions = {},
  ): Promise<CompletedGeneration> {
    const { onCreated, validate, ...wait } = options;
    const created = await this.createGeneration(body, { signal: wait.signal, validate });
    onCreated?.(created);
    return this.waitForGeneration(created.id, wait);
  }

  async #read<T extends { id: string; status: string }>(
    result: { data?: string; error?: unknown; response: Response },
    creates: boolean,
  ): Promise<T> {
    const { response } = result;
    if (!response.ok) {
      const text = typeof result.error === "string" ? result.error : JSON.stringify(result.error);
      throw errorFromResponse(response, text ?? "", {
        mayHaveCreatedTask: creates && response.status >= 500,
        redact: this.#redact,
      });
    }
    return parseGeneration<T>(this.#redact(result.data ?? ""), response.status);
  }
}

/** Creates a client; see ClientOptions for the defaults. */
export const createVideoClient = (options?: ClientOptions) => new VideoClient(options);
