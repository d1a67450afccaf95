// What a first-time user meets: a bad --out or URL found before anything is paid, every outcome
// of --json as one JSON document, polls that start at once for an existing id, `list` telling a
// failure from a success, and messages in the CLI's own words.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ERROR_PROMPT_MARKER, type MockServer, start } from "@aimlapi-video/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { API_KEY, isMp4, MODEL, runCli, spawnCli, startStubApi } from "./support.js";

let mock: MockServer;
let dir: string;
let store: string;

beforeAll(async () => {
  mock = await start({ lifecycle: { pollsPerStep: 1 } });
}, 60_000);
afterAll(() => mock?.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cli-first-"));
  store = path.join(dir, "state", "generations.db");
  return () => rmSync(dir, { recursive: true, force: true });
});

const fast = ["--poll-interval", "0.1"];
const generate = (baseUrl: string, ...args: string[]) => [
  "--base-url",
  baseUrl,
  "--store",
  store,
  "generate",
  "--model",
  MODEL,
  "--prompt",
  "A fox",
  ...args,
];
const listed = async () =>
  JSON.parse((await runCli(["--json", "--store", store, "list"])).stdout).generations;

describe("--out is checked before the create", () => {
  it.each([
    ["a missing folder", "missing/fox.mp4", /the folder \S+missing does not exist/],
    ["a folder that is not there, named with a slash", "clips/", /no such folder/],
    ["a file as the folder", "file.txt/fox.mp4", /\S+file\.txt is not a folder/],
  ])("refuses %s: exit 2 naming --out, nothing sent, no key stored", async (_, out, problem) => {
    writeFileSync(path.join(dir, "file.txt"), "not a folder");
    const api = await startStubApi();
    try {
      // --timeout: without the check, the run would create and wait for a video that never comes.
      const run = await runCli(generate(api.url, "--out", out, "--timeout", "1"), { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `Invalid --out: expected a file in an existing, writable folder`,
      );
      expect(run.stderr).toContain(`received "${out}"`);
      expect(run.stderr).toMatch(problem);
      expect(api.requests).toEqual([]);
      expect(await listed()).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it("a folder means <id>.mp4 in it, for generate and wait", async () => {
    const clips = path.join(dir, "clips");
    mkdirSync(clips);
    const run = await runCli(["--json", ...generate(mock.url, "--out", "clips", ...fast)], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    const { id, file } = JSON.parse(run.stdout);
    const saved = await readdir(clips);
    expect(saved).toEqual([`${id.replace(/[^A-Za-z0-9._-]+/g, "_")}.mp4`]);
    expect(file).toBe(path.join(clips, saved[0] as string));
    expect(isMp4(await readFile(file))).toBe(true);
    expect(await listed()).toEqual([expect.objectContaining({ status: "saved", file })]);

    const other = path.join(dir, "other");
    mkdirSync(other);
    const waited = await runCli(["--base-url", mock.url, "wait", id, "--out", other]);
    expect(waited.code).toBe(0);
    expect(await readdir(other)).toEqual(saved);
  });

  it("wait and download check their file before waiting", async () => {
    const api = await startStubApi();
    try {
      const wait = await runCli(["--base-url", api.url, "wait", "gen-stuck", "--out", "no/x.mp4"], {
        cwd: dir,
      });
      expect(wait.code).toBe(2);
      expect(wait.stderr).toContain(
        'Invalid --out: expected a file in an existing, writable folder (or a folder), received "no/x.mp4"',
      );
      const download = await runCli(["--base-url", api.url, "download", "gen-stuck", "no/x.mp4"], {
        cwd: dir,
      });
      expect(download.code).toBe(2);
      expect(download.stderr).toContain("Invalid file: expected");
      expect(api.requests).toEqual([]);
    } finally {
      await api.close();
    }
  });

  // A read-only folder as root needs a read-only file system: a tmpfs mounted so (CI runs as root).
  it.skipIf(process.getuid?.() !== 0)(
    "refuses a read-only folder (EROFS), before the create",
    async () => {
      const mount = path.join(dir, "ro");
      mkdirSync(mount);
      execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", mount]);
      const api = await startStubApi();
      try {
        const run = await runCli(
          generate(api.url, "--out", path.join(mount, "fox.mp4"), "--timeout", "1"),
        );
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`Invalid --out: expected a writable folder`);
        expect(run.stderr).toContain(`${mount} is not writable (EROFS)`);
        expect(api.requests).toEqual([]);
      } finally {
        await api.close();
        execFileSync("umount", [mount]);
      }
    },
  );
});

describe("URLs are checked before anything is sent", () => {
  it.each([
    // Not a URL: a file name for the model's field, which takes URLs only.
    ["not-a-url", /--image-url: expected a URL .*received the file not-a-url/],
    // A URL the client's validator refuses (a space in the host).
    [
      "https://exa mple.com/fox.png",
      /--image-url: expected an absolute URL, such as https:\/\/example\.com\/image\.png, received "https:\/\/exa mple\.com\/fox\.png" \(string\)/,
    ],
  ])(
    "--image-url %s: exit 2 naming the option and the value, nothing sent, no key stored",
    async (value, message) => {
      const api = await startStubApi();
      try {
        const run = await runCli([
          "--base-url",
          api.url,
          "--store",
          store,
          "generate",
          "--model",
          "google/veo-3.1-i2v",
          "--prompt",
          "A fox",
          "--image-url",
          value,
          "--timeout",
          "1",
        ]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/nothing was sent/i);
        expect(run.stderr).toMatch(message);
        expect(api.requests).toEqual([]);
        expect(await listed()).toEqual([]);
      } finally {
        await api.close();
      }
    },
  );
});

describe("--json: every outcome is one JSON document", () => {
  it.each([
    [
      ["generate", "--model", "kling-video/v9/text-to-video"],
      /Unknown model "kling-video\/v9\/text-to-video"/,
    ],
    [
      ["generate", "--model", MODEL, "--prompt", "A fox", "--duration", "7"],
      /argument '7' is invalid\. Allowed choices are 5, 10/,
    ],
    [
      ["generate", "--model", MODEL, "--prompt", "A fox", "--frobnicate"],
      /unknown option '--frobnicate'/,
    ],
    [["generate", "--prompt", "A fox"], /unknown option '--prompt'|required option '--model <id>'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["status"], /missing required argument 'id'/],
    [
      ["--base-url", "notaurl", "status", "g1"],
      /--base-url <url>' argument 'notaurl' is invalid\. expected an http\(s\) URL/,
    ],
    [
      ["generate", "--model", MODEL, "--prompt", "A fox", "--out", "missing/x.mp4"],
      /Invalid --out/,
    ],
    [
      ["generate", "--model", "google/veo-3.1-i2v", "--prompt", "A fox", "--image-url", "https://"],
      /--image-url: expected an absolute URL/,
    ],
  ])("%j", async (args, message) => {
    const run = await runCli(["--json", ...args], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("");
    const failure = JSON.parse(run.stdout);
    expect(failure).toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
    expect(typeof failure.error).toBe("string");
  });

  it("--json after the command too", async () => {
    const run = await runCli(["status", "--frobnicate", "--json"]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: "UsageError", exitCode: 2 });
  });
});

describe("polls", () => {
  it("wait polls an existing id at once, not 10 s later", async () => {
    const api = await startStubApi({ completesAfterMs: 0 });
    try {
      // The stub completes what was created: create it first.
      await fetch(`${api.url}/v2/video/generations`, { method: "POST", body: "{}" });
      const started = Date.now();
      const run = await runCli(["--base-url", api.url, "wait", "gen-done"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("/v.mp4");
      const gets = api.requests.filter((r) => r.method === "GET");
      expect(gets).toHaveLength(1);
      // The client's default first poll comes 10 s after the start; a node start takes well under 5 s.
      expect((gets[0]?.at ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(5_000);
    } finally {
      await api.close();
    }
  });

  it("resume --poll-interval 0.3 polls at once and then every 0.3 s, whatever generate recorded", async () => {
    const api = await startStubApi();
    try {
      // generate without --poll-interval records the default first poll, 10 s after the create.
      const killed = spawnCli(generate(api.url, "--key", "slow-poll"));
      await killed.waitForStderr("created (key ");
      process.kill(killed.pid, "SIGKILL");
      await killed.done;
      const before = api.requests.length;
      const run = await runCli([
        "--base-url",
        api.url,
        "--store",
        store,
        "resume",
        "--poll-interval",
        "0.3",
        "--timeout",
        "2",
      ]);
      expect(run.code).toBe(4); // still queued at --timeout
      const gets = api.requests.slice(before).filter((r) => r.method === "GET");
      // At once, then every 0.3 s for 2 s: 7 polls on time; a loaded machine may make fewer.
      expect(gets.length).toBeGreaterThanOrEqual(3);
      const gaps = gets.slice(1).map((get, i) => get.at - (gets[i]?.at ?? 0));
      for (const gap of gaps) expect(gap).toBeLessThan(1_500);
    } finally {
      await api.close();
    }
  });

  it("generate --poll-interval governs the first poll of a new create too", async () => {
    const api = await startStubApi();
    try {
      const run = await runCli(generate(api.url, "--poll-interval", "0.3", "--timeout", "1"));
      expect(run.code).toBe(4);
      const post = api.requests.find((r) => r.method === "POST");
      const get = api.requests.find((r) => r.method === "GET" && r.url.startsWith("/v2/video"));
      expect(post && get).toBeTruthy();
      expect((get?.at ?? 0) - (post?.at ?? 0)).toBeLessThan(1_000);
    } finally {
      await api.close();
    }
  });
});

describe("Ctrl-C around the create", () => {
  it("before the create is sent (the quote still read): exit 130, nothing sent, no key stored", async () => {
    const api = await startStubApi({ catalogueDelayMs: 1_500 });
    try {
      const cli = spawnCli(generate(api.url, "--key", "early-1"));
      await vi.waitFor(
        () => expect(api.requests.some((r) => r.url.startsWith("/v1/models"))).toBe(true),
        { timeout: 10_000 },
      );
      process.kill(cli.pid, "SIGINT");
      const run = await cli.done;
      expect(run.code).toBe(130);
      expect(run.stderr).toContain(
        "Interrupted. The create was not sent: nothing was made, nothing was paid.",
      );
      expect(api.requests.filter((r) => r.method === "POST")).toEqual([]);
      expect(await listed()).toEqual([]);
    } finally {
      await api.close();
    }
  });
});

describe("a second Ctrl-C", () => {
  it("exits at once, and says so with the command that shows what was left", async () => {
    // The quote's catalogue read takes no signal: the first Ctrl-C leaves it running.
    const api = await startStubApi({ catalogueDelayMs: 5_000 });
    try {
      const cli = spawnCli(generate(api.url, "--key", "twice-1"));
      await vi.waitFor(
        () => expect(api.requests.some((r) => r.url.startsWith("/v1/models"))).toBe(true),
        { timeout: 10_000 },
      );
      process.kill(cli.pid, "SIGINT");
      // Past the half second within which a second signal counts as the echo of the first.
      await new Promise((resolve) => setTimeout(resolve, 700));
      process.kill(cli.pid, "SIGINT");
      const run = await cli.done;
      expect(run.code).toBe(130);
      expect(run.stderr).toContain("Stopped at once by a second Ctrl-C");
      expect(run.stderr).toContain(
        `See what the store holds: aimlapi-video list --base-url ${api.url} --store ${store}`,
      );
      expect(api.requests.filter((r) => r.method === "POST")).toEqual([]);
    } finally {
      await api.close();
    }
  });
});

describe("Ctrl-C during a create that hangs", () => {
  it("generate's and resolve --retry's: exit 130 at once, the key kept ambiguous", async () => {
    const api = await startStubApi({ hangCreates: true });
    try {
      const posts = () => api.requests.filter((r) => r.method === "POST").length;
      const retry = ["--base-url", api.url, "--store", store, "resolve", "hang-2", "--retry"];
      for (const args of [generate(api.url, "--key", "hang-2"), retry]) {
        const before = posts();
        const cli = spawnCli(args);
        await vi.waitFor(() => expect(posts()).toBe(before + 1), { timeout: 10_000 });
        process.kill(cli.pid, "SIGINT");
        const run = await cli.done;
        expect(run.code).toBe(130);
        expect(run.stderr).toContain(
          "Interrupted. The create of key hang-2 may or may not have made a generation",
        );
      }
      expect(await listed()).toEqual([
        expect.objectContaining({ key: "hang-2", status: "ambiguous" }),
      ]);
    } finally {
      await api.close();
    }
  });
});

describe("in the CLI's own words", () => {
  it("list shows a failed generation as failed, with the reason, not as done", async () => {
    const run = await runCli(
      generate(mock.url, "--prompt", `A fox ${ERROR_PROMPT_MARKER}`, "--key", "bad-1", ...fast),
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(await listed()).toEqual([
      expect.objectContaining({
        key: "bad-1",
        status: "failed",
        error: expect.stringContaining("failed"),
      }),
    ]);
    const text = await runCli(["--store", store, "list"]);
    expect(text.stdout).toMatch(/^bad-1 {2}failed /m);
  });

  it("--base-url notaurl and AIMLAPI_BASE_URL=notaurl are usage errors (exit 2) naming them", async () => {
    const flag = await runCli(["--base-url", "notaurl", "status", "g1"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(
      `option '--base-url <url>' argument 'notaurl' is invalid. expected an http(s) URL such as http://127.0.0.1:4010, received "notaurl".`,
    );
    const env = await runCli(["status", "g1"], { env: { AIMLAPI_BASE_URL: "notaurl" } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain(
      `Invalid AIMLAPI_BASE_URL: expected an http(s) URL such as http://127.0.0.1:4010, received "notaurl".`,
    );
  });

  it("a wait timeout gives the CLI's resume advice only, and the create is announced in plain words", async () => {
    const api = await startStubApi();
    try {
      const run = await runCli(
        generate(api.url, "--poll-interval", "0.1", "--timeout", "0.5", "--out", "x.mp4"),
        {
          cwd: dir,
        },
      );
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`Creating a generation with ${MODEL}…`);
      expect(run.stderr).toMatch(
        /Error: Gave up waiting for generation gen-stuck after \d+s \(last seen queued\); it may still complete: do not create it again\.\nResume with: aimlapi-video wait gen-stuck --out x\.mp4 /,
      );
      expect(run.stderr).not.toContain("waitForGeneration");
      expect(run.stderr).not.toContain(API_KEY);
    } finally {
      await api.close();
    }
  });
});
