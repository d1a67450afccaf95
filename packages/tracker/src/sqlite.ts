import Database from "better-sqlite3";
import type { Budget } from "./budget.js";
import { dueAt, type Engine, type PollHandler } from "./engine.js";
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
  #scheduler: LocalScheduler | undefined;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = NORMAL");
    this.#db.pragma("busy_timeout = 5000");
    this.#db.exec(SCHEMA);
    const db = this.#db;
    this.#statements = {
      insert: db.prepare(
        "INSERT INTO generations (key, status, record, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
      ),
      get: db.prepare<[string], Row>("SELECT record FROM generations WHERE key = ?"),
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
    await yieldToEventLoop();
    const { changes } = this.#fsynced(() =>
      this.#statements.insert.run(
        record.key,
        record.status,
        JSON.stringify(record),
        dueColumn(record),
      ),
    );
    if (changes === 1) {
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
    const money = from.some((status) => MONEY.has(status));
    if (money) await yieldToEventLoop();
    // One immediate transaction: the read and the write see no other process in between.
    const write = this.#db.transaction(() => {
      const current = this.#read(key);
      if (!current || !from.includes(current.status)) return undefined;
      const record = { ...current, ...update };
      this.#statements.update.run(record.status, JSON.stringify(record), dueColumn(record), key);
      return record;
    });
    const next = money ? this.#fsynced(() => write.immediate()) : write.immediate();
    if (next) this.#schedule(next);
    return next;
  }

  async get(key: string): Promise<TrackedGeneration | undefined> {
    return this.#read(key);
  }

  async list(statuses?: readonly TrackedStatus[]): Promise<TrackedGeneration[]> {
    const records = this.#statements.all
      .all()
      .map((row) => JSON.parse(row.record) as TrackedGeneration);
    return statuses ? records.filter((r) => statuses.includes(r.status)) : records;
  }

  async observations(profile: string): Promise<Observation[]> {
    return this.#statements.observations
      .all(profile, MAX_OBSERVATIONS)
      .map((row) => ({ ms: row.ms, widthMs: row.width_ms }));
  }

  async observe(profile: string, observation: Observation): Promise<void> {
    this.#db.transaction(() => {
      this.#statements.observe.run(profile, Date.now(), observation.ms, observation.widthMs);
      this.#statements.trim.run(profile, profile, MAX_OBSERVATIONS);
    })();
  }

  async start(poll: PollHandler, budget: Budget): Promise<void> {
    if (this.#scheduler) return;
    const scheduler = new LocalScheduler(budget, async (key) => {
      const record = this.#read(key);
      if (!record || dueAt(record) === undefined) return;
      const outcome = await poll(record);
      if (outcome.pauseMs !== undefined) budget.pause(outcome.pauseMs);
      const next = await this.transition(key, [record.status], outcome.update);
      // Refused (429): the same poll again, once the budget lets it through.
      if (next && outcome.pauseMs !== undefined) scheduler.schedule(key, Date.now());
    });
    this.#scheduler = scheduler;
    for (const { key, due_at } of this.#statements.active.iterate())
      scheduler.schedule(key, due_at);
    scheduler.start();
  }

  async close(): Promise<void> {
    await this.#scheduler?.stop();
    this.#db.close();
  }

  /** Runs `write` with synchronous=FULL: its commit is on disk when it returns. */
  #fsynced<T>(write: () => T): T {
    this.#db.pragma("synchronous = FULL");
    try {
      return write();
    } finally {
      this.#db.pragma("synchronous = NORMAL");
    }
  }

  #read(key: string): TrackedGeneration | undefined {
    const row = this.#statements.get.get(key);
    return row ? (JSON.parse(row.record) as TrackedGeneration) : undefined;
  }

  #schedule(record: TrackedGeneration): void {
    const at = dueAt(record);
    if (at !== undefined) this.#scheduler?.schedule(record.key, at);
  }
}

/** Transitions out of these concern a paid create: they are fsynced. */
const MONEY: ReadonlySet<TrackedStatus> = new Set(["creating", "ambiguous", "rejected"]);

/** Each fsync in a macrotask of its own, so a burst of creates never blocks the loop for long. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const dueColumn = (record: TrackedGeneration) => {
  const at = dueAt(record);
  return at === undefined ? null : Math.round(at);
};
