/** A process that submits one key to an SQLite-backed tracker; the crash test kills it mid-create. */
import { createVideoClient } from "@aimlapi-video/client";
import { createTracker, sqliteStore } from "../src/index.js";

const { DB = "", API_URL = "", KEY = "" } = process.env;
const tracker = createTracker({
  store: sqliteStore({ path: DB }),
  client: createVideoClient({ apiKey: "submitter-key", baseUrl: API_URL }),
  claimMs: 6_000, // the create is cut after 3 s, long after the test has killed us
});
await tracker.submit(
  { model: "kling-video/v1/standard/text-to-video", prompt: KEY, duration: 5 },
  { key: KEY },
);
