// Where the CLI keeps its generations: the tracker's SQLite store (the key claimed before the paid
// POST, the id the moment it returns), plus a small SQLite file of the CLI's own beside it for
// what the tracker does not hold: where each video goes, against which API, and whether it is saved.
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { VideoClient } from "@aimlapi-video/client";
import {
  createTracker,
  StoreError,
  sqliteStore,
  type Tracker,
  type TrackerOptions,
} from "@aimlapi-video/tracker";
import Database from "better-sqlite3";

/**
 * `--store`, then `AIMLAPI_VIDEO_STORE`, then `$XDG_STATE_HOME/aimlapi-video/` (default
 * `~/.local/state/aimlapi-video/`): `generations.db` for the real API, and a file per other base
 * URL (`generations-127.0.0.1_4010.db`), so that a mock's ids are never polled on the real API.
 */
export function storePath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  baseUrl: string | undefined,
): string {
  const chosen = flag ?? env.AIMLAPI_VIDEO_STORE;
  if (chosen) return path.resolve(chosen);
  const state = env.XDG_STATE_HOME || path.join(os.homedir(), ".local", "state");
  const suffix = baseUrl ? `-${new URL(baseUrl).host.replace(/[^\w.-]+/g, "_")}` : "";
  return path.join(state, "aimlapi-video", `generations${suffix}.db`);
}

/** The CLI's own file beside the tracker's: `generations.db` → `generations.cli.db`. */
export const outputsPath = (store: string) => `${store.replace(/\.db$/, "")}.cli.db`;

/** What `generate` asked for a key, and what became of the video. */
export interface Output {
  key: string;
  /** The API the key was created on: undefined for the real API. */
  baseUrl: string | undefined;
  /** The directory `generate` ran in: the default file `<id>.mp4` goes there. */
  dir: string;
  /** `--out`, absolute; undefined for `<id>.mp4` in `dir`. */
  file: string | undefined;
  /** False with `--no-download`: the URL is printed instead. */
  download: boolean;
  /** When the CLI finished with the key: the video saved (`savedFile`), its URL printed, or its failure reported. */
  doneAt: number | undefined;
  savedFile: string | undefined;
  /** Why the generation failed, when the CLI reported its failure. */
  error: string | undefined;
}

interface OutputRow {
  key: string;
  base_url: string | null;
  dir: string;
  file: string | null;
  download: number;
  saved_file: string | null;
  done_at: number | null;
  error: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outputs (
  key TEXT PRIMARY KEY,
  base_url TEXT,
  dir TEXT NOT NULL,
  file TEXT,
  download INTEGER NOT NULL,
  saved_file TEXT,
  done_at INTEGER,
  error TEXT
) STRICT;
`;

export class Outputs {
  readonly #file: string;
  readonly #db: Database.Database;

  constructor(file: string) {
    this.#file = file;
    this.#db = this.#guard(undefined, () => {
      const db = new Database(file);
      db.pragma("journal_mode = WAL");
      db.pragma("busy_timeout = 5000");
      db.exec(SCHEMA);
      // A file made before failures were recorded.
      const columns = db.prepare<[], { name: string }>("PRAGMA table_info(outputs)").all();
      if (!columns.some((c) => c.name === "error"))
        db.exec("ALTER TABLE outputs ADD COLUMN error TEXT");
      return db;
    });
  }

  get(key: string): Output | undefined {
    const row = this.#guard(key, () =>
      this.#db.prepare<[string], OutputRow>("SELECT * FROM outputs WHERE key = ?").get(key),
    );
    return row && fromRow(row);
  }

  all(): Map<string, Output> {
    const rows = this.#guard(undefined, () =>
      this.#db.prepare<[], OutputRow>("SELECT * FROM outputs").all(),
    );
    return new Map(rows.map((row) => [row.key, fromRow(row)]));
  }

  /** Records where `key`'s video goes; the latest `generate` for a key decides. */
  intend(output: Omit<Output, "savedFile" | "doneAt" | "error">): void {
    this.#guard(output.key, () =>
      this.#db
        .prepare(
          `INSERT INTO outputs (key, base_url, dir, file, download) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET dir = excluded.dir, file = excluded.file, download = excluded.download`,
        )
        .run(
          output.key,
          output.baseUrl ?? null,
          output.dir,
          output.file ?? null,
          output.download ? 1 : 0,
        ),
    );
  }

  /**
   * Nothing left to do for `key`; `file` is where its video was saved, if it was, `error` why
   * the generation failed, if it did.
   */
  finished(key: string, outcome: { file?: string; error?: string } = {}): void {
    this.#guard(key, () =>
      this.#db
        .prepare("UPDATE outputs SET saved_file = ?, error = ?, done_at = ? WHERE key = ?")
        .run(outcome.file ?? null, outcome.error ?? null, Date.now(), key),
    );
  }

  /** A failure of this file (full disk, read-only) as the tracker's store reports its own: exit 6. */
  #guard<T>(key: string | undefined, call: () => T): T {
    try {
      return call();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreError(
        `The CLI's store at ${this.#file} failed${key === undefined ? "" : ` (key ${key})`}: ${message}.`,
        { key, cause: error },
      );
    }
  }

  close(): void {
    this.#db.close();
  }
}

const fromRow = (row: OutputRow): Output => ({
  key: row.key,
  baseUrl: row.base_url ?? undefined,
  dir: row.dir,
  file: row.file ?? undefined,
  download: row.download === 1,
  doneAt: row.done_at ?? undefined,
  savedFile: row.saved_file ?? undefined,
  error: row.error ?? undefined,
});

/** The tracker over the store file and the CLI's file beside it, created (with their folder) if missing. */
export interface Store {
  path: string;
  tracker: Tracker;
  outputs: Outputs;
  close(): Promise<void>;
}

export interface StoreClients {
  client: VideoClient;
  pollClient?: VideoClient | undefined;
}

export function openStore(
  file: string,
  clients: StoreClients,
  tracker: Partial<Omit<TrackerOptions, "store" | "client" | "pollClient">> = {},
): Store {
  mkdirSync(path.dirname(file), { recursive: true });
  // The CLI looks ambiguous creates up itself, while a person waits, for as long as
  // --settle-timeout says (settle.ts); the tracker's own lookups would ignore it, 0 included.
  const opened = createTracker({
    ...tracker,
    settle: false,
    store: sqliteStore({ path: file }),
    ...clients,
  });
  const outputs = new Outputs(outputsPath(file));
  return {
    path: file,
    tracker: opened,
    outputs,
    close: async () => {
      outputs.close();
      await opened.close();
    },
  };
}
