import { EventEmitter } from "node:events";
import {
  AimlApiError,
  type CompletedGeneration,
  type CreateGenerationBody,
  DEFAULT_POLL_SCHEDULE,
  isFinal,
  type LimiterOptions,
  type PollSchedule,
  RateLimitError,
  RequestLimiter,
  type VideoClient,
} from "@aimlapi-video/client";
import type { Engine, PollOutcome } from "./engine.js";
import { eventStream } from "./event-stream.js";
import { positive } from "./options.js";
import {
  DEFAULT_LEARN_OPTIONS,
  defaultPlan,
  jitteredPoll,
  type LearnOptions,
  learnedPlan,
  type PollPlan,
} from "./schedule.js";
import {
  type AmbiguousEvent,
  type CompletedEvent,
  type ErrorInfo,
  errorInfo,
  type FailedEvent,
  type TrackedGeneration,
  type TrackedStatus,
  type TrackerEvent,
} from "./types.js";

export interface TrackerOptions {
  /** Where the journal lives: `sqliteStore({ path })` in one process, `redisStore({ connection })` for a fleet. */
  store: Engine;
  /** Makes the creates (its safe retries apply: a create that may have reached the server is never retried). */
  client: VideoClient;
  /**
   * Makes the polls (e.g. a client with a limiter of its own); defaults to `client`. Each poll is
   * one GET, never retried by the client: the tracker polls again on its own schedule, and a 429
   * pauses every poll.
   */
  pollClient?: VideoClient | undefined;
  /**
   * This process's request budget, in front of the clients: creates, and over SQLite the polls
   * (over Redis the polls' budget is fleet-wide: `redisStore({ pollsPerSecond })`). Limits for a
   * limiter of its own (default 64 in flight, 50 a second), or a `createRequestLimiter()`; not
   * the one the clients use, since a request would then wait for the slot its own poll holds.
   */
  budget?: RequestLimiter | LimiterOptions | undefined;
  /**
   * Runs when a generation completes, before the outcome is recorded (e.g. download the video);
   * what it returns is the event's `download`. If it throws, the generation stays pending and is
   * polled (and the hook run) again.
   */
  onCompleted?:
    | ((completed: { key: string; id: string; generation: CompletedGeneration }) => unknown)
    | undefined;
  /**
   * How long a create holds its key. A `creating` record older than this (its process died
   * mid-request) becomes `ambiguous`. The create call itself is cut a minute before (half-way for
   * claims under two minutes). Default 10 min.
   */
  claimMs?: number | undefined;
  /** Stop polling a generation this long after its create: it fails with `TrackerTimeout`. Default 1 h. */
  timeoutMs?: number | undefined;
  /** The schedule before any history (the client's `waitForGeneration` default). */
  schedule?: Partial<PollSchedule> | undefined;
  /** How to learn from observed completions; `false` keeps the default schedule. */
  learn?: Partial<LearnOptions> | false | undefined;
}

export type Submitted = TrackedGeneration & {
  /** True when the key was already known: nothing was created by this call. */
  duplicate: boolean;
};

type Listener<E> = (event: E) => void;

const MINUTE = 60_000;
/** How long a learned plan is reused before the observations are read again. */
const PLAN_TTL_MS = 30_000;
const MAX_KEY_LENGTH = 512;

/**
 * Creates and follows many generations: each key is created at most once (the intent is recorded
 * before the paid POST, the id as soon as it returns), every pending generation is polled by one
 * scheduler within one budget, and outcomes are delivered as events.
 */
export class Tracker {
  readonly #engine: Engine;
  readonly #client: VideoClient;
  readonly #pollClient: VideoClient;
  readonly #budget: RequestLimiter;
  readonly #onCompleted: TrackerOptions["onCompleted"];
  readonly #claimMs: number;
  readonly #timeoutMs: number;
  readonly #schedule: PollSchedule;
  /** The plan before any history; made once (its offsets are a few hundred numbers). */
  readonly #defaultPlan: PollPlan;
  readonly #learn: LearnOptions | false;
  readonly #plans = new Map<string, { at: number; plan: Promise<PollPlan> }>();
  readonly #emitter = new EventEmitter();

