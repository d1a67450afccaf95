// The built CLI, end to end: against the mock (started from @aimlapi-video/mock-server's start())
// for the happy paths, and against small stand-in APIs for timeouts, Ctrl-C and careless servers.
import { mkdtemp, readdir, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ERROR_PROMPT_MARKER, type MockServer, start } from "@aimlapi-video/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEY, isMp4, MODEL, runCli, spawnCli, startStubApi } from "./support.js";

let mock: MockServer;
let dir: string;

beforeAll(async () => {
  mock = await start({ lifecycle: { pollsPerStep: 1 } });
}, 60_000);
afterAll(() => mock?.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-"));
  return () => rm(dir, { recursive: true, force: true });
});

const fast = ["--poll-interval", "0.1"];
const noKeyIn = (...outputs: string[]) => {
  for (const output of outputs) expect(output).not.toContain(API_KEY);
};

describe("generate", () => {
  it("creates, waits with progress, downloads the MP4 and prints where it is", async () => {
    const file = path.join(dir, "fox.mp4");
    const run = await runCli([
      "--base-url",
      mock.url,
      "generate",
      "--model",
      MODEL,
      "--prompt",
      "A red fox in the snow",
      "--duration",
      "5",
      "--aspect-ratio",
      "9:16",
      ...fast,
      "--out",
      file,
    ]);
    expect(run.stderr).toMatch(/Generation \S+ created \(key [\w-]+\)\./);
    expect(run.stderr).toMatch(/queued[\s\S]*generating[\s\S]*completed/);
    expect(run.stdout).toMatch(/^Saved .*fox\.mp4 \(\d+ bytes\)\n$/);
    expect(run.code).toBe(0);
    expect(isMp4(await readFile(file))).toBe(true);
    expect(await readdir(dir)).toEqual(["fox.mp4"]);
    noKeyIn(run.stdout, run.stderr);
    const created = mock.generations().at(-1);
    expect(created?.model).toBe(MODEL);
  });

  it("takes any model's parameters from the catalog, typed as the spec says", async () => {
    const run = await runCli(
      [
        "--json",
        "--base-url",
        mock.url,
        "generate",
        "--model",
        "google/veo-3.1-t2v",
        "--prompt",
        "A fox",
        "--duration",
        "8",
        "--generate-audio",
        "false",
        "--no-download",
        ...fast,
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(mock.generations().at(-1)?.model).toBe("google/veo-3.1-t2v");
    const rejected = await runCli([
      "--base-url",
      mock.url,
      "generate",
      "--model",
      "google/veo-3.1-t2v",
      "--prompt",
      "A fox",
      "--duration",
      "5",
    ]);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toMatch(/argument '5' is invalid\. Allowed choices are 4, 6, 8/);
  });

  it("--json prints one JSON document for scripts and no progress", async () => {
    const run = await runCli(
      [
        "--json",
        "--base-url",
        mock.url,
        "generate",
        "--model",
        MODEL,
        "--prompt",
        "A fox",
        ...fast,
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ id: expect.any(String), bytes: expect.any(Number) });
    expect(path.dirname(result.file)).toBe(await realpath(dir));
    expect(result.generation.status).toBe("completed");
  });

  it("--no-download prints the video's URL", async () => {
    const run = await runCli([
      "--base-url",
      mock.url,
      "generate",
      `--model=${MODEL}`,
      "--prompt",
      "A fox",
      "--no-download",
      ...fast,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\S+\.mp4\S*\n$/);
  });

  it("exits 1 when the generation fails", async () => {
    const run = await runCli([
      "--base-url",
      mock.url,
      "generate",
      "--model",
      MODEL,
      "--prompt",
      `A fox ${ERROR_PROMPT_MARKER}`,
      ...fast,
      "--out",
      path.join(dir, "never.mp4"),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Error: Generation \S+ failed/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("checks the body with the model's validator before anything is sent (exit 2)", async () => {
    const api = await startStubApi();
    try {
      const run = await runCli([
        "--base-url",
        api.url,
        "generate",
        "--model",
        MODEL,
        "--cfg-scale",
        "3",
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("nothing was sent");
      expect(run.stderr).toMatch(/--prompt: expected a value \(required\)/);
      expect(run.stderr).toMatch(/--cfg-scale: expected a number <= 1, received 3/);
      expect(api.requests).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it("reports a wrong parameter even before asking for a key", async () => {
    const run = await runCli(["generate", "--model", MODEL, "--prompt", "x", "--cfg-scale", "3"], {
      env: { AIMLAPI_API_KEY: "" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--cfg-scale: expected a number <= 1, received 3/);
    expect(run.stderr).not.toContain("Missing API key");
  });

  it.each([
    [
      ["generate", "--model", MODEL, "--duration", "7"],
      /argument '7' is invalid\. Allowed choices are 5, 10/,
    ],
    [
      ["generate", "--model", "kling-video/v9/text-to-video"],
      /Unknown model "kling-video\/v9\/text-to-video"\. Did you mean: kling-video\/\S+\/text-to-video/,
    ],
    [
      ["generate", "--model", MODEL, "--cfg-scale", "high"],
      /--cfg-scale expects a number, received "high"/,
    ],
    [["generate", "--prompt", "x"], /unknown option '--prompt'|required option '--model <id>'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [
      ["wait", "g1", "--poll-interval", "0.01"],
      /--poll-interval <seconds>' argument '0\.01' is invalid\. expected a number of seconds, at least 0\.1/,
    ],
  ])("exits 2 on a usage mistake: %j", async (args, message) => {
    const run = await runCli(["--base-url", mock.url, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("exits 2 with the fix when there is no key, and never echoes a key given as a flag", async () => {
    const missing = await runCli(["status", "g1"], { env: { AIMLAPI_API_KEY: "" } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing API key: set AIMLAPI_API_KEY");

    const api = await startStubApi({ echoKey: true });
    try {
      const flagKey = "sk-flag-secret-777";
      const run = await runCli(["--api-key", flagKey, "--base-url", api.url, "status", "g1"], {
        env: { AIMLAPI_API_KEY: "" },
      });
      expect(run.code).toBe(3);
      expect(api.requests[0]?.authorization).toBe(`Bearer ${flagKey}`);
      expect(run.stderr).toContain("401");
      expect(`${run.stdout}${run.stderr}`).not.toContain(flagKey);
    } finally {
      await api.close();
    }
  });
});

describe("status, wait, download", () => {
  let id: string;
  beforeAll(async () => {
    const run = await runCli([
      "--json",
      "--base-url",
      mock.url,
      "generate",
      "--model",
      MODEL,
      "--prompt",
      "A fox",
      "--no-download",
      ...fast,
    ]);
    id = JSON.parse(run.stdout).id;
  }, 30_000);

  it("status prints the status and the video", async () => {
    const run = await runCli(["--base-url", mock.url, "status", id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${escapeRegExp(id)}: completed\\nvideo: http`));
    const json = await runCli(["--json", "--base-url", mock.url, "status", id]);
    expect(JSON.parse(json.stdout)).toMatchObject({ id, status: "completed" });
  });

  it("wait --out downloads the video", async () => {
    const file = path.join(dir, "waited.mp4");
    const run = await runCli(["--base-url", mock.url, "wait", id, "--out", file, ...fast]);
    expect(run.code).toBe(0);
    expect(isMp4(await readFile(file))).toBe(true);
  });

  it("download <id> saves to <id>.mp4 by default, with a file-safe name", async () => {
    const run = await runCli(["--base-url", mock.url, "download", id], { cwd: dir });
    expect(run.code).toBe(0);
    const [file] = await readdir(dir);
    expect(file).toMatch(/^[\w.-]+\.mp4$/);
    expect(isMp4(await readFile(path.join(dir, file as string)))).toBe(true);
  });

  it("exits 3 when the API cannot be reached", async () => {
    const api = await startStubApi();
    await api.close();
    const run = await runCli(["--base-url", api.url, "status", id]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^Error: Could not reach the API/);
  });
});

describe("long waits", () => {
  it("exits 4 when the wait times out, and says how to resume", async () => {
    const api = await startStubApi();
    try {
      const run = await runCli([
        "--base-url",
        api.url,
        "wait",
        "gen-stuck",
        "--out",
        "stuck.mp4",
        "--poll-interval",
        "0.1",
        "--timeout",
        "0.5",
      ]);
      expect(run.code).toBe(4);
      expect(run.stderr).toContain("Gave up waiting for generation gen-stuck");
      expect(run.stderr).toContain(
        `Resume with: aimlapi-video wait gen-stuck --out stuck.mp4 --base-url ${api.url}`,
      );
    } finally {
      await api.close();
    }
  });

  it("Ctrl-C prints the id and the command that resumes it, and exits 130", async () => {
    const api = await startStubApi();
    try {
      const cli = spawnCli([
        "--base-url",
        api.url,
        "generate",
        "--model",
        MODEL,
        "--prompt",
        "A fox",
        "--out",
        "fox.mp4",
        "--poll-interval",
        "0.1",
      ]);
      await cli.waitForStderr("queued (");
      // Twice, as when pnpm exec or npx forwards the terminal's Ctrl-C: one keypress, two signals.
      process.kill(cli.pid, "SIGINT");
      process.kill(cli.pid, "SIGINT");
      const run = await cli.done;
      expect(run.code).toBe(130);
      expect(run.stderr).toContain("Interrupted. Generation gen-stuck goes on on the server.");
      expect(run.stderr).toContain(
        `Resume with: aimlapi-video wait gen-stuck --out fox.mp4 --base-url ${api.url}`,
      );
      expect(run.stderr).toContain(`        or: aimlapi-video resume --base-url ${api.url}`);
    } finally {
      await api.close();
    }
  });

  it("the printed resume command picks the generation up and saves its video", async () => {
    const cli = spawnCli(
      [
        "--base-url",
        mock.url,
        "generate",
        "--model",
        MODEL,
        "--prompt",
        "A fox",
        "--poll-interval",
        "30",
        "--out",
        "fox.mp4",
      ],
      { cwd: dir },
    );
    await cli.waitForStderr("created (key ");
    process.kill(cli.pid, "SIGINT");
    const interrupted = await cli.done;
    expect(interrupted.code).toBe(130);
    const created = mock.generations().length;
    const resume = /Resume with: aimlapi-video (.+)$/m.exec(interrupted.stderr)?.[1];
    expect(resume).toMatch(/^wait \S+ --out fox\.mp4 --base-url /);
    const run = await runCli([...(resume as string).split(" "), "--poll-interval", "0.1"], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(isMp4(await readFile(path.join(dir, "fox.mp4")))).toBe(true);
    expect(mock.generations()).toHaveLength(created); // resumed, not created (and paid) again
  });

  it("Ctrl-C with --json prints the id and the resume command as JSON", async () => {
    const api = await startStubApi();
    try {
      const cli = spawnCli([
        "--json",
        "--base-url",
        api.url,
        "wait",
        "gen-stuck",
        "--poll-interval",
        "0.1",
      ]);
      while (api.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
      process.kill(cli.pid, "SIGINT");
      const run = await cli.done;
      expect(run.code).toBe(130);
      expect(JSON.parse(run.stdout)).toMatchObject({
        error: "interrupted",
        id: "gen-stuck",
        exitCode: 130,
        resume: `aimlapi-video wait gen-stuck --base-url ${api.url}`,
      });
    } finally {
      await api.close();
    }
  });
});

describe("models", () => {
  it("lists the models and shows one model's parameters", async () => {
    const list = await runCli(["models"], { env: { AIMLAPI_API_KEY: "" } });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(MODEL);
    const one = await runCli(["models", MODEL]);
    expect(one.stdout).toMatch(/--duration\s+.*one of 5 \| 10/);
    const json = await runCli(["--json", "models", MODEL]);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: MODEL, parameters: expect.any(Array) });
  });

  it("generate --model <id> --help lists that model's parameters", async () => {
    const run = await runCli(["generate", "--model", MODEL, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--aspect-ratio <text>/);
    expect(run.stdout).toMatch(/--cfg-scale <number>/);
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
