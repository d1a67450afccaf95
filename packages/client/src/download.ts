// `@aimlapi-video/client/download`: a generation's video with nothing but fetch and web streams,
// so it runs wherever fetch exists. The Node file writer (`/node`) is built on streamVideo.
import { DownloadError, describeUrl } from "./download-errors.js";
import { AimlApiError, APIUserAbortError } from "./errors.js";

export { DownloadError, type DownloadFailureReason } from "./download-errors.js";

export interface DownloadProgress {
  receivedBytes: number;
  /** What the file host declared, when it did. */
  totalBytes: number | undefined;
}

/** What a download needs of a client: a VideoClient fits, and so does a wrapper around one. */
export interface GenerationLookup {
  getGeneration(
    id: string,
    options?: { signal?: AbortSignal | undefined },
  ): Promise<{ id: string; status: string; video?: { url: string } | null | undefined }>;
}

export interface DownloadOptions {
  /**
   * Needed to download by id, and to get a fresh signed URL when the one in hand has expired.
   * Only its `getGeneration` is used: the file host never sees the client's key or headers.
   */
  client?: GenerationLookup | undefined;
  signal?: AbortSignal | undefined;
  /** Called after every chunk received. */
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** Give up on a connection when no byte arrives for this long, then resume. Default 30 s. */
  stallTimeoutMs?: number | undefined;
  /** Bound for the whole transfer, resumes and fresh URLs included. Default 10 min. */
  timeoutMs?: number | undefined;
  /** Dropped or stalled connections (and 408/429/5xx answers) resumed with `Range`. Default 5. */
  maxResumes?: number | undefined;
  /** Fresh URLs fetched from the API when the file host says the URL expired (403/410). Default 2. */
  maxUrlRefreshes?: number | undefined;
  /** Wait before the first resume, doubled on each one up to 8 s. Default 500 ms. */
  resumeDelayMs?: number | undefined;
  /**
   * The largest video accepted, in bytes. A file host that declares more is refused before any
   * byte is read; one that sends more (an endless body) is cut off at this bound. Default 1 GiB.
   */
  maxBytes?: number | undefined;
  /** Check that the file starts with an MP4 `ftyp` box. Default true. */
  expectMp4?: boolean | undefined;
  /** Defaults to the global fetch. It is called with no headers but `Range`, never the client's. */
  fetch?: typeof fetch | undefined;
}

/** A generation as the client returns it (with `video.url` once completed), or its id. */
export type VideoSource = string | { id: string; status?: string; video?: { url: string } | null };

export interface VideoStream {
  /** The video's bytes; errors with a DownloadError (or APIUserAbortError) when the download fails. */
  stream: ReadableStream<Uint8Array>;
  /** The size the file host declared, when it declared one. */
  totalBytes: number | undefined;
  generationId: string | undefined;
}

interface Settings {
  stallTimeoutMs: number;
  timeoutMs: number;
  maxResumes: number;
  maxUrlRefreshes: number;
  resumeDelayMs: number;
  maxBytes: number;
}

const DEFAULTS: Settings = {
  stallTimeoutMs: 30_000,
  timeoutMs: 600_000,
  maxResumes: 5,
  maxUrlRefreshes: 2,
  resumeDelayMs: 500,
  maxBytes: 2 ** 30,
};
const MAX_RESUME_DELAY_MS = 8_000;
// setTimeout fires at once for anything above 2^31 - 1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;
const FTYP = [0x66, 0x74, 0x79, 0x70];

/**
 * Opens the video of a generation as a web stream. Resolves once the file host has answered (so a
 * missing video, an expired URL or an error status rejects here); the bytes then flow through
 * `stream` under the same bounds, resuming dropped connections with `Range`.
 */
export async function streamVideo(
  source: VideoSource,
  options: DownloadOptions = {},
): Promise<VideoStream> {
  const transfer = new Transfer(source, options, readSettings(options));
  await transfer.start();
  return {
    stream: transfer.stream(),
    totalBytes: transfer.totalBytes,
    generationId: transfer.generationId,
  };
}

