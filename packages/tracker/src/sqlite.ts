import { randomUUID } from "node:crypto";
import { rmSync, statSync } from "node:fs";
import { hostname } from "node:os";
import type { RequestLimiter } from "@aimlapi-video/client";
import Database from "better-sqlite3";
import {
  dueAt,
  type Engine,
  type PollHandler,
  type ProblemListener,
  storeRetryDelay,
} from "./engine.js";
import { CreatesPausedError, StoreError, StoreLostError, TrackerError } from "./errors.js";
import { LocalScheduler } from "./local-scheduler.js";
import { positive } from "./options.js";
import { MAX_OBSERVATIONS, type Observation } from "./schedule.js";
import type { ErrorInfo, TrackedGeneration, TrackedStatus } from "./types.js";

export interface SqliteStoreOptions {
  /** The database file; created if missing. `:memory:` keeps nothing across restarts (tests). */
  path: string;
  /**
   * How long a process's turn as the file's poller lasts without renewal. Another process takes
   * over once it has expired (at once when the poller was a process of this machine that died);
   * the poller stops starting polls half-way through it, so keep it above twice the poll
   * client's timeout. Default 30 s.
   */
  leaseMs?: number | undefined;
  /**
   * How often the store is looked at: other processes' submits and decisions, the poller's
   * lease, and the file's identity. Default 1 s.
   */
  watchMs?: number | undefined;
  /**
   * Refuse to start when the file is missing, instead of creating an empty store: a store deleted
   * while no process had it open cannot be noticed otherwise, and its keys would be paid again.
   * Set it once the store exists (e.g. after the first deploy). Default false.
   */
  mustExist?: boolean | undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS generations (
  key TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  record TEXT NOT NULL,
  due_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS generations_due ON generations (status, due_at);
CREATE TABLE IF NOT EXISTS observations (
  profile TEXT NOT NULL,
  at INTEGER NOT NULL,
  ms REAL NOT NULL,
  width_ms REAL NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS observations_profile ON observations (profile, at);
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;

/**
 * The embedded store: one SQLite file, written through better-sqlite3 (synchronous, so each
 * transition is one short transaction with no interleaving), in WAL mode. What concerns money
 * (the claim before the POST, the create's outcome, a decision) is committed with
 * synchronous=FULL, an fsync, so it survives a power cut too; a poll's progress is committed
 * with NORMAL (durable across a process crash; at worst a poll is repeated).
 *
 * Several processes may share the file: the key claim is a primary-key insert, atomic across
 * them; one of the processes that called `resume()` is the poller (it holds a lease in the file,
 * renewed every `watchMs`; another takes over when it lapses), and it picks up the others' submits
 * and decisions as they commit. The file carries an identity: deleted or replaced under a running
 * process, the store refuses creates until the loss is acknowledged.
 */
export function sqliteStore(options: SqliteStoreOptions): Engine {
  if (typeof options?.path !== "string" || options.path === "") {
    throw new TypeError(
      `Invalid sqliteStore path: expected a file path or ":memory:", received ${JSON.stringify(options?.path)}.`,
    );
  }
  const leaseMs = positive("sqliteStore leaseMs", options.leaseMs, 30_000);
  const watchMs = positive("sqliteStore watchMs", options.watchMs, 1_000);
  if (watchMs * 4 > leaseMs) {
    // The lease is renewed every watchMs and polls stop half-way through it: a renewal may be late.
    throw new TypeError(
      `Invalid sqliteStore watchMs: expected at most a quarter of leaseMs (${leaseMs} ms), received ${watchMs}.`,
    );
  }
  return new SqliteEngine(options.path, {
    mustExist: options.mustExist === true,
    leaseMs,
    watchMs,
  });
}

interface Row {
  record: string;
}

interface Polling {
  poll: PollHandler;
  budget: RequestLimiter;
  onProblem: ProblemListener;
}

/** The file a connection has open: a deleted or replaced file no longer matches. */
interface FileIdentity {
  dev: number;
  ino: number;
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare(
      "INSERT INTO generations (key, status, record, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
    ),
    get: db.prepare<[string], Row>("SELECT record FROM generations WHERE key = ?"),
    status: db.prepare<[string], { status: TrackedStatus }>(
      "SELECT status FROM generations WHERE key = ?",
    ),
    update: db.prepare("UPDATE generations SET status = ?, record = ?, due_at = ? WHERE key = ?"),
    all: db.prepare<[], Row & { key: string; status: string; due_at: number | null }>(
      "SELECT key, status, record, due_at FROM generations ORDER BY rowid",
    ),
    active: db.prepare<[], { key: string; status: TrackedStatus; due_at: number }>(
      "SELECT key, status, due_at FROM generations WHERE status IN ('creating', 'pending', 'ambiguous') AND due_at IS NOT NULL",
    ),
    observe: db.prepare("INSERT INTO observations (profile, at, ms, width_ms) VALUES (?, ?, ?, ?)"),
    observations: db.prepare<[string, number], { ms: number; width_ms: number }>(
      "SELECT ms, width_ms FROM (SELECT at, ms, width_ms FROM observations WHERE profile = ? ORDER BY at DESC LIMIT ?) ORDER BY at",
    ),
    trim: db.prepare(
      "DELETE FROM observations WHERE profile = ? AND at < (SELECT min(at) FROM (SELECT at FROM observations WHERE profile = ? ORDER BY at DESC LIMIT ?))",
    ),
    meta: db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE name = ?"),
    unpause: db.prepare("DELETE FROM meta WHERE name = 'creates_paused'"),
    setMeta: db.prepare(
      "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    ),
    addMeta: db.prepare(
      "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
    ),
    releaseLease: db.prepare(
      "DELETE FROM meta WHERE name = 'poller' AND json_extract(value, '$.owner') = ?",
    ),
  };
}

class SqliteEngine implements Engine {
  readonly #path: string;
  readonly #leaseMs: number;
  readonly #watchMs: number;
  #db!: Database.Database;
  #statements!: ReturnType<typeof prepare>;
  /** Runs a function in a transaction (a savepoint when nested); made once, used for every write. */
  #inTransaction!: Database.Transaction<(write: () => unknown) => unknown>;
  #file: FileIdentity | undefined;
  /** The -wal and -shm files the connection opened with the file. */
  #journal: Array<FileIdentity | undefined> = [];
  /** Set once the file was found deleted or replaced; cleared by acceptLoss(). */
  #lost: StoreLostError | undefined;
  /** This process, as the holder of the poller's lease. */
  readonly #owner = randomUUID();
  #leaseUntil = 0;
  #dataVersion = 0;
  #watch: ReturnType<typeof setInterval> | undefined;
  #polling: Polling | undefined;
  /** Exists while this process is the poller. */
  #scheduler: LocalScheduler | undefined;
  #stepping: Promise<void> | undefined;
  /** Writes after a poll the store refused in a row, per key: the backoff before the next try. */
  readonly #refused = new Map<string, number>();
  /**
   * The progress of the pending generations this process polls (next poll, polls made), kept in
   * memory and written at close or with the next change of status. Writing it at every poll cost
   * a WAL page or three per poll, and SQLite's checkpoints of that WAL stalled the event loop;
   * losing it in a crash costs nothing, since a plan is a function of the time since the create.
   */
  readonly #progress = new Map<string, TrackedGeneration>();
  #pending: Array<{
    write: () => unknown;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }> = [];
  #closed = false;

  constructor(path: string, settings: { leaseMs: number; watchMs: number; mustExist: boolean }) {
    this.#path = path;
    this.#leaseMs = settings.leaseMs;
    this.#watchMs = settings.watchMs;
    if (settings.mustExist && path !== ":memory:" && !identityOf(path)) {
      throw new StoreError(
        `The SQLite store at ${path} does not exist (mustExist): it was deleted or moved, or the path is wrong, and a new one would let its keys be created (and paid) again. Restore the file, or open it once without mustExist to start an empty store.`,
      );
    }
    try {
      this.#open();
    } catch (error) {
      throw this.#failed(error, undefined, "cannot be opened");
    }
  }

  #open(): void {
    const db = new Database(this.#path);
    let statements: ReturnType<typeof prepare>;
    try {
      db.pragma("busy_timeout = 5000");
      toWal(db);
      db.pragma("synchronous = NORMAL");
      db.exec(SCHEMA);
      statements = prepare(db);
      statements.addMeta.run("identity", randomUUID());
    } catch (error) {
      // Closed whatever failed (a read-only mount fails only at the first write): no handle leaks.
      db.close();
      throw error;
    }
    this.#db = db;
    this.#statements = statements;
    this.#inTransaction = db.transaction((write: () => unknown) => write());
    this.#file = this.#fileNow();
    this.#journal = [identityOf(`${this.#path}-wal`), identityOf(`${this.#path}-shm`)];
    this.#dataVersion = this.#db.pragma("data_version", { simple: true }) as number;
  }

  #fileNow(): FileIdentity | undefined {
    return this.#path === ":memory:" ? undefined : identityOf(this.#path);
  }

  /** The file is still the one we opened; reports (once) and throws when it is not. */
  #verify(key?: string): void {
    if (!this.#lost && this.#path !== ":memory:") {
      const now = this.#fileNow();
      if (!now || now.dev !== this.#file?.dev || now.ino !== this.#file?.ino) {
        this.#lost = new StoreLostError(
          `The SQLite store at ${this.#path} was ${now ? "replaced" : "deleted"} while this process had it open: the keys it held may have been created already, and a new file would let them be created (and paid) again. Creates are refused until tracker.acknowledgeStoreLoss(); this process's records are copied into the file then.`,
        );
        this.#polling?.onProblem(this.#lost);
      }
    }
    if (this.#lost) throw key ? new StoreLostError(this.#lost.message, { key }) : this.#lost;
  }

