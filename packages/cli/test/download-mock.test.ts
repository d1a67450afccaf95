// The client's downloadVideo against the mock's real MP4 and its injected faults (expired URL,
// reset and stall mid-body), counting what it fetched; and the CLI surviving the same faults.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createVideoClient } from "@aimlapi-video/client";
import { downloadVideo } from "@aimlapi-video/client/node";
import { type MockServer, sampleVideoPath, start } from "@aimlapi-video/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEY, isMp4, MODEL, runCli, spawnCli } from "./support.js";

let mock: MockServer;
let dir: string;
let sample: Buffer;

beforeAll(async () => {
  mock = await start({ lifecycle: { pollsPerStep: 1 } });
  sample = await readFile(sampleVideoPath);
}, 60_000);
afterAll(() => mock?.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "download-mock-"));
  return () => rm(dir, { recursive: true, force: true });
});

/** A completed generation whose prompt carries the mock's fault rules for its video. */
async function completedWith(fault: string) {
  const client = createVideoClient({
    apiKey: API_KEY,
    baseUrl: mock.url,
    poll: { firstDelayMs: 100, intervalMs: 100, backoff: 1 },
  });
  const generation = await client.generateVideo({
    model: MODEL,
    prompt: `A fox [mock:fault ${fault}]`,
  });
  let lookups = 0;
  const counting = {
    getGeneration: (id: string, options?: { signal?: AbortSignal }) => {
      lookups += 1;
      return client.getGeneration(id, options);
    },
  };
  const fetched: (string | undefined)[] = [];
  const fetchSpy: typeof fetch = (input, init) => {
    fetched.push(new Headers(init?.headers).get("range") ?? undefined);
    return fetch(input, init);
  };
  return { generation, client: counting, fetch: fetchSpy, fetched, lookups: () => lookups };
}

describe("downloadVideo against the mock", () => {
  it("saves the mock's MP4 byte for byte", async () => {
    const { generation, client } = await completedWith("slow; ms=1; on=poll");
    const saved = await downloadVideo(generation, path.join(dir, "a.mp4"), { client });
    expect(await readFile(saved.path)).toEqual(sample);
  });

  it("gets a fresh URL from the API when the signed one has expired", async () => {
    const { generation, ...spy } = await completedWith("expired-url; status=410; times=1");
    const saved = await downloadVideo(generation, path.join(dir, "b.mp4"), spy);
    expect(await readFile(saved.path)).toEqual(sample);
    expect(spy.lookups()).toBe(1);
    expect(spy.fetched).toHaveLength(2);
  });

  it("resumes with Range after a reset mid-body", async () => {
    const { generation, ...spy } = await completedWith(
      "reset; after-bytes=1000; on=video; times=1",
    );
    const saved = await downloadVideo(generation, path.join(dir, "c.mp4"), {
      ...spy,
      resumeDelayMs: 0,
    });
    expect(await readFile(saved.path)).toEqual(sample);
    expect(spy.fetched[0]).toBeUndefined();
    expect(spy.fetched[1]).toMatch(/^bytes=\d+-$/);
  });

  it("resumes after a stall mid-body", async () => {
    const { generation, ...spy } = await completedWith(
      "stall; after-bytes=1000; on=video; times=1",
    );
    const saved = await downloadVideo(generation, path.join(dir, "d.mp4"), {
      ...spy,
      stallTimeoutMs: 300,
      resumeDelayMs: 0,
    });
    expect(await readFile(saved.path)).toEqual(sample);
    expect(spy.fetched).toHaveLength(2);
  });
});

describe("aimlapi-video against the mock's faults", () => {
  it.each(["expired-url; status=403; times=1", "reset; after-bytes=1000; on=video; times=1"])(
    "still saves the video: %s",
    async (fault) => {
      const file = path.join(dir, "fox.mp4");
      const run = await runCli([
        "--base-url",
        mock.url,
        "generate",
        "--model",
        MODEL,
        "--prompt",
        `A fox [mock:fault ${fault}]`,
        "--poll-interval",
        "0.1",
        "--out",
        file,
      ]);
      expect(run.code).toBe(0);
      expect(isMp4(await readFile(file))).toBe(true);
    },
  );

  it("Ctrl-C during the download leaves no file and prints the download command", async () => {
    const cli = spawnCli(
      [
        "--base-url",
        mock.url,
        "generate",
        "--model",
        MODEL,
        "--prompt",
        "A fox [mock:fault stall; after-bytes=1000; on=video]",
        "--poll-interval",
        "0.1",
        "--out",
        "fox.mp4",
      ],
      { cwd: dir },
    );
    await cli.waitForStderr("Downloading to");
    process.kill(cli.pid, "SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/Interrupted\. The download of \S+ stopped; nothing was saved\./);
    expect(run.stderr).toMatch(
      new RegExp(`Resume with: aimlapi-video download \\S+ fox\\.mp4 --base-url ${mock.url}`),
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
