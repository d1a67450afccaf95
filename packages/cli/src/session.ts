// The state of one run (where output goes, the store, what to say if it is interrupted) and the
// steps the commands share: waiting for a generation and saving its video.
import path from "node:path";
import {
  APIUserAbortError,
  type ClientOptions,
  type CompletedGeneration,
  createVideoClient,
  GenerationFailedError,
  PriceLimitError,
  type VideoClient,
} from "@aimlapi-video/client";
import { downloadVideo, nodeHttpClient } from "@aimlapi-video/client/node";
import type { TrackerOptions } from "@aimlapi-video/tracker";
import { describeError, EXIT, exitCodeOf, UsageError } from "./exit-codes.js";
import type { Interrupt } from "./interrupt.js";
import { modeOf, Reporter } from "./progress.js";
import { openStore, type Store, type StoreClients, storePath } from "./store.js";

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

export interface Globals {
  apiKey?: string;
  baseUrl?: string;
  store?: string;
  json?: boolean;
}

export interface WaitFlags {
  pollInterval?: number;
  timeout?: number;
}

export class Session {
  exitCode: number = EXIT.ok;
  reporter: Reporter | undefined;
  json = false;
  store: Store | undefined;
  /** The command that picks up where this run stopped, once there is something to pick up. */
  resume: string | undefined;
  /** `aimlapi-video resume`, once this run's generation is in the store. */
  resumeAll: string | undefined;
  generationId: string | undefined;
  /** True while the video is being downloaded: the generation itself is done. */
  downloading = false;

  constructor(
    readonly io: Io,
    readonly interrupt: Interrupt,
  ) {}

  begin(globals: Globals): Reporter {
    this.json = globals.json === true;
    // A second Ctrl-C leaves no time for the command's own ending: say where things stand.
    this.interrupt.onForcedExit = () => {
      const message = `Stopped at once by a second Ctrl-C: what was under way was left as it was (a create in flight turns ambiguous within 10 minutes). See what the store holds: ${storeCommand(["list"], globals)}`;
      if (this.json) this.result("", { error: "interrupted", message, exitCode: EXIT.interrupted });
      else this.io.stderr.write(`\n${message}\n`);
    };
    this.reporter = new Reporter(modeOf(this.json, this.io.stderr), this.io.stderr);
    return this.reporter;
  }

  /** The API this run talks to: undefined for the real one. (`--base-url` is checked as it is parsed.) */
  baseUrl(globals: Globals): string | undefined {
    if (globals.baseUrl !== undefined) return globals.baseUrl;
    const fromEnv = this.io.env.AIMLAPI_BASE_URL || undefined;
    if (fromEnv !== undefined && !isHttpUrl(fromEnv)) {
      throw new UsageError(
        `Invalid AIMLAPI_BASE_URL: expected ${HTTP_URL}, received "${fromEnv}".`,
      );
    }
    return fromEnv;
  }

  client(
    globals: Globals,
    options: Pick<ClientOptions, "maxRetries" | "maxUsdPerCreate" | "refuseUnknownPrice"> = {},
  ): VideoClient {
    const apiKey = globals.apiKey ?? this.io.env.AIMLAPI_API_KEY;
    if (!apiKey) {
      throw new UsageError(
        "Missing API key: set AIMLAPI_API_KEY (or pass --api-key, which other users of this machine can see in the process list).",
      );
    }
    // node:http rather than fetch: `resume` may follow thousands of generations (see the client's README).
    return createVideoClient({
      apiKey,
      baseUrl: this.baseUrl(globals),
      http: nodeHttpClient(),
      timeoutMs: this.#requestTimeoutMs(),
      ...options,
    });
  }

  /**
   * `AIMLAPI_VIDEO_REQUEST_TIMEOUT` (seconds): the bound of one HTTP attempt, instead of the
   * client's 60 s. A create that runs out of it may have been made (and is then looked up in the
   * request log); the tests use it to lose a create's answer quickly.
   */
  #requestTimeoutMs(): number | undefined {
    const value = this.io.env.AIMLAPI_VIDEO_REQUEST_TIMEOUT;
    if (value === undefined || value === "") return undefined;
    const seconds = Number(value);
    if (value.trim() === "" || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) {
      throw new UsageError(
        `Invalid AIMLAPI_VIDEO_REQUEST_TIMEOUT: expected a number of seconds from 0.1 to 3600, received "${value}".`,
      );
    }
    return seconds * 1000;
  }

  /**
   * A client for commands that only read the store (`list`): the tracker wants one, but never
   * calls it there, so no key is needed.
   */
  readOnlyClient(globals: Globals): VideoClient {
    return createVideoClient({ apiKey: "unused-by-list", baseUrl: this.baseUrl(globals) });
  }

  /** Opens the store (closed when the run ends). */
  openStore(
    globals: Globals,
    clients: StoreClients,
    options?: Partial<Omit<TrackerOptions, "store" | "client" | "pollClient">>,
  ): Store {
    const file = storePath(globals.store, this.io.env, this.baseUrl(globals));
    this.store = openStore(file, clients, options);
    return this.store;
  }

  /** Closes the store now (once): the end of the run closes it otherwise. */
  async closeStore(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    await store?.close();
  }

  result(human: string, json: unknown): void {
    this.io.stdout.write(this.json ? `${JSON.stringify(json, null, 2)}\n` : `${human}\n`);
  }

  fail(error: unknown): number {
    this.reporter?.stop();
    const interrupted = this.interrupt.fired && error instanceof APIUserAbortError;
    const code = interrupted ? EXIT.interrupted : exitCodeOf(error);
    if (this.json) {
      const failure = {
        error: interrupted ? "interrupted" : (error as Error)?.name,
        message: describeError(error),
        exitCode: code,
        ...(error instanceof PriceLimitError ? { quote: error.quote } : {}),
        ...(this.generationId ? { id: this.generationId } : {}),
        ...(this.resume ? { resume: this.resume } : {}),
        ...(this.resumeAll ? { resumeAll: this.resumeAll } : {}),
      };
      this.io.stdout.write(`${JSON.stringify(failure, null, 2)}\n`);
    } else if (interrupted) {
      const lines = [
        !this.generationId
          ? `Interrupted. ${describeError(error)}`
          : this.downloading
            ? `Interrupted. The download of ${this.generationId} stopped; nothing was saved.`
            : `Interrupted. Generation ${this.generationId} goes on on the server.`,
      ];
      if (this.resume) lines.push(`Resume with: ${this.resume}`);
      if (this.resumeAll) lines.push(`        or: ${this.resumeAll}`);
      this.io.stderr.write(`${lines.join("\n")}\n`);
    } else {
      this.io.stderr.write(`Error: ${describeError(error)}\n`);
      if (this.resume && code !== EXIT.generationFailed) {
        this.io.stderr.write(`Resume with: ${this.resume}\n`);
        if (this.resumeAll) this.io.stderr.write(`        or: ${this.resumeAll}\n`);
      }
    }
    this.exitCode = code;
    return code;
  }
}

