// A create whose answer is lost, settled from the account's request log: `generate` and `resume`
// find it there and carry on (one create, the video saved), give the decision back with what they
// looked at when the rows come too late, and `find` shows what the log says without changing
// anything. Against mocks whose log shows rows at once, 3 s late, and 20 s late.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type MockServer, start } from "@aimlapi-video/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEY, isMp4, MODEL, runCli, spawnCli, startStubApi } from "./support.js";

let mock: MockServer;
let late: MockServer;
let later: MockServer;
let dir: string;
let store: string;

beforeAll(async () => {
  [mock, late, later] = await Promise.all([
    start({ lifecycle: { pollsPerStep: 1 } }),
    start({ lifecycle: { pollsPerStep: 1 }, logs: { delayMs: 3_000 } }),
    start({ lifecycle: { pollsPerStep: 1 }, logs: { delayMs: 20_000 } }),
  ]);
}, 60_000);
afterAll(() => Promise.all([mock?.close(), late?.close(), later?.close()]));
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-settle-"));
  store = path.join(dir, "generations.db");
  return () => rm(dir, { recursive: true, force: true });
});

/** The CLI on `api` with this test's store; no output ever holds the API key. */
async function cli(api: { url: string }, args: string[], env: Record<string, string> = {}) {
  const run = await runCli(["--base-url", api.url, "--store", store, ...args], { cwd: dir, env });
  expect(`${run.stdout}${run.stderr}`).not.toContain(API_KEY);
  return run;
}
const generate = (fault: string, ...args: string[]) => [
  "generate",
  "--model",
  MODEL,
  "--prompt",
  `A fox [mock:fault ${fault}]`,
  "--poll-interval",
  "0.1",
  ...args,
];
const RESET = "reset; after-bytes=10; on=create";
/** The client's attempts give up after 1 s: a create held back longer loses its answer. */
const SHORT = { AIMLAPI_VIDEO_REQUEST_TIMEOUT: "1" };

