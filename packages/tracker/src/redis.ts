import { randomUUID } from "node:crypto";
import {
  type ConnectionOptions,
  DelayedError,
  type Job,
  type JobType,
  Queue,
  UnrecoverableError,
  Worker,
} from "bullmq";
import type { Redis } from "ioredis";
import {
  dueAt,
  type Engine,
  type PollHandler,
  type PollOutcome,
  type ProblemListener,
  storeRetryDelay,
  within,
} from "./engine.js";
import { CreatesPausedError, StoreError, StoreLostError, TrackerError } from "./errors.js";
import { positive } from "./options.js";
import { MAX_OBSERVATIONS, type Observation } from "./schedule.js";
import type { ErrorInfo, TrackedGeneration, TrackedStatus } from "./types.js";

export interface RedisStoreOptions {
  /** How to reach Redis: ioredis options (`{ host, port }`) or an ioredis instance. */
  connection: ConnectionOptions;
  /** The BullMQ queue that holds the generations; every worker of one fleet uses the same. */
  queue?: string | undefined;
  /** BullMQ's key prefix. Default `bull`. */
  prefix?: string | undefined;
  /** The fleet-wide GET budget: polls started per second by all workers together. Default 50. */
  pollsPerSecond?: number | undefined;
  /** Polls in flight at once in this process. Default 64. */
  concurrency?: number | undefined;
  /**
   * How long a worker holds a poll without renewing it; a worker that dies mid-poll is noticed
   * after at most this (and a check interval as long) and its poll goes to another. Default 30 s.
   */
  lockMs?: number | undefined;
  /**
   * A call to Redis that has not answered after this long fails with a `StoreError` (Redis down,
   * paused, unreachable at start-up) instead of waiting forever. Default 10 s.
   */
  timeoutMs?: number | undefined;
  /** How often the store's identity and persistence settings are checked. Default 5 s. */
  watchMs?: number | undefined;
  /**
   * Creates are refused unless Redis can keep an acknowledged claim: `appendonly yes`,
   * `appendfsync always` and `maxmemory-policy noeviction` (read with CONFIG GET). `true` lets
   * creates run on a Redis that may lose a claim, and with it the promise that a key is never
   * paid twice. Default false.
   */
  acceptDataLossRisk?: boolean | undefined;
}

/** A job's data: the record, and the token of the submission that claimed its key. */
type JobData = TrackedGeneration & { claim?: string };

/** Every state a job can be in: a generation's record lives in its job whatever the state. */
const STATES: JobType[] = [
  "active",
  "waiting",
  "delayed",
  "prioritized",
  "paused",
  "completed",
  "failed",
];

/**
 * The fleet store. Each generation is one BullMQ job whose id derives from its key and whose data
 * is its record:
 * - the key claim is BullMQ's own "add unless a job with this id exists" (atomic in Redis), so
 *   two processes submitting one key create it once; the job starts delayed until the claim
 *   expires, so a submitter that dies mid-create is noticed by whichever worker picks it up;
 * - each poll is one run of the job, ending with `moveToDelayed` to the next poll's time: the
 *   job's lock makes one worker poll a generation at a time, and the delayed set is the schedule;
 * - the queue's rate limiter is the fleet-wide GET budget, and a 429 pauses the whole queue
 *   (`queue.rateLimit`) for every worker;
 * - a worker that dies mid-poll loses its lock; BullMQ's stalled-job check hands the job to
 *   another worker. Between polls a generation belongs to no worker at all.
 * Ambiguous and rejected creates wait in the failed set for a decision; finished ones stay in the
 * completed set as the journal (BullMQ's `queue.clean` trims it).
 */
export function redisStore(options: RedisStoreOptions): Engine {
  if (!options?.connection) {
    throw new TypeError(
      "Invalid redisStore connection: expected ioredis options such as { host, port } or an ioredis instance, received nothing.",
    );
  }
  const pollsPerSecond = positive("redisStore pollsPerSecond", options.pollsPerSecond, 50);
  const queueName = options.queue ?? "aimlapi-video-generations";
  if (queueName.includes(":")) {
    throw new TypeError(
      `Invalid redisStore queue: expected a name without ":", received "${queueName}".`,
    );
  }
  return new RedisEngine({
    connection: options.connection,
    queue: queueName,
    prefix: options.prefix ?? "bull",
    pollsPerSecond,
    concurrency: positive("redisStore concurrency", options.concurrency, 64),
    lockMs: positive("redisStore lockMs", options.lockMs, 30_000),
    timeoutMs: positive("redisStore timeoutMs", options.timeoutMs, 10_000),
    watchMs: positive("redisStore watchMs", options.watchMs, 5_000),
    acceptDataLossRisk: options.acceptDataLossRisk === true,
  });
}