  constructor(options: TrackerOptions) {
    if (!options?.store)
      throw new TypeError(
        "Invalid tracker store: expected sqliteStore(…) or redisStore(…), received nothing.",
      );
    if (!options.client)
      throw new TypeError(
        "Invalid tracker client: expected createVideoClient(…), received nothing.",
      );
    this.#engine = options.store;
    this.#client = options.client;
    this.#pollClient = options.pollClient ?? options.client;
    this.#budget =
      options.budget instanceof RequestLimiter
        ? options.budget
        : new RequestLimiter(options.budget);
    this.#onCompleted = options.onCompleted;
    this.#claimMs = positive("claimMs", options.claimMs, 10 * MINUTE);
    this.#timeoutMs = positive("timeoutMs", options.timeoutMs, 60 * MINUTE);
    this.#schedule = { ...DEFAULT_POLL_SCHEDULE, ...options.schedule };
    this.#defaultPlan = defaultPlan(this.#schedule);
    this.#learn = options.learn === false ? false : { ...DEFAULT_LEARN_OPTIONS, ...options.learn };
    this.#emitter.setMaxListeners(0);
  }

  /**
   * Creates the generation for `key` unless the key is known. The intent is recorded before the
   * POST and the id as soon as it returns. Resolves with the record: `pending` (created),
   * `ambiguous` (the create may or may not have happened: decide with markCreated or retryCreate),
   * or, for a known key, whatever it is (`duplicate: true`). Rejects with the client's error when
   * the create certainly created nothing (the record is `rejected`; submitting the key again retries).
   */
  async submit(body: CreateGenerationBody, options: { key: string }): Promise<Submitted> {
    const key = options?.key;
    if (typeof key !== "string" || key === "" || key.length > MAX_KEY_LENGTH) {
      throw new TypeError(
        `Invalid submit key: expected a non-empty string of at most ${MAX_KEY_LENGTH} characters, received ${JSON.stringify(key)}.`,
      );
    }
    const release = await this.#budget.acquire();
    try {
      const now = Date.now();
      const claim: TrackedGeneration = {
        key,
        status: "creating",
        body,
        profile: profileOf(body),
        submittedAt: now,
        claimUntil: now + this.#claimMs,
        polls: 0,
      };
      let existing = await this.#engine.claim(claim);
      if (existing?.status === "rejected") {
        // Nothing was created for it: this submission may try again.
        if (await this.#engine.transition(key, ["rejected"], { ...claim, error: undefined }))
          existing = undefined;
      }
      if (existing) return { ...existing, duplicate: true };
      return { ...(await this.#create(claim)), duplicate: false };
    } finally {
      release();
    }
  }

  /** Resolves an `ambiguous` key: the task exists with this id (you found it); poll it from now on. */
  async markCreated(key: string, id: string): Promise<TrackedGeneration> {
    if (typeof id !== "string" || id === "") {
      throw new TypeError(
        `Invalid generation id: expected a non-empty string, received ${JSON.stringify(id)}.`,
      );
    }
    const current = await this.#engine.get(key);
    const update = await this.#created(id, current?.profile ?? "", false);
    const record = await this.#engine.transition(key, ["ambiguous"], update);
    if (!record) throw await this.#notIn(key, ["ambiguous"], "markCreated");
    return record;
  }

  /**
   * Resolves an `ambiguous` (or `rejected`) key by creating it again: only when you know the first
   * attempt created nothing, since this one may be charged too.
   */
  async retryCreate(key: string): Promise<TrackedGeneration> {
    const release = await this.#budget.acquire();
    try {
      const now = Date.now();
      const record = await this.#engine.transition(key, ["ambiguous", "rejected"], {
        status: "creating",
        claimUntil: now + this.#claimMs,
        error: undefined,
      });
      if (!record) throw await this.#notIn(key, ["ambiguous", "rejected"], "retryCreate");
      return await this.#create(record);
    } finally {
      release();
    }
  }

  get(key: string): Promise<TrackedGeneration | undefined> {
    return this.#engine.get(key);
  }

  /** Every record, or those with the given statuses: e.g. `list(["ambiguous"])` for the decisions waiting. */
  list(statuses?: readonly TrackedStatus[]): Promise<TrackedGeneration[]> {
    return this.#engine.list(statuses);
  }

  /**
   * Starts polling, the generations left pending by earlier runs (or dead workers) included.
   * Nothing is polled before it; call it once at start-up.
   */
  resume(): Promise<void> {
    return this.#engine.start((record) => this.#poll(record), this.#budget);
  }

  on(type: "completed", listener: Listener<CompletedEvent>): this;
  on(type: "failed", listener: Listener<FailedEvent>): this;
  on(type: "ambiguous", listener: Listener<AmbiguousEvent>): this;
  on(type: TrackerEvent["type"], listener: Listener<never>): this {
    this.#emitter.on(type, listener as Listener<unknown>);
    return this;
  }

  off(type: TrackerEvent["type"], listener: Listener<never>): this {
    this.#emitter.off(type, listener as Listener<unknown>);
    return this;
  }

  /** Every event from now on, in order: `for await (const event of tracker.events()) …`. */
  events(): AsyncIterableIterator<TrackerEvent> {
    return eventStream<TrackerEvent>((push) => {
      this.#emitter.on("event", push);
      return () => this.#emitter.off("event", push);
    });
  }

  /** Stops polling (polls in progress finish) and closes the store. Records stay for the next run. */
  async close(): Promise<void> {
    await this.#engine.close();
  }

  async #create(claim: TrackedGeneration): Promise<TrackedGeneration> {
    const { key } = claim;
    let id: string;
    try {
      // Cut well before the claim expires, so nobody declares a create ambiguous while it can still answer.
      const signal = AbortSignal.timeout(this.#claimMs - Math.min(MINUTE, this.#claimMs / 2));
      ({ id } = await this.#client.createGeneration(claim.body, { signal }));
    } catch (error) {
      const info = errorInfo(error);
      // Anything but a typed "nothing was sent, or refused" may have created the task.
      const ambiguous = !(error instanceof AimlApiError) || error.mayHaveCreatedTask;
      const record = await this.#engine.transition(key, ["creating"], {
        status: ambiguous ? "ambiguous" : "rejected",
        error: info,
        claimUntil: undefined,
      });
      if (!ambiguous) throw error;
      this.#emit({ type: "ambiguous", key, error: info });
      return record ?? ((await this.#engine.get(key)) as TrackedGeneration);
    }
    const update = await this.#created(id, claim.profile, true);
    const record =
      (await this.#engine.transition(key, ["creating"], update)) ??
      // The claim expired meanwhile and the key was declared ambiguous: we know better now.
      (await this.#engine.transition(key, ["ambiguous"], update));
    if (!record) throw await this.#notIn(key, ["creating"], "submit");
    return record;
  }

  /** A task created now (`timed`), or adopted by markCreated at an unknown age: polled from now, not learned from. */
  async #created(id: string, profile: string, timed: boolean): Promise<Partial<TrackedGeneration>> {
    const createdAt = Date.now();
    const { nominal, at } = jitteredPoll(await this.#planFor(profile), 0, 0);
    return {
      status: "pending",
      id,
      createdAt,
      claimUntil: undefined,
      error: undefined,
      pollOffset: timed ? nominal : undefined,
      nextPollAt: createdAt + at,
    };
  }

  async #poll(record: TrackedGeneration): Promise<PollOutcome> {
    const now = Date.now();
    if (record.status === "creating") {
      if ((record.claimUntil ?? 0) > now) return { update: {} };
      const error: ErrorInfo = {
        name: "AmbiguousCreate",
        message: `The create of key ${record.key} did not report back before its claim expired (its process may have died mid-request): the task may exist.`,
      };
      this.#emit({ type: "ambiguous", key: record.key, error });
      return { update: { status: "ambiguous", error, claimUntil: undefined } };
    }
    const { id, createdAt = now } = record;
    if (record.status !== "pending" || !id) return { update: {} };
    if (now - createdAt > this.#timeoutMs) {
      const error: ErrorInfo = {
        name: "TrackerTimeout",
        message: `Generation ${id} did not finish within ${Math.round(this.#timeoutMs / MINUTE)} min of its create; it may still complete.`,
      };
      this.#emit({ type: "failed", key: record.key, id, error });
      return { update: { status: "failed", error, finishedAt: now } };
    }

    const polled = { polls: record.polls + 1, lastPolledAt: now };
    let generation: Awaited<ReturnType<VideoClient["getGeneration"]>>;
    try {
      // One GET per poll, whatever the client's maxRetries: the tracker polls again on its own
      // schedule, and a retry would spend the budget behind its back.
      generation = await this.#pollClient.getGeneration(id, { maxRetries: 0 });
    } catch (error) {
      if (error instanceof RateLimitError) {
        // Everyone pauses (Retry-After, jittered up to +50 %, at least a second); this poll is retried after.
        const pauseMs = Math.max(1_000, error.retryAfterMs ?? 1_000) * (1 + Math.random() / 2);
        return { update: { polls: polled.polls }, pauseMs };
      }
      // A failed poll is not the end: poll again on schedule, until the timeout.
      return { update: { ...polled, error: errorInfo(error), ...(await this.#nextPoll(record)) } };
    }
    const finishedAt = Date.now();
    if (!isFinal(generation)) {
      return { update: { ...polled, error: undefined, ...(await this.#nextPoll(record)) } };
    }
    if (generation.status === "error" || typeof generation.video?.url !== "string") {
      const error: ErrorInfo = {
        name: "GenerationFailed",
        message:
          failureMessage(generation.error) ??
          `Generation ${id} ended with status ${generation.status}.`,
      };
      this.#emit({ type: "failed", key: record.key, id, error });
      return { update: { ...polled, status: "failed", error, result: generation, finishedAt } };
    }
    const completed = { ...generation, status: "completed" } as CompletedGeneration;
    let download: unknown;
    try {
      download = await this.#onCompleted?.({ key: record.key, id, generation: completed });
    } catch (error) {
      return { update: { ...polled, error: errorInfo(error), ...(await this.#nextPoll(record)) } };
    }
    this.#emit({ type: "completed", key: record.key, id, generation: completed, download });
    if (record.pollOffset !== undefined) {
      const since = (record.lastPolledAt ?? createdAt) - createdAt;
      const until = now - createdAt;
      await this.#engine.observe(record.profile, {
        ms: (since + until) / 2,
        widthMs: until - since,
      });
    }
    return {
      update: { ...polled, status: "completed", error: undefined, result: generation, finishedAt },
    };
  }

  /** The next poll on the profile's plan, jittered, from the offset of the one just made. */
  async #nextPoll(record: TrackedGeneration): Promise<Partial<TrackedGeneration>> {
    const createdAt = record.createdAt ?? Date.now();
    const plan = await this.#planFor(record.profile);
    const elapsed = Date.now() - createdAt;
    // Adopted tasks (no known offset) and late polls (a backlog, a pause) continue from now.
    const from = Math.max(record.pollOffset ?? elapsed, elapsed - 1_000);
    const { nominal, at } = jitteredPoll(plan, from, elapsed);
    return {
      pollOffset: record.pollOffset === undefined ? undefined : nominal,
      nextPollAt: createdAt + at,
    };
  }

  #planFor(profile: string): Promise<PollPlan> {
    const fallback = this.#defaultPlan;
    const learn = this.#learn;
    if (!learn) return Promise.resolve(fallback);
    const cached = this.#plans.get(profile);
    if (cached && Date.now() - cached.at < PLAN_TTL_MS) return cached.plan;
    const plan = this.#engine
      .observations(profile)
      .then((observations) => learnedPlan(observations, learn, this.#schedule) ?? fallback)
      .catch(() => fallback);
    this.#plans.set(profile, { at: Date.now(), plan });
    return plan;
  }

  async #notIn(key: string, expected: TrackedStatus[], call: string): Promise<Error> {
    const record = await this.#engine.get(key);
    return new TypeError(
      `Invalid ${call} key ${JSON.stringify(key)}: expected a record in status ${expected.join(" or ")}, received ${record ? record.status : "no record"}.`,
    );
  }

  #emit(event: TrackerEvent): void {
    try {
      this.#emitter.emit(event.type, event);
      this.#emitter.emit("event", event);
    } catch (error) {
      // A listener's bug surfaces as an uncaught exception, as in any Node callback, instead of
      // silently stopping the polls of the generation being delivered.
      process.nextTick(() => {
        throw error;
      });
    }
  }
}

export function createTracker(options: TrackerOptions): Tracker {
  return new Tracker(options);
}

/** What drives a generation's duration: the model, the requested duration and the resolution. */
export function profileOf(body: CreateGenerationBody): string {
  const fields = body as unknown as Record<string, unknown>;
  return [fields.model, fields.duration ?? "-", fields.resolution ?? "-"].map(String).join("|");
}

function failureMessage(error: unknown): string | undefined {
  if (typeof error === "string" && error) return error;
  if (error && typeof error === "object") {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === "string" && message)
      return typeof name === "string" ? `${name}: ${message}` : message;
  }
  return undefined;
}
