import type { RequestLimiter } from "@aimlapi-video/client";
import Database from "better-sqlite3";
import { dueAt, type Engine, type PollHandler, RETRY_AFTER_STORE_ERROR_MS } from "./engine.js";
import { LocalScheduler } from "./local-scheduler.js";
import { MAX_OBSERVATIONS, type Observation } from "./schedule.js";
import type { TrackedGeneration, TrackedStatus } from "./types.js";

export interface SqliteStoreOptions {
  /** The database file; created if missing. `:memory:` keeps nothing across restarts (tests). */
  path: string;
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
`;

/**
 * The embedded store: one SQLite file, written through better-sqlite3 (synchronous, so each
 * transition is one short transaction with no interleaving), in WAL mode. What concerns money
 * (the claim before the POST, the create's outcome, a decision) is committed with
 * synchronous=FULL, an fsync, so it survives a power cut too; a poll's progress is committed
 * with NORMAL (durable across a process crash; at worst a poll is repeated). Several
 * processes may share the file (the key claim is a primary-key insert, atomic across them), but
 * only one should poll it at a time (`resume()`); a fleet uses the Redis store.
 */
export function sqliteStore(options: SqliteStoreOptions): Engine {
  if (typeof options?.path !== "string" || options.path === "") {
    throw new TypeError(
      `Invalid sqliteStore path: expected a file path or ":memory:", received ${JSON.stringify(options?.path)}.`,
    );
  }
  return new SqliteEngine(options.path);
}

interface Row {
  record: string;
}

class SqliteEngine implements Engine {
  readonly #db: Database.Database;
  readonly #statements;
  /** Runs a function in a transaction (a savepoint when nested); made once, used for every write. */
  readonly #inTransaction: Database.Transaction<(write: () => unknown) => unknown>;
  #scheduler: LocalScheduler | undefined;
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

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = NORMAL");
    this.#db.pragma("busy_timeout = 5000");
    this.#db.exec(SCHEMA);
    this.#inTransaction = this.#db.transaction((write: () => unknown) => write());
    const db = this.#db;
    this.#statements = {
      insert: db.prepare(
        "INSERT INTO generations (key, status, record, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
      ),
      get: db.prepare<[string], Row>("SELECT record FROM generations WHERE key = ?"),
      status: db.prepare<[string], { status: TrackedStatus }>(
        "SELECT status FROM generations WHERE key = ?",
      ),
      update: db.prepare("UPDATE generations SET status = ?, record = ?, due_at = ? WHERE key = ?"),
      all: db.prepare<[], Row>("SELECT record FROM generations ORDER BY rowid"),
      active: db.prepare<[], { key: string; due_at: number }>(
        "SELECT key, due_at FROM generations WHERE status IN ('creating', 'pending')",
      ),
      observe: db.prepare(
        "INSERT INTO observations (profile, at, ms, width_ms) VALUES (?, ?, ?, ?)",
      ),
      observations: db.prepare<[string, number], { ms: number; width_ms: number }>(
        "SELECT ms, width_ms FROM (SELECT at, ms, width_ms FROM observations WHERE profile = ? ORDER BY at DESC LIMIT ?) ORDER BY at",
      ),
      trim: db.prepare(
        "DELETE FROM observations WHERE profile = ? AND at < (SELECT min(at) FROM (SELECT at FROM observations WHERE profile = ? ORDER BY at DESC LIMIT ?))",
      ),
    };
  }

  async claim(record: TrackedGeneration): Promise<TrackedGeneration | undefined> {
    const claimed = await this.#durably(
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
    return this.#read(record.key);
  }

  async transition(
    key: string,
    from: readonly TrackedStatus[],
    update: Partial<TrackedGeneration>,
  ): Promise<TrackedGeneration | undefined> {
    const write = () => {
      const current = this.#read(key);
      if (!current || !from.includes(current.status)) return undefined;
      if (current.status === "pending" && (update.status ?? "pending") === "pending") {
        // A poll's progress stays in memory (see #progress), updated in place: a new record per
        // poll would outlive the young generation and fill the old one with garbage.
        const record = this.#progress.get(key) ?? { ...current };
        Object.assign(record, update);
        this.#progress.set(key, record);
        return record;
      }
      const record = { ...current, ...update };
      this.#statements.update.run(record.status, JSON.stringify(record), dueColumn(record), key);
      this.#progress.delete(key);
      return record;
    };
    // What concerns a paid create is fsynced; the rest is one plain transaction (the read and
    // the write see no other process in between).
    const next = from.some((status) => MONEY.has(status))
      ? await this.#durably(write)
      : (this.#inTransaction.immediate(write) as ReturnType<typeof write>);
    if (next) this.#schedule(next);
    return next;
  }

  async get(key: string): Promise<TrackedGeneration | undefined> {
    const record = this.#read(key);
    // A copy: the in-memory progress is updated in place.
    return record && { ...record };
  }

  async list(statuses?: readonly TrackedStatus[]): Promise<TrackedGeneration[]> {
    const records = this.#statements.all.all().map((row) => {
      const record = JSON.parse(row.record) as TrackedGeneration;
      const progress = this.#progress.get(record.key);
      return progress && record.status === "pending" ? { ...progress } : record;
    });
    return statuses ? records.filter((r) => statuses.includes(r.status)) : records;
  }

  async observations(profile: string): Promise<Observation[]> {
    return this.#statements.observations
      .all(profile, MAX_OBSERVATIONS)
      .map((row) => ({ ms: row.ms, widthMs: row.width_ms }));
  }

  async observe(profile: string, observation: Observation): Promise<void> {
    this.#inTransaction(() => {
      this.#statements.observe.run(profile, Date.now(), observation.ms, observation.widthMs);
      this.#statements.trim.run(profile, profile, MAX_OBSERVATIONS);
    });
  }

  async start(poll: PollHandler, budget: RequestLimiter): Promise<void> {
    if (this.#scheduler) return;
    const scheduler = new LocalScheduler(budget, async (key) => {
      try {
        const record = this.#read(key);
        if (!record || dueAt(record) === undefined) return;
        const outcome = await poll(record);
        if (outcome.pauseMs !== undefined) budget.refused(outcome.pauseMs);
        const next = await this.transition(key, [record.status], outcome.update);
        // Refused (429): the same poll again, once the budget lets it through.
        if (next && outcome.pauseMs !== undefined) scheduler.schedule(key, Date.now());
      } catch {
        // The store failed (e.g. busy past its timeout): the generation stays, polled again later.
        scheduler.schedule(key, Date.now() + RETRY_AFTER_STORE_ERROR_MS);
      }
    });
    this.#scheduler = scheduler;
    for (const { key, due_at } of this.#statements.active.iterate())
      scheduler.schedule(key, due_at);
    scheduler.start();
  }

  async close(): Promise<void> {
    await this.#scheduler?.stop();
    // Keep the polls' progress for the next run (a crash loses it, and costs nothing but a poll).
    this.#inTransaction(() => {
      for (const record of this.#progress.values()) {
        this.#statements.update.run(
          record.status,
          JSON.stringify(record),
          dueColumn(record),
          record.key,
        );
      }
    });
    this.#progress.clear();
    this.#db.close();
  }

  /**
   * Runs `write` in a transaction committed with synchronous=FULL (an fsync). The writes asked
   * for in one turn of the event loop share one transaction and one fsync (a group commit), so a
   * burst of submits costs a few fsyncs and never blocks the loop for long.
   */
  #durably<T>(write: () => T): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#commit());
    });
  }

  #commit(): void {
    const batch = this.#pending;
    this.#pending = [];
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
      this.#db.pragma("synchronous = NORMAL");
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

  #schedule(record: TrackedGeneration): void {
    const at = dueAt(record);
    if (at !== undefined) this.#scheduler?.schedule(record.key, at);
  }
}

/** Transitions out of these concern a paid create: they are fsynced. */
const MONEY: ReadonlySet<TrackedStatus> = new Set(["creating", "ambiguous", "rejected"]);

const dueColumn = (record: TrackedGeneration) => {
  const at = dueAt(record);
  return at === undefined ? null : Math.round(at);
};
