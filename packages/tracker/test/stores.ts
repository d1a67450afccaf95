/**
 * The two stores the contract tests run over. Each call of a case's factory makes a fresh SQLite
 * file or Redis queue (numbered by `next`, the test file's own counter); the function it returns
 * opens another handle on that same store, as a second process would.
 */
import { join } from "node:path";
import type { Engine } from "../src/engine.js";
import { redisStore } from "../src/redis.js";
import { type SqliteStoreOptions, sqliteStore } from "../src/sqlite.js";

export function bothStores(where: {
  /** Read when a store is made: the test's directory and redis-server exist by then. */
  dir: () => string;
  redisPort: () => number;
  queuePrefix: string;
  next: () => number;
  sqlite?: Omit<SqliteStoreOptions, "path">;
}): Array<[string, () => () => Engine]> {
  return [
    [
      "SQLite",
      () => {
        const path = join(where.dir(), `store-${where.next()}.db`);
        return () => sqliteStore({ ...where.sqlite, path });
      },
    ],
    [
      "Redis (BullMQ)",
      () => {
        const queue = `${where.queuePrefix}-${where.next()}`;
        const connection = { host: "127.0.0.1", port: where.redisPort() };
        return () => redisStore({ connection, queue, lockMs: 1_000 });
      },
    ],
  ];
}
