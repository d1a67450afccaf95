import { EventEmitter } from "node:events";
import {
  AimlApiError,
  type CompletedGeneration,
  type Costed,
  type CreateGenerationBody,
  DEFAULT_POLL_SCHEDULE,
  isFinal,
  type LimiterOptions,
  type LookupResult,
  OutOfCreditsError,
  PermissionDeniedError,
  type PollSchedule,
  type Quote,
  RateLimitError,
  RequestLimiter,
  toClientRequestId,
  type VideoClient,
} from "@aimlapi-video/client";
import { type Engine, type PollOutcome, storeRetryDelay } from "./engine.js";
import {
  CloseTimeoutError,
  CompletionHookError,
  CreatesPausedError,
  LookupFailedError,
  SpendLimitError,
  StoreError,
  StoreLostError,
  TrackerClosedError,
  TrackerError,
  UnrecordedCreateError,
  type UnsettledCreate,
} from "./errors.js";
import { eventStream } from "./event-stream.js";
import { instant, positive } from "./options.js";
import { type ReconcileOptions, type Reconciliation, reconcile } from "./reconcile.js";
import {
  DEFAULT_LEARN_OPTIONS,
  defaultPlan,
  jitteredPoll,
  type LearnOptions,
  learnedPlan,
  type PollPlan,
} from "./schedule.js";
import { lookupDelay, type SettleOptions, settleOptions } from "./settle.js";
import {
  CHARGEABLE,
  SpendGuard,
  type SpendLimitOptions,
  type SpendReport,
  spendReport,
} from "./spend.js";
import {
  type AmbiguousEvent,
  type CompletedEvent,
  type ErrorEvent,
  type ErrorInfo,
  errorInfo,
  type FailedEvent,
  type RecreatedEvent,
  type SettledEvent,
  type Settlement,
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
   * what it returns is the event's `download`. If it throws, the generation stays pending, an
   * `error` event (`CompletionHookError`) says so, and the hook runs again after a backoff (1–2 s,
   * doubling to 1–2 min) on the same generation, without polling again.
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
  /**
   * How long `close()` waits for the creates in flight to record their ids (or fail) before it
   * gives up and lists them in a `CloseTimeoutError`. Default 30 s.
   */
  closeTimeoutMs?: number | undefined;
  /** Stop polling a generation this long after its create: it fails with `TrackerTimeout`. Default 1 h. */
  timeoutMs?: number | undefined;
  /** The schedule before any history (the client's `waitForGeneration` default). */
  schedule?: Partial<PollSchedule> | undefined;
  /** How to learn from observed completions; `false` keeps the default schedule. */
  learn?: Partial<LearnOptions> | false | undefined;
  /**
   * Settling ambiguous creates by themselves, from the account's request log (`GET /v2/logs`):
   * lookups for 30 min by default, no re-create unless you write the policy
   * (`recreateAfterMs`), and a lookup before creating a key its store may have lost. `false`
   * leaves every ambiguous key to you.
   */
  settle?: Partial<SettleOptions> | false | undefined;
  /**
   * Refuse, before anything is sent (`SpendLimitError`), a create that would take what this
   * store's generations commit (completed ones' costs plus the quotes of creates in flight) over
   * `totalUsd`, or over `windowUsd` within the last `windowMs`. Counted from the store's records
   * (earlier runs included) by this tracker alone: other processes on the store check their own.
   */
  spendLimit?: SpendLimitOptions | undefined;
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

/** A final outcome already delivered, kept until the store records it (it is not delivered twice). */
interface Kept {
  from: TrackedStatus;
  outcome: PollOutcome;
}

/**
 * Creates and follows many generations: each key is created at most once (the intent is recorded
 * before the paid POST, the id as soon as it returns), every pending generation is polled by one
 * scheduler within one budget, and outcomes are delivered as events. A store that fails never
 * costs a paid id: the id reaches the caller (the result, or an error that carries it, and an
 * `error` event) and is written again until the store takes it.
 */
export class Tracker {
  readonly #engine: Engine;
  readonly #client: VideoClient;
  readonly #pollClient: VideoClient;
  readonly #budget: RequestLimiter;
  readonly #onCompleted: TrackerOptions["onCompleted"];
  readonly #claimMs: number;
  readonly #timeoutMs: number;
  readonly #closeTimeoutMs: number;
  readonly #schedule: PollSchedule;
  /** The plan before any history; made once (its offsets are a few hundred numbers). */
  readonly #defaultPlan: PollPlan;
  readonly #learn: LearnOptions | false;
  readonly #settling: SettleOptions | false;
  readonly #spend: SpendGuard | undefined;
  /** The store reported a loss: a new key may have been created before, so it is looked up first. */
  #lossSeen = false;
  readonly #plans = new Map<string, { at: number; plan: Promise<PollPlan> }>();
  readonly #emitter = new EventEmitter();
  /** Creates from their claim until their outcome is in the store: what `close()` waits for. */
  readonly #creates = new Set<UnsettledCreate>();
  #whenSettled: Array<() => void> = [];
  /** Writes of paid ids the store refused, retried on these timers. */
  readonly #rewrites = new Set<ReturnType<typeof setTimeout>>();
  /** Outcomes delivered but not yet recorded (the store refused the write). */
  readonly #kept = new Map<string, Kept>();
  /** Completions whose `onCompleted` threw: run again on this generation, without a GET. */
  readonly #hooks = new Map<string, { generation: CompletedGeneration; failures: number }>();
  /** Set when a pause could not be written to the store: this process pauses on its own. */
  #pausedHere: ErrorInfo | undefined;
  #closing: Promise<void> | undefined;
  #stopWaiting: (() => void) | undefined;
  #closed = false;

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
    this.#closeTimeoutMs = positive("closeTimeoutMs", options.closeTimeoutMs, 30_000);
    this.#schedule = { ...DEFAULT_POLL_SCHEDULE, ...options.schedule };
    this.#defaultPlan = defaultPlan(this.#schedule);
    this.#learn = options.learn === false ? false : { ...DEFAULT_LEARN_OPTIONS, ...options.learn };
    this.#settling = settleOptions(options.settle);
    this.#spend = SpendGuard.of(options.spendLimit);
    this.#emitter.setMaxListeners(0);
  }

  /**
   * Creates the generation for `key` unless the key is known. The intent is recorded before the
   * POST and the id as soon as it returns. Resolves with the record: `pending` (created),
   * `ambiguous` (the create may or may not have happened: decide with markCreated or retryCreate),
   * or, for a known key, whatever it is (`duplicate: true`). Rejects with the client's error when
   * the create certainly created nothing (the record is `rejected`; submitting the key again
   * retries); with a `TrackerError` when nothing was sent (`StoreError`, `StoreLostError`,
   * `CreatesPausedError`, `SpendLimitError`, `TrackerClosedError`); and with an
   * `UnrecordedCreateError` carrying the paid id when the store could not record it. The body's
   * quote is taken first and kept in the record. `signal` cuts the create (a Ctrl-C): once the POST
   * is sent, the key turns `ambiguous` at once, as any create whose answer was lost.
   */
  async submit(
    body: CreateGenerationBody,
    options: { key: string; signal?: AbortSignal },
  ): Promise<Submitted> {
    const key = options?.key;
    if (typeof key !== "string" || key === "" || key.length > MAX_KEY_LENGTH) {
      throw new TypeError(
        `Invalid submit key: expected a non-empty string of at most ${MAX_KEY_LENGTH} characters, received ${JSON.stringify(key)}.`,
      );
    }
    this.#assertOpen(key);
    const clientRequestId = await toClientRequestId(key);
    const quote = await this.#quote(body);
    const release = await this.#budget.acquire();
    let create: UnsettledCreate | undefined;
    try {
      await this.#beforeCreate(key);
      // From the claim on, close() waits for this submit (or stops it before the POST).
      create = this.#hold(key);
      const { claim, existing } = await this.#withinLimit(key, quote, true, async (now) => {
        const claim: TrackedGeneration = {
          key,
          status: "creating",
          body,
          profile: profileOf(body),
          submittedAt: now,
          quote,
          clientRequestId,
          sentAt: now,
          claimUntil: now + this.#claimMs,
          polls: 0,
        };
        let existing = await this.#engine.claim(claim);
        if (existing?.status === "rejected") {
          // Nothing was created for it: this submission may try again.
          if (await this.#engine.transition(key, ["rejected"], { ...claim, error: undefined }))
            existing = undefined;
        }
        return { claim, existing };
      });
      if (existing) return { ...existing, duplicate: true };
      const adopted = await this.#lookBeforeCreate(claim);
      if (adopted) return { ...adopted, duplicate: true };
      const handed = create;
      create = undefined;
      return {
        ...(await this.#create(claim, handed, undefined, options.signal)),
        duplicate: false,
      };
    } finally {
      if (create) this.#release(create);
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
   * attempt created nothing, since this one may be charged too. Quoted again, and within the
   * spend limit like a submit; `signal` cuts the create as submit's does.
   */
  async retryCreate(key: string, options?: { signal?: AbortSignal }): Promise<TrackedGeneration> {
    this.#assertOpen(key);
    const release = await this.#budget.acquire();
    let create: UnsettledCreate | undefined;
    try {
      await this.#beforeCreate(key);
      create = this.#hold(key);
      const expected: TrackedStatus[] = ["ambiguous", "rejected"];
      const previous = await this.#engine.get(key);
      if (!previous || !expected.includes(previous.status))
        throw await this.#notIn(key, expected, "retryCreate");
      const quote = await this.#quote(previous.body);
      const record = await this.#withinLimit(key, quote, false, (now) =>
        this.#engine.transition(key, [previous.status], {
          status: "creating",
          claimUntil: now + this.#claimMs,
          sentAt: now,
          nextPollAt: undefined,
          error: undefined,
          quote,
        }),
      );
      if (!record) throw await this.#notIn(key, expected, "retryCreate");
      const handed = create;
      create = undefined;
      return await this.#create(record, handed, previous, options?.signal);
    } finally {
      if (create) this.#release(create);
      release();
    }
  }

  /**
   * Records the completion of a `pending` key whose generation you waited for yourself (the
   * client's `waitForGeneration`): `completed`, with its cost, without another poll, and a
   * `completed` event. A key recorded completed already (polled meanwhile) is answered as it is.
   */
  async complete(key: string, generation: CompletedGeneration): Promise<TrackedGeneration> {
    const record = await this.#engine.get(key);
    if (record?.status === "completed" && record.id === generation.id) return record;
    if (record?.status !== "pending" || record.id !== generation.id) {
      throw new TypeError(
        `Invalid complete key ${JSON.stringify(key)}: expected a pending record of generation ${generation.id}, received ${record ? `${record.status}${record.id ? ` (${record.id})` : ""}` : "no record"}.`,
      );
    }
    const { cost } = generation as Costed<CompletedGeneration>;
    const next = await this.#engine.transition(key, ["pending"], {
      status: "completed",
      error: undefined,
      result: generation,
      finishedAt: Date.now(),
      ...(cost && { cost }),
    });
    if (!next) return (await this.#engine.get(key)) ?? record;
    this.#emit({ type: "completed", key, id: generation.id, generation });
    return next;
  }

  /**
   * Polls a `pending` key as soon as the scheduler can instead of at its scheduled time: someone
   * asks about it now (a command line resuming it after a crash may find it finished). Resolves
   * with the record: rescheduled, or as it is when it is not pending.
   */
  async pollNow(key: string): Promise<TrackedGeneration | undefined> {
    const current = await this.#engine.get(key);
    if (current?.status !== "pending") return current;
    const now = Date.now();
    // The plan goes on from now, not from the later poll it was waiting for.
    const offset =
      current.pollOffset === undefined ? {} : { pollOffset: now - (current.createdAt ?? now) };
    const record = await this.#engine.transition(key, ["pending"], { nextPollAt: now, ...offset });
    return record ?? this.#engine.get(key);
  }

  /**
   * Looks an `ambiguous` key up in the account's request log now, once, and adopts the generation
   * found there as `markCreated` would (with a `settled` event). For code that waits on a key of
   * its own (a command line) instead of the scheduler's lookups. `lookup` is undefined when the
   * log could not be read (`error` says why); a `not-found` lookup proves nothing yet. A key that
   * is no longer ambiguous (settled or decided meanwhile) resolves with its record, unlooked.
   */
  async settle(
    key: string,
  ): Promise<{ record: TrackedGeneration; lookup?: LookupResult; error?: ErrorInfo }> {
    const record = await this.#engine.get(key);
    if (!record) throw await this.#notIn(key, ["ambiguous"], "settle");
    if (record.status !== "ambiguous") return { record };
    const { result, lastError } = await this.#findCreate(record);
    if (result?.status !== "found") return { record, lookup: result, error: lastError };
    const update = await this.#created(result.id, record.profile, false);
    const adopted = await this.#engine.transition(key, ["ambiguous"], update);
    // Decided meanwhile (the scheduler's lookup, a person): that decision stands.
    if (!adopted) return { record: (await this.#engine.get(key)) ?? record, lookup: result };
    this.#emit(settledEvent(key, "lookup", result));
    return { record: adopted, lookup: result };
  }

  /**
   * Lifts a pause of creates (after an out-of-credits 403: top up first), for every process
   * sharing the store.
   */
  async resumeCreates(): Promise<void> {
    this.#pausedHere = undefined;
    await this.#engine.pauseCreates(undefined);
  }

  /**
   * After a `StoreLostError`: you have looked at what was lost (the `error` events and your own
   * records name the keys and ids) and accept the store as it is now. Creates may start again;
   * a key the store no longer knows can then be created again, and paid again.
   */
  acknowledgeStoreLoss(): Promise<void> {
    this.#lossSeen = true;
    return this.#engine.acceptLoss();
  }

  get(key: string): Promise<TrackedGeneration | undefined> {
    return this.#engine.get(key);
  }

  /** Every record, or those with the given statuses: e.g. `list(["ambiguous"])` for the decisions waiting. */
  list(statuses?: readonly TrackedStatus[]): Promise<TrackedGeneration[]> {
    return this.#engine.list(statuses);
  }

  /**
   * What the store's generations cost (earlier runs and other processes included): completed
   * ones what they cost (their recorded cost, else their quote), those not finished their quote,
   * and how many have no known price; over the records submitted in [since, until] (all of them
   * by default). Reads every record.
   */
  async spend(
    options: { since?: number | Date | undefined; until?: number | Date | undefined } = {},
  ): Promise<SpendReport> {
    const since = instant("spend since", options.since);
    const until = instant("spend until", options.until);
    return spendReport(await this.#engine.list(), since, until);
  }

  /**
   * Matches the account's ledger (the `MODEL_USAGE` charges from `since`, default 24 h before
   * `until`, to `until`, default now) against the store's generations, by generation id: charges
   * of no generation of the store, completed generations left uncharged past `graceMs`, and
   * charges that differ from what the record expects.
   */
  reconcile(options?: ReconcileOptions): Promise<Reconciliation> {
    return reconcile(this.#client, () => this.#engine.list(), options);
  }

  /**
   * Starts polling, the generations left pending by earlier runs (or dead workers) included, and
   * watching the store. Nothing is polled before it; call it once at start-up.
   */
  resume(): Promise<void> {
    return this.#engine.start(
      (record) => this.#poll(record),
      this.#budget,
      (error) => this.#problem(error),
    );
  }

  on(type: "completed", listener: Listener<CompletedEvent>): this;
  on(type: "failed", listener: Listener<FailedEvent>): this;
  on(type: "ambiguous", listener: Listener<AmbiguousEvent>): this;
  on(type: "settled", listener: Listener<SettledEvent>): this;
  on(type: "recreated", listener: Listener<RecreatedEvent>): this;
  on(type: "error", listener: Listener<ErrorEvent>): this;
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

  /**
   * Closes gracefully: refuses new submits (`TrackerClosedError`, nothing sent), waits up to
   * `timeoutMs` (default `closeTimeoutMs`) for the creates in flight to record their ids, stops
   * polling (polls in progress finish) and closes the store. A second call stops the waiting at
   * once. If it stopped waiting with creates unsettled, both calls reject with a
   * `CloseTimeoutError` listing them: each may have been paid for.
   */
  close(options?: { timeoutMs?: number | undefined }): Promise<void> {
    if (this.#closing) {
      this.#stopWaiting?.();
      return this.#closing;
    }
    const timeoutMs = positive("close timeoutMs", options?.timeoutMs, this.#closeTimeoutMs);
    this.#closing = this.#shutdown(timeoutMs);
    return this.#closing;
  }

  async #shutdown(timeoutMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = new Promise<void>((resolve) => {
      this.#stopWaiting = resolve;
      timer = setTimeout(resolve, timeoutMs);
    });
    const settled = new Promise<void>((resolve) => {
      if (this.#creates.size === 0) resolve();
      else this.#whenSettled.push(resolve);
    });
    await Promise.race([settled, stop]);
    clearTimeout(timer);
    const unsettled = [...this.#creates].map((create) => ({ ...create }));
    this.#closed = true;
    for (const rewrite of this.#rewrites) clearTimeout(rewrite);
    this.#rewrites.clear();
    await this.#engine.close();
    if (unsettled.length > 0) {
      const list = unsettled
        .map(({ key, id }) => (id ? `${key} (generation ${id}, paid)` : `${key} (may be paid)`))
        .join(", ");
      throw new CloseTimeoutError(
        `close() stopped waiting with ${unsettled.length} create(s) not recorded in the store: ${list}. Record them yourself (markCreated after a restart, or your own records).`,
        unsettled,
      );
    }
  }

  #assertOpen(key: string): void {
    if (this.#closing) {
      throw new TrackerClosedError(
        `The tracker is closing: the create of key ${key} was not sent.`,
        { key },
      );
    }
  }

  async #beforeCreate(key: string): Promise<void> {
    this.#assertOpen(key);
    const paused = this.#pausedHere;
    if (paused) {
      throw new CreatesPausedError(
        `Creates are paused (${paused.message}): the create of key ${key} was not sent. Call tracker.resumeCreates() once the cause is fixed.`,
        { key },
      );
    }
    try {
      await this.#engine.beforeCreate(key);
    } catch (error) {
      if (error instanceof StoreLostError) this.#lossSeen = true;
      throw error;
    }
  }

  /**
   * The paid POST of a claimed key, and its outcome recorded; `create` is its entry in #creates,
   * `previous` the record before the claim (a retried or re-created key), if any, `cut` the
   * caller's signal.
   */
  async #create(
    claim: TrackedGeneration,
    create: UnsettledCreate,
    previous?: TrackedGeneration,
    cut?: AbortSignal,
  ): Promise<TrackedGeneration> {
    const { key } = claim;
    let keep = false;
    try {
      // close() began after the claim: nothing is sent (the store is still open: close() waits
      // for this create).
      if (this.#closing) throw await this.#closedBeforeSend(claim, previous);
      let id: string;
      try {
        // Cut well before the claim expires, so nobody declares a create ambiguous while it can still answer.
        const timeout = AbortSignal.timeout(this.#claimMs - Math.min(MINUTE, this.#claimMs / 2));
        const signal = cut ? AbortSignal.any([timeout, cut]) : timeout;
        const clientRequestId = claim.clientRequestId ?? (await toClientRequestId(key));
        ({ id } = await this.#client.createGeneration(claim.body, { signal, clientRequestId }));
      } catch (error) {
        return await this.#createFailed(claim, error, previous);
      }
      create.id = id;
      const update = await this.#created(id, claim.profile, true);
      let cause: unknown;
      try {
        return await this.#recordCreated(claim, update);
      } catch (error) {
        cause = error;
      }
      keep = !this.#closed && !(cause instanceof KeyTaken);
      if (keep) this.#rewrite(claim, update, create, 0);
      throw this.#unrecorded(key, id, cause, keep);
    } finally {
      if (!keep) this.#release(create);
    }
  }

  /**
   * Gives the claim back: a new key becomes `rejected` (free for a later submit), a retried or
   * re-created one goes back to what it was (an ambiguous key stays ambiguous: its first create
   * may exist).
   */
  async #closedBeforeSend(
    claim: TrackedGeneration,
    previous: TrackedGeneration | undefined,
  ): Promise<TrackerClosedError> {
    const error = new TrackerClosedError(
      `The tracker is closing: the create of key ${claim.key} was not sent.`,
      { key: claim.key },
    );
    const back = previous
      ? restored(previous)
      : { status: "rejected" as const, error: errorInfo(error) };
    await this.#engine
      .transition(claim.key, ["creating"], { ...back, claimUntil: undefined })
      .catch(() => undefined);
    return error;
  }

  /**
   * The create threw: ambiguous or rejected, recorded if the store lets us; a 403 pauses creates.
   * A retry of an ambiguous key that certainly created nothing leaves it ambiguous: its first
   * create may still exist.
   */
  async #createFailed(
    claim: TrackedGeneration,
    error: unknown,
    previous?: TrackedGeneration,
  ): Promise<TrackedGeneration> {
    const { key } = claim;
    const info = errorInfo(error);
    // Anything but a typed "nothing was sent, or refused" may have created the task.
    const ambiguous = !(error instanceof AimlApiError) || error.mayHaveCreatedTask;
    const stillAmbiguous = !ambiguous && previous?.status === "ambiguous";
    // Out of credits (or the account's own spend limit), or a key that may not create: every
    // further create would fail the same way.
    if (error instanceof OutOfCreditsError || error instanceof PermissionDeniedError)
      await this.#pause(key, info);
    let record: TrackedGeneration | undefined;
    try {
      record = await this.#engine.transition(
        key,
        ["creating"],
        stillAmbiguous
          ? { ...restored(previous), claimUntil: undefined }
          : {
              status: ambiguous ? "ambiguous" : "rejected",
              error: info,
              claimUntil: undefined,
              ...(ambiguous ? this.#startSettling(claim) : {}),
            },
      );
    } catch (storeError) {
      // The record stays `creating`: it turns ambiguous when its claim expires, never re-created.
      this.#problem(
        new StoreError(
          `The store did not record that the create of key ${key} failed (${errorInfo(storeError).message}); the key stays claimed.`,
          { key, cause: storeError },
        ),
      );
    }
    if (!ambiguous) throw error;
    this.#emit({ type: "ambiguous", key, error: info, settle: record?.settle });
    record ??= await this.#engine.get(key).catch(() => undefined);
    // The client's error says the task may exist (`mayHaveCreatedTask`).
    if (!record) throw error;
    return record;
  }

  /** What a key turning ambiguous records: the search of the request log, when settling is on. */
  #startSettling(record: TrackedGeneration): Pick<TrackedGeneration, "settle" | "nextPollAt"> {
    const options = this.#settling;
    if (!options) return { settle: undefined, nextPollAt: undefined };
    const now = Date.now();
    const settle: Settlement = {
      since: now,
      until: now + options.windowMs,
      lookups: 0,
      // The policy re-creates a key once in its life, however often it turns ambiguous.
      recreated: record.settle?.recreated,
    };
    return { settle, nextPollAt: now + options.firstDelayMs };
  }

  /**
   * One lookup of an ambiguous key in the request log: adopt what it finds, re-create under the
   * written policy, look again later, or, once the window is over, leave it to the user.
   */
  async #lookUp(record: TrackedGeneration): Promise<PollOutcome> {
    const { key, settle } = record;
    const options = this.#settling;
    if (!options || !settle || settle.done) return { update: { nextPollAt: undefined } };
    const now = Date.now();
    const sentAt = record.sentAt ?? record.submittedAt;
    const { result, lastError } = await this.#findCreate(record);
    const next: Settlement = {
      ...settle,
      lookups: settle.lookups + 1,
      last: result?.scope ?? settle.last,
      lastError,
    };
    if (result?.status === "found") {
      const update = await this.#created(result.id, record.profile, false);
      this.#emit(settledEvent(key, "lookup", result));
      return this.#keep(record, { ...update, settle: next });
    }
    const policy = options.recreateAfterMs;
    // Only on a complete scan: a log that could not be read, or was cut short, proves nothing.
    if (
      policy !== undefined &&
      !settle.recreated &&
      result?.scope.complete &&
      now - sentAt >= policy
    ) {
      return this.#recreate(record, next);
    }
    if (now < settle.until) {
      const nextPollAt = Math.min(now + lookupDelay(options, next.lookups), settle.until);
      return { update: { settle: next, nextPollAt } };
    }
    const done: Settlement = { ...next, done: true };
    const error: ErrorInfo = {
      name: "AmbiguousCreate",
      message: `The create of key ${key} (client request id ${record.clientRequestId}) was not found in the account's request log after ${done.lookups} lookup(s) from ${iso(settle.since)} to ${iso(now)}${lastError ? ` (the last one failed: ${lastError.message})` : ""}. It may still exist (rows can appear late): markCreated(key, id) if you find it, retryCreate(key) if you know it was not created.`,
    };
    this.#emit({ type: "ambiguous", key, error, settle: done });
    return this.#keep(record, { error, settle: done, nextPollAt: undefined });
  }

  /** Looks the key's create up in the request log, around the time it was sent. */
  async #findCreate(
    record: TrackedGeneration,
  ): Promise<{ result?: LookupResult | undefined; lastError?: ErrorInfo | undefined }> {
    try {
      const clientRequestId = record.clientRequestId ?? (await toClientRequestId(record.key));
      const result = await this.#client.findGeneration(clientRequestId, {
        model: modelOf(record.body),
        sentAt: record.sentAt ?? record.submittedAt,
      });
      return { result };
    } catch (error) {
      return { lastError: errorInfo(error) };
    }
  }

  /** The written policy: the create again, once per key, recorded as such before it is sent. */
  async #recreate(record: TrackedGeneration, settle: Settlement): Promise<PollOutcome> {
    const { key } = record;
    const options = this.#settling as SettleOptions;
    const later = {
      update: { settle, nextPollAt: Date.now() + lookupDelay(options, settle.lookups) },
    };
    try {
      await this.#beforeCreate(key);
    } catch (error) {
      if (error instanceof TrackerError) this.#problem(error);
      return later;
    }
    const create = this.#hold(key);
    const quote = await this.#quote(record.body);
    let claim: TrackedGeneration | undefined;
    try {
      claim = await this.#withinLimit(key, quote, false, (now) =>
        this.#engine.transition(key, ["ambiguous"], {
          status: "creating",
          claimUntil: now + this.#claimMs,
          sentAt: now,
          nextPollAt: undefined,
          error: undefined,
          settle: { ...settle, recreated: true },
          quote,
        }),
      );
    } catch (error) {
      this.#release(create);
      if (!(error instanceof SpendLimitError)) throw error;
      // Like a pause: said, and tried again at the next lookup.
      this.#problem(error);
      return later;
    }
    // Someone decided meanwhile: their decision stands.
    if (!claim) {
      this.#release(create);
      return { update: {} };
    }
    this.#emit({ type: "recreated", key, settle: claim.settle as Settlement });
    // The POST runs beside the polls (it may take a while), within this process's budget.
    this.#budget
      .acquire()
      .then((release) => this.#create(claim, create, record).finally(release))
      .catch((error: unknown) => {
        // Said already as an `error` event (a store failure), or the tracker is closing.
        if (error instanceof TrackerError) return;
        this.#problem(
          new TrackerError(
            `The re-create of key ${key} was refused (${errorInfo(error).message}): nothing was created. retryCreate(key) tries again.`,
            { key, cause: error },
          ),
        );
      });
    return { update: {} };
  }

  /**
   * Before paying for a key its store may have lost (or always, if configured): a create of it in
   * the request log is adopted instead. Resolves undefined when the log has none (create it);
   * throws `LookupFailedError` when the log could not be read in full (nothing is sent).
   */
  async #lookBeforeCreate(claim: TrackedGeneration): Promise<TrackedGeneration | undefined> {
    const options = this.#settling;
    if (!options) return undefined;
    const check = options.beforeCreate;
    if (check === "never" || (check === "after-loss" && !this.#lossSeen)) return undefined;
    const { key } = claim;
    let result: LookupResult | undefined;
    let failure: unknown;
    try {
      result = await this.#client.findGeneration(claim.clientRequestId as string, {
        model: modelOf(claim.body),
        sentAt: claim.sentAt as number,
        windowMs: options.beforeCreateWindowMs,
        maxPages: 200,
      });
    } catch (error) {
      failure = error;
    }
    if (result?.status === "found") {
      const update = await this.#created(result.id, claim.profile, false);
      const record = await this.#engine.transition(key, ["creating"], update);
      this.#emit(settledEvent(key, "before-create", result));
      return record ?? { ...claim, ...update };
    }
    if (result?.scope.complete) return undefined;
    const why = failure ? errorInfo(failure).message : "the scan stopped before the window's end";
    const error = new LookupFailedError(
      `The key ${key} was looked up in the request log before paying for it (its store lost data, so it may have been created before), and the lookup could not finish (${why}): nothing was sent. Submit it again later, or set settle.beforeCreate to "never" to create without looking.`,
      { key, cause: failure },
    );
    await this.#engine
      .transition(key, ["creating"], {
        status: "rejected",
        error: errorInfo(error),
        claimUntil: undefined,
      })
      .catch(() => undefined);
    throw error;
  }

  /**
   * Writes a created id: over the claim (or over `ambiguous`, when the claim expired meanwhile: we
   * know better now), or back into a store that lost the record. Throws `KeyTaken` when the store
   * holds the key in a state this id may not replace (after a loss, another create of the key).
   */
  async #recordCreated(
    claim: TrackedGeneration,
    update: Partial<TrackedGeneration>,
  ): Promise<TrackedGeneration> {
    const record = await this.#engine.transition(claim.key, ["creating", "ambiguous"], update);
    if (record) return record;
    const restored = { ...claim, ...update };
    const current = (await this.#engine.get(claim.key)) ?? (await this.#engine.claim(restored));
    if (!current || current.id === update.id) return current ?? restored;
    throw new KeyTaken(
      `the store holds the key as ${current.status}${current.id ? ` with generation ${current.id}` : ""}`,
    );
  }

  /** The error that hands a paid id to the caller when the store did not take it. */
  #unrecorded(key: string, id: string, cause: unknown, retrying: boolean): UnrecordedCreateError {
    const why = cause instanceof Error ? ` (${cause.message})` : "";
    const next = retrying
      ? "The tracker keeps the id and writes it again until the store takes it; keep it too."
      : "Record it yourself: the tracker no longer can.";
    const error = new UnrecordedCreateError(
      `The create of key ${key} answered with generation ${id} (paid), but the store did not record it${why}. ${next}`,
      { key, id, cause },
    );
    this.#problem(error);
    return error;
  }

  /** Writes a paid id the store refused, again and again (backing off) until it is in or we close. */
  #rewrite(
    claim: TrackedGeneration,
    update: Partial<TrackedGeneration>,
    create: UnsettledCreate,
    attempt: number,
  ): void {
    const timer = setTimeout(async () => {
      this.#rewrites.delete(timer);
      if (this.#closed) return;
      try {
        await this.#recordCreated(claim, update);
        return this.#release(create);
      } catch (error) {
        if (error instanceof KeyTaken) {
          // Writing again cannot help: say so, with the id, and stop.
          this.#unrecorded(claim.key, update.id as string, error, false);
          return this.#release(create);
        }
      }
      if (!this.#closed) this.#rewrite(claim, update, create, attempt + 1);
    }, storeRetryDelay(attempt));
    this.#rewrites.add(timer);
  }

  /** The body's price at the catalogue now; `unknown`, with the reason, when it cannot be read. */
  async #quote(body: CreateGenerationBody): Promise<Quote> {
    try {
      return await this.#client.quote(body);
    } catch (error) {
      const reason = `the model catalogue could not be read (${errorInfo(error).message})`;
      return { status: "unknown", model: String(modelOf(body)), reason };
    }
  }

  /**
   * Claims (`claim(now)`) once a create of `key` at `quote` fits the spend limit. Each check and
   * its claim run one at a time in this tracker, so each check sees the claims made before it.
   * With `unlessKnown`, a key the store holds (unless rejected) is not checked: its submit
   * creates nothing.
   */
  async #withinLimit<T>(
    key: string,
    quote: Quote,
    unlessKnown: boolean,
    claim: (now: number) => Promise<T>,
  ): Promise<T> {
    const spend = this.#spend;
    if (!spend) return claim(Date.now());
    return spend.serial(async () => {
      const known = unlessKnown ? await this.#engine.get(key) : undefined;
      if (known && known.status !== "rejected") return claim(Date.now());
      const records = await this.#engine.list(CHARGEABLE);
      const now = Date.now();
      spend.check(key, quote, records, now);
      return claim(now);
    });
  }

  /** A create close() waits for, from its claim until its outcome is in the store. */
  #hold(key: string): UnsettledCreate {
    const create: UnsettledCreate = { key };
    this.#creates.add(create);
    return create;
  }

  #release(create: UnsettledCreate): void {
    this.#creates.delete(create);
    if (this.#creates.size > 0) return;
    for (const resolve of this.#whenSettled) resolve();
    this.#whenSettled = [];
  }

  async #pause(key: string, reason: ErrorInfo): Promise<void> {
    try {
      await this.#engine.pauseCreates(reason);
    } catch {
      this.#pausedHere = reason;
    }
    this.#problem(
      new CreatesPausedError(
        `Creates are paused: the API refused the create of key ${key} with ${reason.status ?? "an error"} (${reason.message}). Nothing more is created until tracker.resumeCreates(); polls go on.`,
        { key },
      ),
    );
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
    const kept = this.#kept.get(record.key);
    if (kept) {
      // Delivered already; the store refused to record it: record it, do not deliver it again.
      if (kept.from === record.status) return kept.outcome;
      this.#kept.delete(record.key);
    }
    const now = Date.now();
    if (record.status === "creating") {
      if ((record.claimUntil ?? 0) > now) return { update: {} };
      const error: ErrorInfo = {
        name: "AmbiguousCreate",
        message: `The create of key ${record.key} did not report back before its claim expired (its process may have died mid-request): the task may exist.`,
      };
      const settling = this.#startSettling(record);
      this.#emit({ type: "ambiguous", key: record.key, error, settle: settling.settle });
      return this.#keep(record, { status: "ambiguous", error, claimUntil: undefined, ...settling });
    }
    if (record.status === "ambiguous") return this.#lookUp(record);
    const { id, createdAt = now } = record;
    if (record.status !== "pending" || !id) return { update: {} };
    const hook = this.#hooks.get(record.key);
    if (hook) return this.#complete(record, hook.generation, {});
    if (now - createdAt > this.#timeoutMs) {
      const error: ErrorInfo = {
        name: "TrackerTimeout",
        message: `Generation ${id} did not finish within ${Math.round(this.#timeoutMs / MINUTE)} min of its create; it may still complete.`,
      };
      this.#emit({ type: "failed", key: record.key, id, error });
      return this.#keep(record, { status: "failed", error, finishedAt: now });
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
      return this.#keep(record, {
        ...polled,
        status: "failed",
        error,
        result: generation,
        finishedAt: Date.now(),
      });
    }
    return this.#complete(
      record,
      { ...generation, status: "completed" } as CompletedGeneration,
      polled,
    );
  }

  /** Runs `onCompleted`, then delivers; a hook that throws runs again later, on this generation. */
  async #complete(
    record: TrackedGeneration,
    generation: CompletedGeneration,
    polled: Partial<TrackedGeneration>,
  ): Promise<PollOutcome> {
    const { key } = record;
    const id = record.id as string;
    const finishedAt = Date.now();
    let download: unknown;
    try {
      download = await this.#onCompleted?.({ key, id, generation });
    } catch (error) {
      const failures = (this.#hooks.get(key)?.failures ?? 0) + 1;
      this.#hooks.set(key, { generation, failures });
      const delay = storeRetryDelay(failures - 1);
      this.#problem(
        new CompletionHookError(
          `onCompleted failed for generation ${id} of key ${key} (${failures} time(s)): ${errorInfo(error).message}. It runs again in ${Math.round(delay / 1000)} s, without polling again.`,
          { key, id, cause: error },
        ),
      );
      return { update: { ...polled, error: errorInfo(error), nextPollAt: Date.now() + delay } };
    }
    this.#hooks.delete(key);
    this.#emit({ type: "completed", key, id, generation, download });
    const { createdAt = finishedAt, lastPolledAt } = record;
    if (record.pollOffset !== undefined && polled.lastPolledAt !== undefined) {
      const since = (lastPolledAt ?? createdAt) - createdAt;
      const until = polled.lastPolledAt - createdAt;
      // An observation only sharpens the plan: a store that refuses it costs nothing.
      await this.#engine
        .observe(record.profile, { ms: (since + until) / 2, widthMs: until - since })
        .catch(() => undefined);
    }
    const { cost } = generation as Costed<CompletedGeneration>;
    return this.#keep(record, {
      ...polled,
      status: "completed",
      error: undefined,
      result: generation,
      finishedAt,
      ...(cost && { cost }),
    });
  }

  /** A final outcome, delivered now: kept until the store records it, so it is never delivered twice. */
  #keep(record: TrackedGeneration, update: Partial<TrackedGeneration>): PollOutcome {
    const { key } = record;
    const outcome: PollOutcome = {
      update,
      recorded: () => {
        if (this.#kept.get(key)?.outcome === outcome) this.#kept.delete(key);
      },
    };
    this.#kept.set(key, { from: record.status, outcome });
    return outcome;
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

  /** A problem nobody's call may be waiting for: an `error` event (never an unhandled one). */
  #problem(error: TrackerError): void {
    if (error instanceof StoreLostError) this.#lossSeen = true;
    this.#emit({ type: "error", error, key: error.key, id: error.id });
  }

  #emit(event: TrackerEvent): void {
    try {
      // Node throws an "error" event nobody listens to: it goes to the iterator only.
      if (event.type !== "error" || this.#emitter.listenerCount("error") > 0)
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

/** What a retried or re-created key goes back to when its new create was not made. */
const restored = (previous: TrackedGeneration): Partial<TrackedGeneration> => ({
  status: previous.status,
  error: previous.error,
  sentAt: previous.sentAt,
  settle: previous.settle,
  nextPollAt: previous.nextPollAt,
});

/** The store holds a key in a state that a created id may not replace. */
class KeyTaken extends Error {}

export function createTracker(options: TrackerOptions): Tracker {
  return new Tracker(options);
}

/** What drives a generation's duration: the model, the requested duration and the resolution. */
export function profileOf(body: CreateGenerationBody): string {
  const fields = body as unknown as Record<string, unknown>;
  return [fields.model, fields.duration ?? "-", fields.resolution ?? "-"].map(String).join("|");
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The model a create body names, for the request log's filter. */
const modelOf = (body: CreateGenerationBody): string => (body as { model: string }).model;

function settledEvent(
  key: string,
  via: SettledEvent["via"],
  result: Extract<LookupResult, { status: "found" }>,
): SettledEvent {
  const { id, cost, scope: lookup } = result;
  const duplicates = result.duplicates.map((row) => row.inference_id);
  return { type: "settled", key, id, via, cost, lookup, duplicates };
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
