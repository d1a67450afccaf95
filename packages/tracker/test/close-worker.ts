/**
 * A service that submits COUNT keys and closes its tracker on SIGTERM, as the README says
 * (`process.on("SIGTERM", () => tracker.close())`): a second SIGTERM forces the close. It prints
 * one JSON line per outcome. STORE is `sqlite` (DB) or `redis` (REDIS_PORT, QUEUE).
 */
import { createVideoClient } from "@aimlapi-video/client";
import { CloseTimeoutError, createTracker, sqliteStore } from "../src/index.js";
import { redisStore } from "../src/redis.js";
import { body } from "./fake-api.js";

const {
  STORE,
  DB = "",
  REDIS_PORT = "",
  QUEUE = "",
  API_URL = "",
  PREFIX = "",
  COUNT = "0",
} = process.env;
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const tracker = createTracker({
  store:
    STORE === "redis"
      ? redisStore({ connection: { host: "127.0.0.1", port: Number(REDIS_PORT) }, queue: QUEUE })
      : sqliteStore({ path: DB }),
  client: createVideoClient({ apiKey: "close-key", baseUrl: API_URL }),
  closeTimeoutMs: 20_000,
});

process.on("SIGTERM", () => {
  tracker.close().then(
    () => {
      print({ type: "closed" });
      process.exit(0);
    },
    (error: unknown) => {
      const unsettled = error instanceof CloseTimeoutError ? error.unsettled : undefined;
      print({ type: "close-failed", name: (error as Error).name, unsettled });
      process.exit(3);
    },
  );
  // A submit after the signal is refused, and sends nothing.
  tracker.submit(body(`${PREFIX}-late`), { key: "late" }).then(
    () => print({ type: "submitted", key: "late" }),
    (error: Error) => print({ type: "submit-failed", key: "late", name: error.name }),
  );
});

await tracker.resume();
for (let i = 0; i < Number(COUNT); i++) {
  const key = `k${i}`;
  tracker.submit(body(`${PREFIX}-${i}`), { key }).then(
    (record) => print({ type: "submitted", key, id: record.id }),
    (error: Error & { id?: string }) =>
      print({ type: "submit-failed", key, name: error.name, id: error.id }),
  );
}
print({ type: "started" });