function readSettings(options: DownloadOptions): Settings {
  const read = (name: keyof Settings, whole: boolean, min: number, max = MAX_TIMER_MS) => {
    const value = options[name] ?? DEFAULTS[name];
    const ok = Number.isFinite(value) && value >= min && value <= max;
    if (!ok || (whole && !Number.isInteger(value))) {
      const expected = whole ? `a whole number ≥ ${min}` : `a number of milliseconds ≥ ${min}`;
      throw new AimlApiError(
        `Invalid ${name}: expected ${expected} and at most ${max}, received ${String(value)}.`,
      );
    }
    return value;
  };
  return {
    stallTimeoutMs: read("stallTimeoutMs", false, 1),
    timeoutMs: read("timeoutMs", false, 1),
    maxResumes: read("maxResumes", true, 0),
    maxUrlRefreshes: read("maxUrlRefreshes", true, 0),
    resumeDelayMs: read("resumeDelayMs", false, 0),
    maxBytes: read("maxBytes", true, 1, Number.MAX_SAFE_INTEGER),
  };
}

/** A connection that went silent for `stallTimeoutMs`: resumed like a dropped one. */
class Stalled extends Error {}
/** A transient status from the file host (408, 429, 5xx): resumed like a dropped connection. */
class TransientStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/**
 * The bounds of the whole transfer: the caller's signal and the overall deadline. `run` races one
 * step against them (and an optional stall timer). Its timers and listener are held here, not by
 * fetch or its Request, so they fire whatever the garbage collector does.
 */
class Bounds {
  #failure: Error | undefined;
  readonly #waiters = new Set<(error: Error) => void>();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.fail(new APIUserAbortError());
  readonly #stop: () => void;

  /** `stop` closes the transfer when a bound fires, whether or not anyone is reading. */
  constructor(
    timeoutMs: number,
    signal: AbortSignal | undefined,
    onTimeout: () => Error,
    stop: () => void,
  ) {
    this.#stop = stop;
    this.#timer = setTimeout(() => this.fail(onTimeout()), timeoutMs);
    this.#signal = signal;
    signal?.addEventListener("abort", this.#onAbort, { once: true });
    if (signal?.aborted) this.#onAbort();
  }

  fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    for (const waiter of this.#waiters) waiter(error);
    this.dispose();
    // A stream nobody reads has no waiter: its connection must close all the same. The next
    // read then meets the failure.
    this.#stop();
  }

  /** Settles with `work`, or rejects when a bound fires first, after calling `release`. */
  run<T>(work: Promise<T>, release: () => void, stallMs?: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let stall: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(stall);
        this.#waiters.delete(fail);
      };
      const fail = (error: Error) => {
        done();
        release();
        reject(error);
      };
      // Observed first, so that work abandoned by a bound never rejects unhandled.
      work.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
      if (this.#failure) return fail(this.#failure);
      this.#waiters.add(fail);
      if (stallMs !== undefined) stall = setTimeout(() => fail(new Stalled()), stallMs);
    });
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }
}

const noop = () => {};