type Settings = Required<{ [K in keyof RedisStoreOptions]: NonNullable<RedisStoreOptions[K]> }>;

/** BullMQ rejects integer ids and ids with ":"; this keeps every key distinct and valid. */
const jobIdOf = (key: string) => `k${encodeURIComponent(key)}`;

function recordOf(data: JobData): TrackedGeneration {
  const { claim: _claim, ...record } = data;
  return record;
}

class RedisEngine implements Engine {
  readonly #settings: Settings;
  readonly #queue: Queue<JobData>;
  /** host:port, for messages. */
  readonly #address: string;
  #worker: Worker<JobData> | undefined;
  /** Connected, the identity read and the persistence checked: made once, again after a failure. */
  #ready: Promise<Redis> | undefined;
  /** The store's identity as this process first saw it. */
  #identity: string | undefined;
  #lost: StoreLostError | undefined;
  /** Why Redis cannot keep an acknowledged claim, if it cannot. */
  #unsafe: string | undefined;
  #onProblem: ProblemListener | undefined;
  #watch: ReturnType<typeof setInterval> | undefined;
  #lastSweep = 0;
  #listening = false;
  /** Writes after a poll that Redis refused in a row, per key: the backoff before the next try. */
  readonly #refused = new Map<string, number>();

  constructor(settings: Settings) {
    this.#settings = settings;
    this.#address = addressOf(settings.connection);
    this.#queue = new Queue<JobData>(settings.queue, {
      connection: settings.connection,
      prefix: settings.prefix,
      defaultJobOptions: {
        // A job fails for good only through UnrecoverableError (a decision waiting); any other
        // error (Redis refused a write) is retried with the store's backoff.
        attempts: Number.MAX_SAFE_INTEGER,
        backoff: { type: "store" },
        removeOnComplete: false,
        removeOnFail: false,
      },
    });
    // Connection errors are retried by ioredis; without a listener they would crash the process.
    this.#queue.on("error", () => undefined);
  }

  /** Runs a call on Redis, bounded in time; its failure becomes a `StoreError` naming Redis and the key. */
  async #op<T>(key: string | undefined, call: (client: Redis) => Promise<T>): Promise<T> {
    const { timeoutMs } = this.#settings;
    try {
      return await within(
        this.#connect().then(call),
        timeoutMs,
        () => new Error(`no answer within ${timeoutMs / 1000} s (down, paused or unreachable)`),
      );
    } catch (error) {
      if (error instanceof TrackerError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreError(
        `Redis at ${this.#address} failed${key === undefined ? "" : ` (key ${key})`}: ${message}.`,
        { key, cause: error },
      );
    }
  }

  #connect(): Promise<Redis> {
    this.#ready ??= (async () => {
      const client = (await this.#queue.client) as unknown as Redis;
      await client.set(this.#identityKey, randomUUID(), "NX");
      this.#identity = (await client.get(this.#identityKey)) ?? undefined;
      await this.#checkPersistence(client);
      if (!this.#listening) {
        // After a reconnect (a restart of Redis), look at once at what it still holds.
        client.on("ready", () => this.#check());
        this.#listening = true;
      }
      return client;
    })();
    this.#ready.catch(() => {
      this.#ready = undefined;
    });
    return this.#ready;
  }

  /** Reads the settings that decide whether an acknowledged claim survives a crash of Redis. */
  async #checkPersistence(client: Redis): Promise<void> {
    let problems: string[];
    try {
      const setting = async (name: string) =>
        ((await client.config("GET", name)) as string[])[1] ?? "";
      const [appendonly, appendfsync, policy] = await Promise.all(
        ["appendonly", "appendfsync", "maxmemory-policy"].map(setting),
      );
      problems = [
        appendonly !== "yes" && "appendonly is not yes (a restart loses every claim)",
        appendfsync !== "always" &&
          `appendfsync is ${appendfsync} (a crash can lose the last acknowledged claims)`,
        policy !== "noeviction" && `maxmemory-policy is ${policy} (Redis may evict records)`,
      ].filter((problem): problem is string => typeof problem === "string");
    } catch (error) {
      problems = [`its persistence cannot be read (CONFIG GET: ${(error as Error).message})`];
    }
    this.#unsafe =
      problems.length === 0
        ? undefined
        : `Redis at ${this.#address} cannot keep an acknowledged claim: ${problems.join("; ")}. Set appendonly yes, appendfsync always and maxmemory-policy noeviction, or pass redisStore({ acceptDataLossRisk: true }) to create anyway.`;
  }

  get #identityKey(): string {
    return `${this.#settings.prefix}:${this.#settings.queue}:identity`;
  }

  get #pausedKey(): string {
    return `${this.#settings.prefix}:${this.#settings.queue}:creates-paused`;
  }

  /** Marks the store lost (once) when its identity is gone or changed since this process saw it. */
  #compareIdentity(identity: string | null): void {
    if (this.#lost || identity === this.#identity) return;
    this.#lost = new StoreLostError(
      `Redis at ${this.#address} ${identity === null ? "lost its data (restarted without persistence, flushed, or evicted)" : "holds another store's data"}: the keys it held may have been created already, and would be created (and paid) again. Creates are refused until tracker.acknowledgeStoreLoss().`,
    );
    this.#onProblem?.(this.#lost);
  }

  async beforeCreate(key: string): Promise<void> {
    const [identity, paused] = await this.#op(key, (client) =>
      client.mget(this.#identityKey, this.#pausedKey),
    );
    this.#compareIdentity(identity ?? null);
    if (this.#lost) throw new StoreLostError(this.#lost.message, { key });
    if (paused) {
      const reason = JSON.parse(paused) as ErrorInfo;
      throw new CreatesPausedError(
        `Creates are paused for the whole fleet (${reason.message}): the create of key ${key} was not sent. Call tracker.resumeCreates() once the cause is fixed (after an out-of-credits 403: top up).`,
        { key },
      );
    }
    if (this.#settings.acceptDataLossRisk || !this.#unsafe) return;
    throw new StoreError(`${this.#unsafe} The create of key ${key} was not sent.`, { key });
  }

  async pauseCreates(reason: ErrorInfo | undefined): Promise<void> {
    await this.#op(undefined, async (client) => {
      if (reason) await client.set(this.#pausedKey, JSON.stringify(reason));
      else await client.del(this.#pausedKey);
    });
  }

  async acceptLoss(): Promise<void> {
    if (!this.#lost) return;
    // The store as it is now: the identity another process of the fleet already accepted (a new
    // one written over it would look to that process like a loss), or a new one.
    const identity = await this.#op(undefined, async (client) => {
      await client.set(this.#identityKey, randomUUID(), "NX");
      return client.get(this.#identityKey);
    });
    this.#identity = identity ?? undefined;
    this.#lost = undefined;
  }

  async claim(record: TrackedGeneration): Promise<TrackedGeneration | undefined> {
    let claiming: Promise<TrackedGeneration | undefined> | undefined;
    try {
      return await this.#op(record.key, () => {
        claiming = this.#add(record);
        return claiming;
      });
    } catch (error) {
      // Given up on (Redis paused, slow): if the claim lands later, nobody will create it, and
      // it must not turn ambiguous as if a create might have gone out. Nothing was sent.
      claiming
        ?.then((existing) =>
          existing
            ? undefined
            : this.transition(record.key, ["creating"], {
                status: "rejected",
                claimUntil: undefined,
                error: {
                  name: "StoreError",
                  message: "The claim was not confirmed in time: nothing was sent.",
                },
              }),
        )
        .catch(() => undefined);
      throw error;
    }
  }

  /** BullMQ's "add unless a job with this id exists", and whether this call's claim won. */
  async #add(record: TrackedGeneration): Promise<TrackedGeneration | undefined> {
    const claim = randomUUID();
    const delay = Math.max(0, (dueAt(record) ?? Date.now()) - Date.now());
    await this.#queue.add(
      "generation",
      { ...record, claim },
      { jobId: jobIdOf(record.key), delay },
    );
    const job = await this.#queue.getJob(jobIdOf(record.key));
    if (!job) throw new Error("the job vanished right after it was added");
    return job.data.claim === claim ? undefined : recordOf(job.data);
  }

  async transition(
    key: string,
    from: readonly TrackedStatus[],
    update: Partial<TrackedGeneration>,
  ): Promise<TrackedGeneration | undefined> {
    return this.#op(key, async () => {
      const data = await this.#compareAndSet(key, from, update);
      const job = data && (await this.#queue.getJob(jobIdOf(key)));
      if (!job || !data) return undefined;
      await this.#reschedule(job, data);
      return recordOf(data);
    });
  }

  /**
   * Applies `update` if the record's status is one of `from`, atomically: the new data is written
   * only if the stored data is still what was read (a Lua compare-and-set), and read again
   * otherwise. A read-then-write would let a submitter's "created, here is the id" and a worker's
   * "its claim expired: ambiguous" both pass the check, the later one erasing the id.
   */
  async #compareAndSet(
    key: string,
    from: readonly TrackedStatus[],
    update: Partial<TrackedGeneration>,
  ): Promise<JobData | undefined> {
    const client = await this.#connect();
    const jobKey = this.#queue.toKey(jobIdOf(key));
    for (let attempt = 0; attempt < MAX_WRITE_CONFLICTS; attempt++) {
      const stored = await client.hget(jobKey, "data");
      if (stored === null) return undefined;
      const data = JSON.parse(stored) as JobData;
      if (!from.includes(data.status)) return undefined;
      const next: JobData = { ...data, ...update };
      if (await client.eval(COMPARE_AND_SET, 1, jobKey, stored, JSON.stringify(next))) return next;
    }
    throw new Error(
      `the record kept changing while it was being written (${MAX_WRITE_CONFLICTS} tries)`,
    );
  }

  async get(key: string): Promise<TrackedGeneration | undefined> {
    return this.#op(key, async () => {
      const job = await this.#queue.getJob(jobIdOf(key));
      return job ? recordOf(job.data) : undefined;
    });
  }

  async list(statuses?: readonly TrackedStatus[]): Promise<TrackedGeneration[]> {
    const jobs = await this.#op(undefined, () => this.#queue.getJobs(STATES));
    const records = jobs
      .filter((job): job is Job<JobData> => Boolean(job?.data))
      .map((job) => recordOf(job.data));
    return statuses ? records.filter((r) => statuses.includes(r.status)) : records;
  }

  async observations(profile: string): Promise<Observation[]> {
    const items = await this.#op(undefined, (client) =>
      client.lrange(this.#observationsKey(profile), 0, MAX_OBSERVATIONS - 1),
    );
    return items.reverse().map((item) => JSON.parse(item) as Observation);
  }

  async observe(profile: string, observation: Observation): Promise<void> {
    const key = this.#observationsKey(profile);
    await this.#op(undefined, (client) =>
      client
        .multi()
        .lpush(key, JSON.stringify(observation))
        .ltrim(key, 0, MAX_OBSERVATIONS - 1)
        .exec(),
    );
  }

  async start(poll: PollHandler, _budget: unknown, onProblem: ProblemListener): Promise<void> {
    if (this.#worker) return;
    this.#onProblem = onProblem;
    await this.#op(undefined, async () => undefined);
    const { pollsPerSecond, concurrency, lockMs } = this.#settings;
    // Fifty windows a second (when the rate allows): a second's polls are not fired together, and
    // since any sliding span can overlap one window more than it holds, a small window keeps the
    // fleet within about 2 % of its budget wherever it is measured.
    const max = Math.max(1, Math.round(pollsPerSecond / 50));
    const worker = new Worker<JobData>(
      this.#settings.queue,
      (job, token) => this.#run(poll, job, token),
      {
        connection: this.#settings.connection,
        prefix: this.#settings.prefix,
        concurrency,
        limiter: { max, duration: Math.round((1000 * max) / pollsPerSecond) },
        lockDuration: lockMs,
        stalledInterval: lockMs,
        // A poll is a free, idempotent GET: a job orphaned by a dead worker is always picked up again.
        maxStalledCount: Number.MAX_SAFE_INTEGER,
        settings: { backoffStrategy: (attemptsMade: number) => storeRetryDelay(attemptsMade - 1) },
      },
    );
    this.#worker = worker;
    // Connection errors are retried by BullMQ itself; without a listener they would crash the process.
    worker.on("error", () => undefined);
    // Watched from here on, even if the worker is slow to connect: a resume() that timed out
    // returns at once when called again (the worker exists), so the watch must already run.
    this.#check();
    this.#watch = setInterval(() => this.#check(), this.#settings.watchMs);
    await this.#op(undefined, () => worker.waitUntilReady());
    // Said once at start-up too, not only to the submits it refuses.
    if (this.#unsafe && !this.#settings.acceptDataLossRisk) onProblem(new StoreError(this.#unsafe));
  }

  /** One run of a generation's job: a poll, its outcome written, the job moved to its next time. */
  async #run(
    poll: PollHandler,
    job: Job<JobData>,
    token: string | undefined,
  ): Promise<TrackedStatus> {
    const record = recordOf(job.data);
    const due = dueAt(record);
    if (due === undefined) return finish(record);
    // Woken early (a decision, a retry): wait for the due time again.
    if (due > Date.now() + 20) {
      await job.moveToDelayed(due, token);
      throw new DelayedError();
    }
    let outcome: PollOutcome;
    let next: JobData | undefined;
    try {
      outcome = await poll(record);
      // From the status the poll saw only: if another process moved the record meanwhile (a
      // decision, a create that reported back), its record stands and decides what comes next.
      next = await this.#op(
        record.key,
        async () =>
          (await this.#compareAndSet(record.key, [record.status], outcome.update)) ??
          (await this.#queue.getJob(job.id as string))?.data,
      );
    } catch {
      // Redis refused the write (out of memory, away): the same job after a backoff. What the
      // poll delivered is kept by the tracker and written then, not delivered again. If even the
      // move fails, the job fails with BullMQ's retry (the store's backoff), or stalls and is
      // picked up again.
      const refused = this.#refused.get(record.key) ?? 0;
      this.#refused.set(record.key, refused + 1);
      await job.moveToDelayed(Date.now() + storeRetryDelay(refused), token);
      throw new DelayedError();
    }
    this.#refused.delete(record.key);
    outcome.recorded?.();
    if (!next) return finish(record);
    if (outcome.pauseMs !== undefined) {
      // The server refused: every worker of the queue pauses, and this poll runs again after.
      await this.#queue.rateLimit(Math.ceil(outcome.pauseMs));
      throw Worker.RateLimitError();
    }
    const nextDue = dueAt(next);
    if (nextDue === undefined) return finish(next);
    await job.moveToDelayed(nextDue, token);
    throw new DelayedError();
  }

  /**
   * The watch: is the store still the one we saw, can it still keep a claim, and did an earlier
   * worker leave a generation in the failed set (a write refused before this version kept
   * retrying)? Such jobs are put back to be polled.
   */
  #check(): void {
    this.#op(undefined, async (client) => {
      this.#compareIdentity(await client.get(this.#identityKey));
      await this.#checkPersistence(client);
      if (Date.now() - this.#lastSweep < SWEEP_INTERVAL_MS) return;
      this.#lastSweep = Date.now();
      for (const job of await this.#queue.getFailed()) {
        if (job?.data && dueAt(recordOf(job.data)) !== undefined)
          await job.retry("failed").catch(() => undefined);
      }
    }).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.#watch);
    const { timeoutMs } = this.#settings;
    const gone = () => new Error("Redis did not answer the close");
    await within(this.#worker?.close() ?? Promise.resolve(), timeoutMs, gone).catch(() =>
      this.#worker?.disconnect(),
    );
    await within(this.#queue.close(), timeoutMs, gone).catch(() => this.#queue.disconnect());
  }

  #observationsKey(profile: string): string {
    return `${this.#settings.prefix}:${this.#settings.queue}:observations:${profile}`;
  }

  /** Moves the job to where its new status belongs: due at its next time, or finished. */
  async #reschedule(job: Job<JobData>, data: JobData): Promise<void> {
    const state = await job.getState();
    const due = dueAt(data);
    if (state === "delayed") {
      // A finished or undecided record is run at once, so a worker files it as completed or failed.
      await job.changeDelay(Math.max(0, (due ?? 0) - Date.now())).catch(() => undefined);
    } else if ((state === "failed" || state === "completed") && due !== undefined) {
      await job.retry(state);
    }
  }
}

/** How often a worker looks for generations an earlier worker left in the failed set. */
const SWEEP_INTERVAL_MS = 60_000;

function addressOf(connection: ConnectionOptions): string {
  const options = ((connection as { options?: unknown }).options ?? connection) as {
    host?: string;
    port?: number;
    path?: string;
  };
  return options.path ?? `${options.host ?? "127.0.0.1"}:${options.port ?? 6379}`;
}

/** Writes ARGV[2] to the job's data if it still holds ARGV[1]; 1 if written. */
const COMPARE_AND_SET = `
if redis.call("HGET", KEYS[1], "data") == ARGV[1] then
  redis.call("HSET", KEYS[1], "data", ARGV[2])
  return 1
end
return 0`;
/** Writers of one record racing this many times in a row means something is wrong: give up. */
const MAX_WRITE_CONFLICTS = 16;

/** Completed and failed generations end as completed jobs; the failed set holds the decisions waiting. */
function finish(record: TrackedGeneration): TrackedStatus {
  if (record.status === "ambiguous" || record.status === "rejected") {
    throw new UnrecoverableError(
      record.error?.message ?? `The create of key ${record.key} is ${record.status}.`,
    );
  }
  return record.status;
}