describe("generate settles a lost create from the request log", () => {
  it("a create whose answer never comes: found in the log, waited for and saved, created once", async () => {
    const before = mock.generations().length;
    const run = await cli(
      mock,
      generate("timeout-after-create", "--key", "lost-1", "--out", "fox.mp4"),
      SHORT,
    );
    expect(run.code).toBe(0);
    const created = mock.generations().slice(before);
    expect(created).toHaveLength(1);
    const id = created[0]?.id as string;
    expect(run.stderr).toContain(
      "The create's answer was lost; looking for it in the account's request log (client request id lost-1)…",
    );
    expect(run.stderr).toContain(
      `Found generation ${id} in the request log (cost $0.50): waiting for it.`,
    );
    expect(run.stdout).toMatch(/^Saved fox\.mp4 \(\d+ bytes\)\n$/);
    expect(isMp4(await readFile(path.join(dir, "fox.mp4")))).toBe(true);
  });

  it("a create cut mid-answer (--json): the result says where its id came from", async () => {
    const before = mock.generations().length;
    const run = await cli(mock, ["--json", ...generate(RESET, "--key", "cut-1")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout);
    expect(
      mock
        .generations()
        .slice(before)
        .map((g) => g.id),
    ).toEqual([result.id]);
    expect(result.generation.status).toBe("completed");
    expect(result.settled).toEqual({
      via: "request-log",
      id: result.id,
      cost: { usd: 0.5, credits: 1_000_000 },
    });
    expect(isMp4(await readFile(result.file))).toBe(true);
  });

  it("rows that appear 3 s late are still found: looked up again, created once", async () => {
    const before = late.generations().length;
    const run = await cli(late, generate(RESET, "--key", "late-1", "--settle-timeout", "20"));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Not in the log yet (rows can appear minutes late)");
    const created = late.generations().slice(before);
    expect(created).toHaveLength(1);
    expect(run.stderr).toContain(`Found generation ${created[0]?.id} in the request log`);
  });

  it("rows later than --settle-timeout: exit 5 with what was looked at and the decision, nothing created again", async () => {
    const before = later.generations().length;
    const run = await cli(later, generate(RESET, "--key", "slow-1", "--settle-timeout", "2"));
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(
      /Not found in the account's request log \(client request id slow-1; [2-9] lookups over [23]s, the last read 1 page, \d+ rows? of kling-video\/v1\/standard\/text-to-video from \S+ to \S+\)\. Rows can appear minutes late\./,
    );
    expect(run.stderr).toContain(`aimlapi-video find slow-1 --base-url ${later.url} --store`);
    expect(run.stderr).toContain(`aimlapi-video resolve slow-1 --id <id> --base-url ${later.url}`);
    expect(run.stderr).not.toContain("Resume with:");
    expect(later.generations().slice(before)).toHaveLength(1);
    const list = await cli(later, ["--json", "list"]);
    expect(JSON.parse(list.stdout).generations).toEqual([
      expect.objectContaining({ key: "slow-1", status: "ambiguous", clientRequestId: "slow-1" }),
    ]);
  });

  it("a log that refuses to be read (403): says so at once and leaves the decision", async () => {
    const api = await startStubApi({
      createDelayMs: 3_000,
      refuseLogs: { status: 403, message: "This key may not read the logs" },
    });
    try {
      const run = await cli(api, generate(RESET, "--key", "no-logs-1"), SHORT);
      expect(run.code).toBe(5);
      expect(run.stderr).toMatch(
        /Could not read the account's request log to look for it \(client request id no-logs-1; 1 lookup over \d+s, which failed: .*403.*This key may not read the logs/,
      );
      expect(run.stderr).toContain("resolve no-logs-1 --id <id>");
      expect(api.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it("Ctrl-C while it looks exits 130 and names the command that looks again", async () => {
    const args = generate(RESET, "--key", "int-1");
    const child = spawnCli(["--base-url", later.url, "--store", store, ...args], { cwd: dir });
    await child.waitForStderr("Not in the log yet");
    process.kill(child.pid, "SIGINT");
    const run = await child.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(
      "Interrupted. The create of key int-1 was not found in the request log yet (1 lookup); it may or may not have made a generation.",
    );
    expect(run.stderr).toContain(
      `Resume with: aimlapi-video resume --base-url ${later.url} --store ${store}`,
    );
  });

  it("--settle-timeout is checked like the other options", async () => {
    const run = await cli(mock, generate(RESET, "--settle-timeout", "soon"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `option '--settle-timeout <seconds>' argument 'soon' is invalid. expected a number of seconds from 0 (do not look) to 86400, received "soon".`,
    );
  });
});

describe("resume and find", () => {
  it("find shows an ambiguous key's generation without adopting it; resume settles it and saves the video", async () => {
    const before = mock.generations().length;
    const first = await cli(
      mock,
      generate(RESET, "--key", "amb-1", "--out", "amb.mp4", "--settle-timeout", "0"),
    );
    expect(first.code).toBe(5);
    expect(first.stderr).not.toContain("request log (client request id");
    const [created] = mock.generations().slice(before);
    const id = created?.id as string;

    const found = await cli(mock, ["find", "amb-1"]);
    expect(found.code).toBe(0);
    expect(found.stdout).toContain(`Found generation ${id} (cost $0.50, created `);
    expect(found.stdout).toContain(
      `Key amb-1 is ambiguous; to adopt this generation: aimlapi-video resolve amb-1 --id ${id} --base-url ${mock.url} --store`,
    );
    const list = await cli(mock, ["--json", "list"]);
    expect(JSON.parse(list.stdout).generations).toEqual([
      expect.objectContaining({ key: "amb-1", status: "ambiguous", clientRequestId: "amb-1" }),
    ]);

    const resumed = await cli(mock, ["resume", "--poll-interval", "0.1"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(
      `Key amb-1: Found generation ${id} in the request log (cost $0.50): waiting for it.`,
    );
    expect(resumed.stdout).toMatch(/^Saved .*amb\.mp4 \(\d+ bytes\) for amb-1 /);
    expect(isMp4(await readFile(path.join(dir, "amb.mp4")))).toBe(true);
    expect(mock.generations().slice(before)).toHaveLength(1);
  });

  it("find <client request id> --model: found (exit 0) or not found yet (exit 5); without --model, exit 2", async () => {
    const done = await cli(mock, [
      "--json",
      ...generate("slow; ms=1; on=create", "--key", "raw-1"),
    ]);
    expect(done.code).toBe(0);
    const { id } = JSON.parse(done.stdout);
    // Another store: raw-1 is only a client request id there.
    store = path.join(dir, "other.db");
    const found = await cli(mock, ["--json", "find", "raw-1", "--model", MODEL]);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({
      status: "found",
      id,
      duplicates: [],
      scope: { clientRequestId: "raw-1", model: MODEL, complete: true },
    });

    const at = new Date(Date.now() - 3_600_000).toISOString();
    const missing = await cli(mock, [
      "find",
      "raw-1",
      "--model",
      MODEL,
      "--at",
      at,
      "--window",
      "5",
    ]);
    expect(missing.code).toBe(5);
    expect(missing.stdout).toMatch(
      /^Not found \(yet: rows can appear minutes late\) for client request id raw-1\.\nRead 1 page, 0 rows of kling-video\/v1\/standard\/text-to-video from \S+ to \S+\.\n$/,
    );

    const usage = await cli(mock, ["find", "raw-1"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      `raw-1 is not a key in ${store}: to look it up as a client request id, give the create's model with --model <id>`,
    );
    const window = await cli(mock, ["find", "raw-1", "--model", MODEL, "--window", "0"]);
    expect(window.code).toBe(2);
    expect(window.stderr).toContain(
      `argument '0' is invalid. expected a number of minutes from 0.1 to 64800 (45 days), received "0".`,
    );
  });

  it("find exits 3 when the log cannot be read, and never shows the key", async () => {
    const api = await startStubApi({ echoKey: true });
    try {
      const run = await cli(api, ["find", "raw-2", "--model", MODEL]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain("401");
      expect(api.requests[0]?.url).toMatch(/^\/v2\/logs\?/);
    } finally {
      await api.close();
    }
  });
});