class Transfer {
  generationId: string | undefined;
  totalBytes: number | undefined;
  readonly #source: VideoSource;
  readonly #options: DownloadOptions;
  readonly #settings: Settings;
  readonly #bounds: Bounds;
  #url: string | undefined;
  #etag: string | undefined;
  #received = 0;
  /** Bytes to drop from the current body: a host that ignored `Range` resends them. */
  #skip = 0;
  /** The first bytes, held until the MP4 signature is checked. */
  #head: Uint8Array | undefined = new Uint8Array(0);
  #resumes = 0;
  #refreshes = 0;
  #attempt: AbortController | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  constructor(source: VideoSource, options: DownloadOptions, settings: Settings) {
    this.#source = source;
    this.#options = options;
    this.#settings = settings;
    this.generationId = typeof source === "string" ? source : source?.id;
    if (options.expectMp4 === false) this.#head = undefined;
    this.#bounds = new Bounds(
      settings.timeoutMs,
      options.signal,
      () =>
        this.#error(
          "timeout",
          `The download took longer than timeoutMs (${settings.timeoutMs} ms).`,
        ),
      () => this.#disconnect(),
    );
  }

  async start(): Promise<void> {
    try {
      await this.#resolveUrl(typeof this.#source === "string");
      await this.#open();
    } catch (error) {
      this.#close();
      throw error;
    }
  }

  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            const chunk = await this.#next();
            if (chunk) return controller.enqueue(chunk);
            this.#close();
            controller.close();
          } catch (error) {
            this.#close();
            throw error;
          }
        },
        cancel: () => this.#close(),
      },
      // Pull only while someone reads, so a slow reader never counts as a stalled host.
      { highWaterMark: 0 },
    );
  }

  #close(): void {
    this.#bounds.dispose();
    this.#disconnect();
  }

  /** Closes the connection in use, if any. */
  #disconnect(): void {
    this.#attempt?.abort();
    this.#reader?.cancel().catch(noop);
  }

  #error(
    reason: DownloadError["reason"],
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    return new DownloadError(reason, message, {
      ...options,
      generationId: this.generationId,
      bytesReceived: this.#received,
    });
  }

  /** Takes the URL from the generation in hand, or (`fresh`) from the API. */
  async #resolveUrl(fresh: boolean): Promise<void> {
    let generation = typeof this.#source === "string" ? undefined : this.#source;
    if (fresh) {
      const { client } = this.#options;
      const id = this.generationId;
      if (typeof id !== "string" || id === "") {
        throw new AimlApiError(
          `Invalid generation: expected an id (a non-empty string) or a generation with one, received ${JSON.stringify(id)}.`,
        );
      }
      if (!client) {
        throw new AimlApiError(
          "Missing client: downloading by id needs { client } (a VideoClient) to look the generation up.",
        );
      }
      const controller = new AbortController();
      generation = await this.#bounds.run(
        client.getGeneration(id, { signal: controller.signal }),
        () => controller.abort(),
      );
    }
    const url = generation?.video?.url;
    if (typeof url !== "string" || url === "") {
      throw this.#error(
        "not-completed",
        `Generation ${this.generationId} has no video to download (status ${JSON.stringify(generation?.status)}); wait for it to complete first.`,
      );
    }
    if (!/^https?:$/.test(URL.canParse(url) ? new URL(url).protocol : "")) {
      throw this.#error("http-status", `The video URL is not an http(s) URL: ${describeUrl(url)}.`);
    }
    this.#url = url;
  }

  /** Requests the rest of the file (all of it at first), handling statuses until a body flows. */
  async #open(): Promise<void> {
    for (;;) {
      const url = this.#url as string;
      const controller = new AbortController();
      this.#attempt = controller;
      // No client header goes to the file host: only what a resume and an honest length need.
      const headers: Record<string, string> = { "accept-encoding": "identity" };
      if (this.#received > 0) {
        headers.range = `bytes=${this.#received}-`;
        if (this.#etag) headers["if-range"] = this.#etag;
      }
      let response: Response;
      try {
        const fetchFn = this.#options.fetch ?? globalThis.fetch;
        // The signal goes in the init: undici follows a Request's signal only through a weak reference.
        response = await this.#bounds.run(
          fetchFn(url, { headers, signal: controller.signal, redirect: "follow" }),
          () => controller.abort(),
          this.#settings.stallTimeoutMs,
        );
      } catch (error) {
        if (error instanceof AimlApiError) throw error;
        await this.#beforeResume(error);
        continue;
      }
      const { status } = response;
      if (status === 200 || status === 206) return this.#accept(response);
      response.body?.cancel().catch(noop);
      if (status === 403 || status === 410) {
        await this.#refreshUrl(status);
      } else if (status === 408 || status === 429 || status >= 500) {
        await this.#beforeResume(new TransientStatus(status));
      } else {
        throw this.#error(
          "http-status",
          `The file host answered ${status} for ${describeUrl(url)}.`,
          { status },
        );
      }
    }
  }

  #accept(response: Response): void {
    const { headers } = response;
    const encoded = (headers.get("content-encoding") ?? "identity") !== "identity";
    let total: number | undefined;
    if (response.status === 206) {
      const range = parseContentRange(headers.get("content-range"));
      if (!range || range.start !== this.#received) {
        throw this.#error(
          "length-mismatch",
          `Asked the file host for bytes from ${this.#received}, received the range ${JSON.stringify(headers.get("content-range"))}.`,
        );
      }
      total = range.total;
      this.#skip = 0;
    } else {
      const length = encoded ? undefined : parseLength(headers.get("content-length"));
      total = length;
      // A 200 to a resume: the host ignored Range (resend from 0) or If-Range saw a new file.
      const etag = headers.get("etag") ?? undefined;
      const newFile =
        (this.#etag !== undefined && etag !== this.#etag) ||
        (this.totalBytes !== undefined && length !== undefined && length !== this.totalBytes);
      if (this.#received > 0 && newFile) {
        throw this.#error(
          "changed",
          "The video changed on the file host while it was being downloaded.",
        );
      }
      this.#skip = this.#received;
    }
    if (this.totalBytes !== undefined && total !== undefined && total !== this.totalBytes) {
      throw this.#error(
        "changed",
        `The file host first declared ${this.totalBytes} bytes, then ${total}: the video changed.`,
      );
    }
    if (total !== undefined && total > this.#settings.maxBytes) {
      throw this.#error(
        "too-large",
        `The file host declared ${total} bytes for ${describeUrl(this.#url as string)}, above maxBytes (${this.#settings.maxBytes} bytes).`,
      );
    }
    this.totalBytes ??= total;
    const etag = headers.get("etag");
    if (this.#etag === undefined && etag && !etag.startsWith("W/")) this.#etag = etag;
    this.#reader = (response.body ?? new ReadableStream<Uint8Array>()).getReader();
  }

  /** The next bytes to hand out, or undefined at the end of a complete, checked file. */
  async #next(): Promise<Uint8Array | undefined> {
    for (;;) {
      const reader = this.#reader as ReadableStreamDefaultReader<Uint8Array>;
      const controller = this.#attempt;
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await this.#bounds.run(
          reader.read(),
          () => {
            controller?.abort();
            reader.cancel().catch(noop);
          },
          this.#settings.stallTimeoutMs,
        );
      } catch (error) {
        if (error instanceof AimlApiError) throw error;
        await this.#beforeResume(error);
        await this.#open();
        continue;
      }
      if (result.done) {
        if (this.totalBytes !== undefined && this.#received < this.totalBytes) {
          // The body ended early without an error: resume like a dropped connection.
          await this.#beforeResume(new Error("the body ended early"));
          await this.#open();
          continue;
        }
        return this.#finish();
      }
      let chunk = result.value;
      if (this.#skip > 0) {
        const skipped = Math.min(this.#skip, chunk.byteLength);
        this.#skip -= skipped;
        chunk = chunk.subarray(skipped);
      }
      if (chunk.byteLength === 0) continue;
      if (this.totalBytes !== undefined && this.#received + chunk.byteLength > this.totalBytes) {
        reader.cancel().catch(noop);
        throw this.#error(
          "length-mismatch",
          `The file host declared ${this.totalBytes} bytes and sent more.`,
        );
      }
      if (this.#received + chunk.byteLength > this.#settings.maxBytes) {
        reader.cancel().catch(noop);
        throw this.#error(
          "too-large",
          `The file host sent more than maxBytes (${this.#settings.maxBytes} bytes) for ${describeUrl(this.#url as string)}, without declaring a length.`,
        );
      }
      this.#received += chunk.byteLength;
      this.#options.onProgress?.({ receivedBytes: this.#received, totalBytes: this.totalBytes });
      const out = this.#checkSignature(chunk);
      if (out.byteLength > 0) return out;
    }
  }

  #finish(): Uint8Array | undefined {
    if (this.#head !== undefined) {
      // Fewer than 8 bytes in all: not a video.
      this.#checkSignature(new Uint8Array(0), true);
    }
    return undefined;
  }

  /** Holds the first 8 bytes until they prove an MP4 (`ftyp` at offset 4), then lets all through. */
  #checkSignature(chunk: Uint8Array, atEnd = false): Uint8Array {
    const head = this.#head;
    if (head === undefined) return chunk;
    const joined = new Uint8Array(head.byteLength + chunk.byteLength);
    joined.set(head);
    joined.set(chunk, head.byteLength);
    if (joined.byteLength < 8 && !atEnd) {
      this.#head = joined;
      return new Uint8Array(0);
    }
    if (!FTYP.every((byte, i) => joined[4 + i] === byte)) {
      const shown = new TextDecoder().decode(joined.subarray(0, 16)).replace(/[^\x20-\x7e]/g, ".");
      throw this.#error(
        "not-mp4",
        `The file at ${describeUrl(this.#url as string)} is not an MP4 video (no "ftyp" box at byte 4; it starts with "${shown}").`,
      );
    }
    this.#head = undefined;
    return joined;
  }

  /** Counts a dropped, stalled or refused connection against maxResumes, then waits before resuming. */
  async #beforeResume(failure: unknown): Promise<void> {
    const { maxResumes, resumeDelayMs, stallTimeoutMs } = this.#settings;
    this.#disconnect();
    if (this.#resumes >= maxResumes) {
      const where = describeUrl(this.#url as string);
      if (failure instanceof Stalled) {
        throw this.#error(
          "stalled",
          `No byte from ${where} for ${stallTimeoutMs} ms, ${maxResumes + 1} times.`,
        );
      }
      if (failure instanceof TransientStatus) {
        throw this.#error(
          "http-status",
          `The file host answered ${failure.status} for ${where}, ${maxResumes + 1} times.`,
          { status: failure.status },
        );
      }
      throw this.#error(
        "connection-lost",
        `The connection to ${where} dropped ${maxResumes + 1} times (last: ${describeFailure(failure)}).`,
        { cause: failure },
      );
    }
    const delay = Math.min(resumeDelayMs * 2 ** this.#resumes, MAX_RESUME_DELAY_MS);
    this.#resumes += 1;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await this.#bounds.run(
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, delay);
      }),
      () => clearTimeout(timer),
    );
  }

  async #refreshUrl(status: number): Promise<void> {
    const where = describeUrl(this.#url as string);
    const canRefresh = this.#options.client !== undefined && this.generationId !== undefined;
    if (!canRefresh || this.#refreshes >= this.#settings.maxUrlRefreshes) {
      throw this.#error(
        "url-expired",
        `The file host answered ${status} for ${where}: the signed URL has expired${
          canRefresh
            ? `, also after ${this.#refreshes} fresh URL(s) from the API.`
            : "; pass { client } to fetch a fresh URL from the API."
        }`,
        { status },
      );
    }
    this.#refreshes += 1;
    await this.#resolveUrl(true);
  }
}

function describeFailure(error: unknown): string {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return error instanceof Error ? error.message : String(error);
}

function parseLength(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/** `bytes START-END/TOTAL` (TOTAL may be `*`). */
function parseContentRange(
  value: string | null,
): { start: number; total: number | undefined } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? "");
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[3] === "*" ? undefined : Number(match[3]) };
}