  async beforeCreate(key: string): Promise<void> {
    this.#verify(key);
    const paused = this.#guard(key, () => this.#statements.meta.get("creates_paused"));
    if (paused) {
      const reason = JSON.parse(paused.value) as ErrorInfo;
      throw new CreatesPausedError(
        `Creates are paused for every process of ${this.#path} (${reason.message}): the create of key ${key} was not sent. Call tracker.resumeCreates() once the cause is fixed (after an out-of-credits 403: top up).`,
        { key },
      );
    }
  }

  async pauseCreates(reason: ErrorInfo | undefined): Promise<void> {
    this.#guard(undefined, () => {
      if (reason) this.#statements.setMeta.run("creates_paused", JSON.stringify(reason));
      else this.#statements.unpause.run();
    });
  }

  async acceptLoss(): Promise<void> {
    if (!this.#lost) return;
    // What this process still reads from the lost file goes into the file now at the path
    // (rows that file already has win): no key we know can be created again.
    const old = this.#db;
    const rows = this.#guard(undefined, () => this.#statements.all.all());
    const progress = [...this.#progress.values()];
    // The lost file's -wal and -shm are still at the path when only the file went: SQLite would
    // read them as the new file's (the replacing file's rows hidden under the lost file's pages,
    // one wal-index for two files). Removed while they are the ones the lost file opened.
    for (const [i, suffix] of ["-wal", "-shm"].entries()) {
      const opened = this.#journal[i];
      const now = identityOf(`${this.#path}${suffix}`);
      if (opened && now?.dev === opened.dev && now.ino === opened.ino) {
        rmSync(`${this.#path}${suffix}`, { force: true });
      }
    }
    try {
      this.#open();
    } catch (error) {
      throw this.#failed(error, undefined, "cannot be opened");
    }
    const insert = this.#statements.insert;
    this.#guard(undefined, () =>
      this.#inTransaction(() => {
        for (const row of rows) insert.run(row.key, row.status, row.record, row.due_at);
        for (const record of progress) this.#writeRow(record);
      }),
    );
    old.close();
    this.#lost = undefined;
    this.#rescan();
  }

  async claim(record: TrackedGeneration): Promise<TrackedGeneration | undefined> {
    const claimed = await this.#durably(
      record.key,
      () =>
        this.#statements.insert.run(
          record.key,
          record.status,
          JSON.stringify(record),
          dueColumn(record),
        ).changes === 1,
    );
    if (claimed) {
      this.#schedule(record);
      return undefined;
    }
    return this.#guard(record.key, () => this.#read(record.key));
  }

  async transition(
    key: string,
    from: readonly TrackedStatus[],
    update: Partial<TrackedGeneration>,
  ): Promise<TrackedGeneration | undefined> {
    const write = () => {
      const current = this.#read(key);
      if (!current || !from.includes(current.status)) return undefined;
      const polling = this.#scheduler !== undefined;
      if (polling && current.status === "pending" && (update.status ?? "pending") === "pending") {
        // A poll's progress stays in memory (see #progress), updated in place: a new record per
        // poll would outlive the young generation and fill the old one with garbage. Only while
        // this process polls: otherwise (a pollNow before resume()) the row is what it starts from.
        const record = this.#progress.get(key) ?? { ...current };
        Object.assign(record, update);
        this.#progress.set(key, record);
        return record;
      }
      const record = { ...current, ...update };
      this.#writeRow(record);
      this.#progress.delete(key);
      return record;
    };
    // What concerns a paid create is fsynced; the rest is one plain transaction (the read and
    // the write see no other process in between).
    const next = from.some((status) => MONEY.has(status))
      ? await this.#durably(key, write)
      : this.#guard(key, () => this.#inTransaction.immediate(write) as ReturnType<typeof write>);
    if (next) this.#schedule(next);
    return next;
  }

  async get(key: string): Promise<TrackedGeneration | undefined> {
    const record = this.#guard(key, () => this.#read(key));
    // A copy: the in-memory progress is updated in place.
    return record && { ...record };
  }

  async list(statuses?: readonly TrackedStatus[]): Promise<TrackedGeneration[]> {
    const records = this.#guard(undefined, () => this.#statements.all.all()).map((row) => {
      const record = JSON.parse(row.record) as TrackedGeneration;
      const progress = this.#progress.get(record.key);
      return progress && record.status === "pending" ? { ...progress } : record;
    });
    return statuses ? records.filter((r) => statuses.includes(r.status)) : records;
  }

  async observations(profile: string): Promise<Observation[]> {
    return this.#guard(undefined, () =>
      this.#statements.observations
        .all(profile, MAX_OBSERVATIONS)
        .map((row) => ({ ms: row.ms, widthMs: row.width_ms })),
    );
  }

  async observe(profile: string, observation: Observation): Promise<void> {
    this.#guard(undefined, () =>
      this.#inTransaction(() => {
        this.#statements.observe.run(profile, Date.now(), observation.ms, observation.widthMs);
        this.#statements.trim.run(profile, profile, MAX_OBSERVATIONS);
      }),
    );
  }

  async start(
    poll: PollHandler,
    budget: RequestLimiter,
    onProblem: ProblemListener,
  ): Promise<void> {
    if (this.#polling) return;
    this.#guard(undefined, () => this.#statements.meta.get("identity"));
    this.#polling = { poll, budget, onProblem };
    this.#tick();
    this.#watch = setInterval(() => this.#tick(), this.#watchMs);
  }

  /**
   * The watch: the file's identity, the poller's lease (taken when free or lapsed, renewed while
   * held), and, while polling, the others' commits (SQLite's data_version changes with them).
   */
  #tick(): void {
    try {
      this.#verify();
    } catch {
      // Reported by #verify; the polls go on (the records are still readable here).
    }
    const now = Date.now();
    try {
      const until = this.#inTransaction.immediate(() => {
        const row = this.#statements.meta.get("poller");
        const lease = row && (JSON.parse(row.value) as Lease);
        if (lease && lease.owner !== this.#owner && lease.until > now && isAlive(lease)) {
          return undefined;
        }
        const until = now + this.#leaseMs;
        const mine: Lease = { owner: this.#owner, until, host: hostname(), pid: process.pid };
        this.#statements.setMeta.run("poller", JSON.stringify(mine));
        return until;
      }) as number | undefined;
      this.#leaseUntil = until ?? (this.#scheduler ? this.#leaseUntil : 0);
    } catch {
      // The store refused the renewal (full, busy): poll on while the lease lasts.
    }
    const polling = Date.now() < this.#leaseUntil - this.#leaseMs / 2;
    if (polling && !this.#scheduler && !this.#stepping) this.#lead();
    else if (!polling && this.#scheduler) this.#stepDown();
    else if (this.#scheduler) this.#catchUp();
  }

  /**
   * Reads the unfinished keys again when another connection has committed (SQLite's
   * data_version changed); a read that fails is tried again at the next tick.
   */
  #catchUp(): void {
    try {
      const version = this.#db.pragma("data_version", { simple: true }) as number;
      if (version === this.#dataVersion) return;
      this.#rescan();
      this.#dataVersion = version;
    } catch {
      this.#dataVersion = -1;
    }
  }

  #lead(): void {
    const { poll, budget } = this.#polling as Polling;
    const scheduler: LocalScheduler = new LocalScheduler(budget, async (key): Promise<void> => {
      // Past half the lease (its renewal is late): start nothing another process may start too.
      if (Date.now() >= this.#leaseUntil - this.#leaseMs / 2) {
        scheduler.schedule(key, Date.now() + this.#watchMs);
        return;
      }
      try {
        const record = this.#read(key);
        if (!record || dueAt(record) === undefined) return;
        const outcome = await poll(record);
        if (outcome.pauseMs !== undefined) budget.refused(outcome.pauseMs);
        const next = await this.transition(key, [record.status], outcome.update);
        this.#refused.delete(key);
        outcome.recorded?.();
        // Someone else moved the record meanwhile: its record decides what comes next.
        if (!next) return this.#schedule(this.#read(key));
        // Refused (429): the same poll again, once the budget lets it through.
        if (outcome.pauseMs !== undefined) scheduler.schedule(key, Date.now());
      } catch {
        // The store refused (full, busy, read-only): the same key again after a backoff. What the
        // poll delivered is kept by the tracker and written then, not delivered again.
        const refused = this.#refused.get(key) ?? 0;
        this.#refused.set(key, refused + 1);
        scheduler.schedule(key, Date.now() + storeRetryDelay(refused));
      }
    });
    this.#scheduler = scheduler;
    this.#dataVersion = -1;
    this.#catchUp();
    scheduler.start();
  }

  /** The lease lapsed (or the store refused to renew it): stop polling before another process starts. */
  #stepDown(): void {
    const scheduler = this.#scheduler as LocalScheduler;
    this.#scheduler = undefined;
    this.#stepping = scheduler.stop().then(() => {
      this.#flushProgress();
      this.#stepping = undefined;
    });
  }

  /**
   * Schedules what the file holds that the scheduler does not know at that time: others' submits
   * and decisions, or everything when this process starts polling. The progress this process
   * keeps in memory is its own, and is left alone.
   */
  #rescan(): void {
    const scheduler = this.#scheduler;
    if (!scheduler) return;
    for (const { key, status, due_at } of this.#statements.active.iterate()) {
      if (status === "pending" && this.#progress.has(key)) continue;
      if (scheduler.isRunning(key) || scheduler.dueOf(key) === due_at) continue;
      scheduler.schedule(key, due_at);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#watch);
    await this.#stepping;
    await this.#scheduler?.stop();
    this.#scheduler = undefined;
    // The writes asked for and not yet committed go in now, before the file is closed.
    if (this.#pending.length > 0) this.#commit();
    this.#flushProgress();
    try {
      // Another process may take over the polls at once.
      this.#statements.releaseLease.run(this.#owner);
    } catch {
      // It lapses on its own.
    }
    this.#closed = true;
    this.#db.close();
  }

  /** Keeps the polls' progress for the next poller (a crash loses it, and costs nothing but a poll). */
  #flushProgress(): void {
    try {
      this.#inTransaction(() => {
        for (const record of this.#progress.values()) this.#writeRow(record);
      });
      this.#progress.clear();
    } catch {
      // The store refuses (full disk): the progress stays in memory, the plan goes on from the row.
    }
  }

  #writeRow(record: TrackedGeneration): void {
    this.#statements.update.run(
      record.status,
      JSON.stringify(record),
      dueColumn(record),
      record.key,
    );
  }

  /** Runs a synchronous store call; its failure becomes a `StoreError` that names the file. */
  #guard<T>(key: string | undefined, call: () => T): T {
    if (this.#closed) throw this.#failed(new Error("the store is closed"), key);
    try {
      return call();
    } catch (error) {
      throw this.#failed(error, key);
    }
  }

  #failed(error: unknown, key: string | undefined, what = "failed"): TrackerError {
    if (error instanceof TrackerError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new StoreError(
      `The SQLite store at ${this.#path} ${what}${key === undefined ? "" : ` (key ${key})`}: ${message}.`,
      { key, cause: error },
    );
  }

  /**
   * Runs `write` in a transaction committed with synchronous=FULL (an fsync). The writes asked
   * for in one turn of the event loop share one transaction and one fsync (a group commit), so a
   * burst of submits costs a few fsyncs and never blocks the loop for long.
   */
  #durably<T>(key: string, write: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(this.#failed(new Error("the store is closed"), key));
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({
        write,
        resolve: resolve as (value: unknown) => void,
        reject: (error) => reject(this.#failed(error, key)),
      });
      if (this.#pending.length === 1) setImmediate(() => this.#commit());
    });
  }

  #commit(): void {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    if (this.#closed) {
      for (const { reject } of batch) reject(new Error("the store is closed"));
      return;
    }
    const results: Array<{ ok: boolean; value: unknown }> = [];
    try {
      this.#db.pragma("synchronous = FULL");
      this.#inTransaction.immediate(() => {
        for (const { write } of batch) {
          // Each write in a savepoint of its own (a nested transaction): one failing leaves the others in.
          try {
            results.push({ ok: true, value: this.#inTransaction(write) });
          } catch (error) {
            results.push({ ok: false, value: error });
          }
        }
      });
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    } finally {
      try {
        this.#db.pragma("synchronous = NORMAL");
      } catch {
        // Set again before the next group commit.
      }
    }
    for (const [i, { resolve, reject }] of batch.entries()) {
      const result = results[i] as { ok: boolean; value: unknown };
      if (result.ok) resolve(result.value);
      else reject(result.value);
    }
  }

  /**
   * The row decides the status (another process may have changed it); the progress in memory
   * decides what we polled. While both say pending, only the status column is read.
   */
  #read(key: string): TrackedGeneration | undefined {
    const progress = this.#progress.get(key);
    if (progress && this.#statements.status.get(key)?.status === "pending") return progress;
    const row = this.#statements.get.get(key);
    return row && (JSON.parse(row.record) as TrackedGeneration);
  }

  #schedule(record: TrackedGeneration | undefined): void {
    const at = record && dueAt(record);
    if (at !== undefined) this.#scheduler?.schedule((record as TrackedGeneration).key, at);
  }
}

