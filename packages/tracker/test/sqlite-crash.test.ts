/**
 * A process killed with SIGKILL while its create is in flight (the server has the request and
 * never answers): after a restart, the key is found `creating`, becomes `ambiguous` when its claim
 * expires, and is never created again without a decision.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createVideoClient } from "@aimlapi-video/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTracker, sqliteStore, type TrackerEvent } from "../src/index.js";
import { type FakeApi, startFakeApi } from "./fake-api.js";

let api: FakeApi;
let dir: string;

beforeAll(async () => {
  api = await startFakeApi({ createAnswer: () => "never" });
  dir = await mkdtemp(join(tmpdir(), "tracker-sqlite-crash-"));
});

afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

it("a create cut by a crash comes back ambiguous after a restart, and is not created again", async () => {
  const db = join(dir, "crash.db");
  const script = fileURLToPath(new URL("./sqlite-submitter.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, DB: db, API_URL: api.url, KEY: "paid-once" },
    stdio: "inherit",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await expect
    .poll(() => api.stats.creates.get("paid-once"), { timeout: 20_000, interval: 20 })
    .toBe(1);
  child.kill("SIGKILL");
  await exited;

  const tracker = createTracker({
    store: sqliteStore({ path: db }),
    client: createVideoClient({ apiKey: "restart-key", baseUrl: api.url }),
  });
  expect(await tracker.get("paid-once")).toMatchObject({ status: "creating" });
  const events: TrackerEvent[] = [];
  const iterator = tracker.events();
  await tracker.resume();
  for await (const event of iterator) {
    events.push(event);
    break;
  }
  expect(events).toEqual([
    expect.objectContaining({
      type: "ambiguous",
      key: "paid-once",
      error: expect.objectContaining({ name: "AmbiguousCreate" }),
    }),
  ]);
  await expect.poll(async () => (await tracker.get("paid-once"))?.status).toBe("ambiguous");
  const again = await tracker.submit(
    { model: "kling-video/v1/standard/text-to-video", prompt: "paid-once", duration: 5 },
    { key: "paid-once" },
  );
  expect(again).toMatchObject({ status: "ambiguous", duplicate: true });
  expect(api.stats.creates.get("paid-once")).toBe(1);
  await tracker.close();
});
