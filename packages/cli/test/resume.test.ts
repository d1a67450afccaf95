// The store end to end: `generate` killed with SIGKILL mid-wait, then `resume` saves the video
// where generate was told to, without creating it again; `--key` makes generate idempotent; an
// ambiguous create is listed with the decision to make, never retried blindly.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type MockServer, start } from "@aimlapi-video/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isMp4, MODEL, runCli, spawnCli, startStubApi } from "./support.js";

let mock: MockServer;
let dir: string;
let store: string;

beforeAll(async () => {
  // Generations take 1.5 s (300 s of simulated time, 200 times faster): long enough to kill a wait.
  mock = await start({ lifecycle: { timeScale: 200 } });
}, 60_000);
afterAll(() => mock?.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-resume-"));
  store = path.join(dir, "state", "generations.db");
  return () => rm(dir, { recursive: true, force: true });
});

const fast = ["--poll-interval", "0.2"];
const cli = (...args: string[]) => ["--base-url", mock.url, "--store", store, ...args];
const generate = (...args: string[]) =>
  cli("generate", "--model", MODEL, "--prompt", "A red fox in the snow", ...fast, ...args);
const createdSince = (before: number) => mock.generations().slice(before);

describe("resume", () => {
  it("after generate was killed mid-wait, saves the video where generate was told, created once", async () => {
    const before = mock.generations().length;
    const killed = spawnCli(generate("--out", "fox.mp4"), { cwd: dir });
    await killed.waitForStderr("created (key ");
    process.kill(killed.pid, "SIGKILL");
    const run = await killed.done;
    const [, id, key] = /Generation (\S+) created \(key ([\w-]+)\)/.exec(run.stderr) ?? [];
    expect(key).toMatch(/^[0-9a-f-]{36}$/); // a random key, printed next to the id
    expect(await readdir(dir)).toEqual(["state"]); // killed before anything was saved

    // From another folder: the path recorded by generate is absolute.
    const resumed = await runCli(cli("resume", ...fast));
    expect(resumed.stderr).toMatch(/Waiting for 1 generation/);
    expect(resumed.stdout).toMatch(/^Saved .*\/fox\.mp4 \(\d+ bytes\) for /);
    expect(resumed.code).toBe(0);
    expect(isMp4(await readFile(path.join(dir, "fox.mp4")))).toBe(true);
    expect(createdSince(before).map((g) => g.id)).toEqual([id]);

    const list = await runCli(["--json", ...cli("list")]);
    expect(JSON.parse(list.stdout).generations).toEqual([
      expect.objectContaining({
        key,
        id,
        status: "saved",
        file: path.join(dir, "fox.mp4"),
      }),
    ]);
    const again = await runCli(cli("resume"));
    expect(again.stdout).toBe(`Nothing to resume in ${store}.\n`);
    expect(again.code).toBe(0);
  });

  it("Ctrl-C during a paid create that hangs stops it at once, keeps the key ambiguous, and resume finds it in the request log", async () => {
    const before = mock.generations().length;
    // The task is made, its answer never comes.
    const prompt = "A fox [mock:fault timeout-after-create]";
    const child = spawnCli(
      cli(
        "generate",
        "--model",
        MODEL,
        "--prompt",
        prompt,
        ...fast,
        "--key",
        "slow-1",
        "--out",
        "slow.mp4",
      ),
      { cwd: dir },
    );
    await vi.waitFor(() => expect(createdSince(before)).toHaveLength(1), { timeout: 10_000 });
    process.kill(child.pid, "SIGINT");
    const run = await child.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(
      "Interrupted. The create of key slow-1 may or may not have made a generation",
    );
    expect(run.stderr).toContain(
      `aimlapi-video find slow-1 --base-url ${mock.url} --store ${store}`,
    );

    // list reads the store only: no key needed.
    const list = await runCli(["--json", ...cli("list")], { env: { AIMLAPI_API_KEY: "" } });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).generations).toEqual([
      expect.objectContaining({ key: "slow-1", status: "ambiguous" }),
    ]);
    // The request log shows the create: resume adopts it and saves the video, created once.
    const resumed = await runCli(cli("resume", ...fast));
    expect(resumed.code).toBe(0);
    expect(isMp4(await readFile(path.join(dir, "slow.mp4")))).toBe(true);
    expect(createdSince(before)).toHaveLength(1);
  });

  it("generate --key twice creates once: the second attaches to the generation", async () => {
    const before = mock.generations().length;
    const first = await runCli(["--json", ...generate("--key", "order-1", "--out", "a.mp4")], {
      cwd: dir,
    });
    expect(first.code).toBe(0);
    const { id } = JSON.parse(first.stdout);
    const second = await runCli(generate("--key", "order-1", "--out", "b.mp4"), { cwd: dir });
    expect(second.code).toBe(0);
    // The first run recorded the completion it waited for: the store knows it is done.
    expect(second.stderr).toContain(`Attached to generation ${id} (key order-1, completed).`);
    expect((await readdir(dir)).sort()).toEqual(["a.mp4", "b.mp4", "state"]);
    expect(createdSince(before).map((g) => g.id)).toEqual([id]);

    const other = await runCli(
      cli("generate", "--model", MODEL, "--prompt", "A cat", "--key", "order-1"),
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("Key order-1 was used for another request");
    expect(createdSince(before)).toHaveLength(1);
  });

  it("with --settle-timeout 0, an ambiguous create is listed with the decision to make, then resolved and resumed", async () => {
    const before = mock.generations().length;
    // The create goes through, then the connection drops before the answer: it may have paid.
    const prompt = "A fox [mock:fault reset; after-bytes=5; on=create]";
    const run = await runCli(
      cli(
        "generate",
        "--model",
        MODEL,
        "--prompt",
        prompt,
        "--key",
        "k-amb",
        "--out",
        "amb.mp4",
        "--settle-timeout",
        "0",
        ...fast,
      ),
      { cwd: dir },
    );
    expect(run.code).toBe(5);
    expect(run.stderr).toContain("may or may not have made a generation");
    expect(run.stderr).toContain(
      `aimlapi-video resolve k-amb --id <id> --base-url ${mock.url} --store ${store}`,
    );
    expect(run.stderr).toContain("resolve k-amb --retry");
    const [created] = createdSince(before);
    expect(created).toBeDefined();

    const pending = await runCli(cli("resume", "--settle-timeout", "0"));
    expect(pending.code).toBe(5); // not retried: it waits for a decision
    expect(pending.stderr).toContain("resolve k-amb --id <id>");
    expect(createdSince(before)).toHaveLength(1);

    // A create again is paid again: --max-usd holds it to a limit, nothing sent above it.
    const capped = await runCli(cli("resolve", "k-amb", "--retry", "--max-usd", "0.01"));
    expect(capped.code).toBe(7);
    expect(capped.stderr).toContain("above --max-usd 0.01");
    expect(createdSince(before)).toHaveLength(1);

    const resolved = await runCli(cli("resolve", "k-amb", "--id", created?.id as string, ...fast));
    expect(resolved.code).toBe(0);
    const resumed = await runCli(cli("resume", ...fast));
    expect(resumed.code).toBe(0);
    expect(isMp4(await readFile(path.join(dir, "amb.mp4")))).toBe(true);
    expect(createdSince(before)).toHaveLength(1);
  });

  it("--json reports each generation, and usage mistakes exit 2", async () => {
    const empty = await runCli(["--json", ...cli("resume")]);
    expect(JSON.parse(empty.stdout)).toEqual({
      store,
      exitCode: 0,
      generations: [],
      decisions: [],
    });
    const both = await runCli(cli("resolve", "k", "--id", "x", "--retry"));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("resolve takes one of --id <id>");
    const unknown = await runCli(cli("resolve", "nope", "--retry"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("received no such key");
  });

  it("never polls one API's generations on another: a shared store names the --base-url to use", async () => {
    const api = await startStubApi();
    try {
      const stuck = await runCli([
        "--base-url",
        api.url,
        "--store",
        store,
        "generate",
        "--model",
        MODEL,
        "--prompt",
        "A fox",
        ...fast,
        "--timeout",
        "0.3",
      ]);
      expect(stuck.code).toBe(4);
      const polls = api.requests.length;
      const run = await runCli(cli("resume"));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`holds unfinished generations of ${api.url}`);
      expect(run.stderr).toContain(`resume them with --base-url ${api.url}`);
      expect(api.requests).toHaveLength(polls);
    } finally {
      await api.close();
    }
  });
});