/** The poller's lease, as the file holds it. */
interface Lease {
  owner: string;
  until: number;
  host: string;
  pid: number;
}

/** A lease of a process on this machine that has died (SIGKILL, a crash) is taken over at once. */
function isAlive(lease: Lease): boolean {
  if (lease.host !== hostname()) return true;
  try {
    process.kill(lease.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Switches a connection to WAL. Two processes creating the file at once: SQLite refuses one's
 * switch at once (SQLITE_BUSY without waiting, since both hold a read lock), so it tries again,
 * up to the busy timeout.
 */
function toWal(db: Database.Database): void {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "SQLITE_BUSY" || Date.now() > deadline)
        throw error;
      // Blocks like SQLite's own busy wait (opening is synchronous): a few ms, jittered.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.random() * 20);
    }
  }
}

function identityOf(path: string): FileIdentity | undefined {
  try {
    const { dev, ino } = statSync(path);
    return { dev, ino };
  } catch {
    return undefined;
  }
}

/** Transitions out of these concern a paid create: they are fsynced. */
const MONEY: ReadonlySet<TrackedStatus> = new Set(["creating", "ambiguous", "rejected"]);

const dueColumn = (record: TrackedGeneration) => {
  const at = dueAt(record);
  return at === undefined ? null : Math.round(at);
};