/** What `--base-url` and `AIMLAPI_BASE_URL` take. */
export const HTTP_URL = "an http(s) URL such as http://127.0.0.1:4010";

export function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol);
}

export async function waitFor(
  session: Session,
  client: VideoClient,
  id: string,
  flags: WaitFlags,
  /** Poll at once: the generation may be finished already (e.g. attached to by its key). */
  immediate = false,
): Promise<CompletedGeneration> {
  const reporter = session.reporter as Reporter;
  reporter.startWait(id);
  try {
    const generation = await client.waitForGeneration(id, {
      ...scheduleOf(flags),
      ...(immediate ? { firstDelayMs: 0 } : {}),
      ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout * 1000 }),
      signal: session.interrupt.signal,
      onProgress: (progress) => reporter.poll(progress),
    });
    reporter.endWait("completed");
    return generation;
  } catch (error) {
    reporter.endWait(error instanceof GenerationFailedError ? "failed" : "stopped");
    throw error;
  }
}

/** `--poll-interval` as a poll schedule (none: the client's default). */
export function scheduleOf(flags: WaitFlags) {
  if (flags.pollInterval === undefined) return {};
  const ms = flags.pollInterval * 1000;
  return { firstDelayMs: ms, intervalMs: ms, maxIntervalMs: Math.max(30_000, ms), backoff: 1 };
}

/** `--poll-interval` for the tracker: its schedule, and no learning that would override it. */
export function trackerPolls(flags: WaitFlags): {
  schedule?: ReturnType<typeof scheduleOf>;
  learn?: false;
} {
  return flags.pollInterval === undefined ? {} : { schedule: scheduleOf(flags), learn: false };
}

export interface Saved {
  id: string;
  file: string;
  bytes: number;
  /** Where it is, for a person: relative to the working directory. */
  shown: string;
}

/** Downloads the video to `file`; the caller prints the result. */
export async function saveVideo(
  session: Session,
  client: VideoClient,
  source: string | CompletedGeneration,
  file: string,
  globals: Globals,
): Promise<Saved> {
  const reporter = session.reporter as Reporter;
  const id = typeof source === "string" ? source : source.id;
  session.resume = resumeCommand("download", id, file, globals);
  session.downloading = true;
  reporter.startDownload(file);
  try {
    const saved = await downloadVideo(source, file, {
      client,
      signal: session.interrupt.signal,
      onProgress: (progress) => reporter.download(progress),
    });
    reporter.endDownload();
    session.resume = undefined;
    session.downloading = false;
    const shown = path.relative(process.cwd(), saved.path) || saved.path;
    return { id, file: saved.path, bytes: saved.bytes, shown };
  } finally {
    reporter.endDownload();
  }
}

/** `<id>.mp4` with anything a file name should not hold replaced: ids may contain `:` and `/`. */
export const defaultFile = (id: string) =>
  `${id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 100)}.mp4`;

export const shellQuote = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;

/** The global options a printed command must repeat to reach the same API and store. */
function globalFlags(globals: Globals): string[] {
  const words: string[] = [];
  if (globals.baseUrl) words.push("--base-url", shellQuote(globals.baseUrl));
  return words;
}

export function resumeCommand(
  command: "wait" | "download",
  id: string,
  file: string | undefined,
  globals: Globals,
): string {
  const words = ["aimlapi-video", command, shellQuote(id)];
  if (file) words.push(...(command === "wait" ? ["--out", shellQuote(file)] : [shellQuote(file)]));
  return [...words, ...globalFlags(globals)].join(" ");
}

/** A store command (`resume`, `resolve …`) with what it needs to find the same store. */
export function storeCommand(words: string[], globals: Globals): string {
  const store = globals.store ? ["--store", shellQuote(globals.store)] : [];
  return ["aimlapi-video", ...words, ...globalFlags(globals), ...store].join(" ");
}
