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
  RETRY_AFTER_STORE_ERROR_MS,
} from "./engine.js";
import { positive } from "./options.js";
import { MAX_OBSERVATIONS, type Observation } from "./schedule.js";
import type { TrackedGeneration, TrackedStatus } from "./types.js";

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
  #worker: Worker<JobData> | undefined;

  constructor(settings: Settings) {
    this.#settings = settings;
    this.#queue = new Queue<JobData>(settings.queue, {
      connection: settings.connection,
      prefix: settings.prefix,
      defaultJobOptions: { attempts: 1, removeOnComplete: false, removeOnFail: false },
    });
  }

  async claim(record: TrackedGeneration): Promise<TrackedGeneration | undefined> {
    const claim = randomUUID();
    const delay = Math.max(0, (dueAt(record) ?? Date.now()) - Date.now());
    await this.#queue.add(
      "generation",
      { ...record, claim },
      { jobId: jobIdOf(record.key), delay },
    );
    const job = await this.#queue.getJob(jobIdOf(record.key));
    if (!job)
      throw new Error(
        `The job of key ${JSON.stringify(record.key)} vanished right after it was added.`,
      );
    return job.data.claim === claim ? undefined : recordOf(job.data);
  }

  async transition(
    key: string,
    from: readonly TrackedStatus[],
    update: Partial<TrackedGeneration>,
  ): Promise<TrackedGeneration | undefined> {
    const data = await this.#compareAndSet(key, from, update);
    const job = data && (await this.#queue.getJob(jobIdOf(key)));
    if (!job || !data) return undefined;
    await this.#reschedule(job, data);
    return recordOf(data);
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
    const client = await this.#redis();
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
      `The record of key ${JSON.stringify(key)} kept changing while it was being written (${MAX_WRITE_CONFLICTS} tries).`,
    );
  }

  async get(key: string): Promise<TrackedGeneration | undefined> {
    const job = await this.#queue.getJob(jobIdOf(key));
    return job ? recordOf(job.data) : undefined;
  }

  async list(statuses?: readonly TrackedStatus[]): Promise<TrackedGeneration[]> {
    const jobs = await this.#queue.getJobs(STATES);
    const records = jobs
      .filter((job): job is Job<JobData> => Boolean(job?.data))
      .map((job) => recordOf(job.data));
    return statuses ? records.filter((r) => statuses.includes(r.status)) : records;
  }

  /** The queue's own connection: in BullMQ 5 it is an ioredis client. */
  async #redis(): Promise<Redis> {
    return (await this.#queue.client) as unknown as Redis;
  }

  async observations(profile: string): Promise<Observation[]> {
    const client = await this.#redis();
    const items = await client.lrange(this.#observationsKey(profile), 0, MAX_OBSERVATIONS - 1);
    return items.reverse().map((item) => JSON.parse(item) as Observation);
  }

  async observe(profile: string, observation: Observation): Promise<void> {
    const client = await this.#redis();
    const key = this.#observationsKey(profile);
    await client
      .multi()
      .lpush(key, JSON.stringify(observation))
      .ltrim(key, 0, MAX_OBSERVATIONS - 1)
      .exec();
  }

  async start(poll: PollHandler): Promise<void> {
    if (this.#worker) return;
    const { pollsPerSecond, concurrency, lockMs } = this.#settings;
    // Fifty windows a second (when the rate allows): a second's polls are not fired together, and
    // since any sliding span can overlap one window more than it holds, a small window keeps the
    // fleet within about 2 % of its budget wherever it is measured.
    const max = Math.max(1, Math.round(pollsPerSecond / 50));
    const queue = this.#queue;
    this.#worker = new Worker<JobData>(
      this.#settings.queue,
      async (job, token) => {
        const record = recordOf(job.data);
        const due = dueAt(record);
        if (due === undefined) return finish(record);
        // Woken early (a decision, a retry): wait for the due time again.
        if (due > Date.now() + 20) {
          await job.moveToDelayed(due, token);
          throw new DelayedError();
        }
        let outcome: PollOutcome;
        try {
          outcome = await poll(record);
        } catch {
          // The store failed mid-poll (e.g. Redis was briefly away): the same poll, a little later.
          await job.moveToDelayed(Date.now() + RETRY_AFTER_STORE_ERROR_MS, token);
          throw new DelayedError();
        }
        // From the status the poll saw only: if another process moved the record meanwhile (a
        // decision, a create that reported back), its record stands and decides what comes next.
        const next =
          (await this.#compareAndSet(record.key, [record.status], outcome.update)) ??
          (await this.#queue.getJob(job.id as string))?.data;
        if (!next) return finish(record);
        if (outcome.pauseMs !== undefined) {
          // The server refused: every worker of the queue pauses, and this poll runs again after.
          await queue.rateLimit(Math.ceil(outcome.pauseMs));
          throw Worker.RateLimitError();
        }
        const nextDue = dueAt(next);
        if (nextDue === undefined) return finish(next);
        await job.moveToDelayed(nextDue, token);
        throw new DelayedError();
      },
      {
        connection: this.#settings.connection,
        prefix: this.#settings.prefix,
        concurrency,
        limiter: { max, duration: Math.round((1000 * max) / pollsPerSecond) },
        lockDuration: lockMs,
        stalledInterval: lockMs,
        // A poll is a free, idempotent GET: a job orphaned by a dead worker is always picked up again.
        maxStalledCount: Number.MAX_SAFE_INTEGER,
      },
    );
    // Connection errors are retried by BullMQ itself; without a listener they would crash the process.
    this.#worker.on("error", () => undefined);
    await this.#worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.#worker?.close();
    await this.#queue.close();
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
