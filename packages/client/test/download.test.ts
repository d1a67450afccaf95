// Downloads against a misbehaving file host on loopback: every fault ends in the complete file or
// in a typed error with nothing left on disk, and the file host never sees the client's secrets.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { streamVideo } from "../src/download.js";
import { DownloadError, downloadVideo } from "../src/download-file.js";
import { APIUserAbortError, createVideoClient } from "../src/index.js";
import { type FaultServer, fakeMp4, startFaultServer } from "./download-fault-server.js";
import { eventually } from "./eventually.js";

const API_KEY = "sk-download-secret-0123";
const MiB = 1024 * 1024;
const CLIENT_HEADER = "team-secret-header-value";
let server: FaultServer;
let dir: string;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "download-"));
  server.seen.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const client = () =>
  createVideoClient({
    apiKey: API_KEY,
    baseUrl: server.url,
    headers: { "x-team": CLIENT_HEADER },
    maxRetries: 0,
  });
const completed = (file: string) => ({
  id: file.replace(/^\//, ""),
  status: "completed",
  video: { url: `${server.url}${file}?Expires=1&Signature=abc` },
});
const fast = { resumeDelayMs: 0, stallTimeoutMs: 300 };
const out = () => path.join(dir, "video.mp4");

async function expectFailure(promise: Promise<unknown>, reason: DownloadError["reason"]) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DownloadError);
  expect((error as DownloadError).reason).toBe(reason);
  expect(await readdir(dir)).toEqual([]); // no half file, no temporary file
  return error as DownloadError;
}

describe("downloadVideo writes the complete, checked file", () => {
  it("from a completed generation, reporting progress up to the declared size", async () => {
    const progress: [number, number | undefined][] = [];
    const result = await downloadVideo(completed("/ok.mp4"), out(), {
      onProgress: ({ receivedBytes, totalBytes }) => progress.push([receivedBytes, totalBytes]),
    });
    expect(result).toEqual({ path: out(), bytes: server.video.byteLength, generationId: "ok.mp4" });
    expect(new Uint8Array(await readFile(out()))).toEqual(server.video);
    expect(progress.at(-1)).toEqual([server.video.byteLength, server.video.byteLength]);
    expect(progress.map(([received]) => received)).toEqual(
      [...progress.map(([received]) => received)].sort((a, b) => a - b),
    );
    expect(await readdir(dir)).toEqual(["video.mp4"]);
  });

  it("by id, through the client's getGeneration, never sending the key or a client header to the file host", async () => {
    await downloadVideo("ok.mp4", out(), { client: client() });
    expect(server.seen.map((r) => r.path)).toEqual(["/v2/video/generations", "/ok.mp4"]);
    const [api, file] = server.seen;
    expect(api?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(JSON.stringify(file?.headers)).not.toContain(API_KEY);
    expect(JSON.stringify(file?.headers)).not.toContain(CLIENT_HEADER);
    expect(file?.headers.authorization).toBeUndefined();
  });

  it("resumes with Range (and If-Range) after the connection drops mid-body", async () => {
    await downloadVideo(completed("/drop-once.mp4"), out(), fast);
    expect(new Uint8Array(await readFile(out()))).toEqual(server.video);
    const resume = server.seen[1]?.headers;
    expect(resume?.range).toMatch(/^bytes=\d+-$/);
    expect(Number(resume?.range?.slice(6, -1))).toBeGreaterThan(0);
    expect(resume?.["if-range"]).toBe('"v1"');
  });

  it("resumes after a stall, under garbage-collection pressure", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const collecting = setInterval(() => {
      void new Array(10_000).fill({});
      gc();
    }, 20);
    try {
      await downloadVideo(completed("/stall-once.mp4"), out(), { ...fast, stallTimeoutMs: 200 });
    } finally {
      clearInterval(collecting);
    }
    expect(new Uint8Array(await readFile(out()))).toEqual(server.video);
    expect(server.seen).toHaveLength(2);
  });

  it("drops the bytes it already has when the host ignores Range", async () => {
    await downloadVideo(completed("/no-range.mp4"), out(), fast);
    expect(new Uint8Array(await readFile(out()))).toEqual(server.video);
    expect(server.seen[1]?.headers.range).toBeDefined();
  });

  it("fetches a fresh URL from the API when the signed URL has expired (403)", async () => {
    const result = await downloadVideo({ ...completed("/expired.mp4"), id: "ok.mp4" }, out(), {
      client: client(),
    });
    expect(result.bytes).toBe(server.video.byteLength);
    expect(server.seen.map((r) => r.path)).toEqual([
      "/expired.mp4",
      "/v2/video/generations",
      "/ok.mp4",
    ]);
  });

  it("to a name of up to 255 bytes, whatever its characters: the temporary one stays legal", async () => {
    const names = [
      ...[241, 242, 250, 255].map((bytes) => `${"v".repeat(bytes - 4)}.mp4`),
      `${"é".repeat(125)}.mp4`, // 254 bytes, 2 per character
      `${"🎬".repeat(62)}.mp4`, // 252 bytes, 4 per character
    ];
    for (const name of names) {
      const file = path.join(dir, name);
      const result = await downloadVideo(completed("/ok.mp4"), file);
      expect(result.path).toBe(file);
      expect(new Uint8Array(await readFile(file))).toEqual(server.video);
      expect(await readdir(dir)).toEqual([name]);
      await rm(file);
    }
  });

  it("replaces an existing file only once the new one is complete", async () => {
    await writeFile(out(), "old");
    await expectFailureKeepingOld(downloadVideo(completed("/page.html"), out()));
    await downloadVideo(completed("/ok.mp4"), out());
    expect((await readFile(out())).byteLength).toBe(server.video.byteLength);
  });

  async function expectFailureKeepingOld(promise: Promise<unknown>) {
    await expect(promise).rejects.toBeInstanceOf(DownloadError);
    expect(await readdir(dir)).toEqual(["video.mp4"]);
    expect(await readFile(out(), "utf8")).toBe("old");
  }
});

describe("downloadVideo fails with a typed error and leaves nothing behind", () => {
  it("when the host keeps dropping the connection (bounded resumes)", async () => {
    const error = await expectFailure(
      downloadVideo(completed("/drop-always.mp4"), out(), { ...fast, maxResumes: 3 }),
      "connection-lost",
    );
    expect(server.seen).toHaveLength(4);
    expect(error.bytesReceived).toBe(64);
  });

  it("when the host stalls for good (bounded resumes)", async () => {
    await expectFailure(
      downloadVideo(completed("/stall-forever.mp4"), out(), {
        ...fast,
        stallTimeoutMs: 100,
        maxResumes: 1,
      }),
      "stalled",
    );
    expect(server.seen).toHaveLength(2);
  });

  it("when the whole transfer exceeds timeoutMs", async () => {
    const started = performance.now();
    await expectFailure(
      downloadVideo(completed("/stall-forever.mp4"), out(), {
        stallTimeoutMs: 60_000,
        timeoutMs: 300,
      }),
      "timeout",
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(
      downloadVideo(completed("/stall-forever.mp4"), out(), { signal: controller.signal }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(await readdir(dir)).toEqual([]);
  });

  it("when the signal is already aborted, leaving no rejection unhandled", async () => {
    await expect(
      downloadVideo(completed("/ok.mp4"), out(), { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    // An abandoned fetch that rejected unobserved would fail this run as an unhandled error.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readdir(dir)).toEqual([]);
  });

  // Each of these would otherwise write until timeoutMs (10 min by default): 854 MB in 3 s.
  const UNTIL = { timeoutMs: 2_000 };
  /** What the loopback sockets may hold past the bound when the client stops reading. */
  const BUFFERED = 16 * MiB;

  it("when the host sends more than maxBytes without declaring a length: cut off there", async () => {
    const maxBytes = MiB;
    const error = await expectFailure(
      downloadVideo(completed("/endless-cut.mp4"), out(), { ...UNTIL, maxBytes }),
      "too-large",
    );
    expect(error.message).toContain(`more than maxBytes (${maxBytes} bytes)`);
    expect(error.bytesReceived).toBeLessThanOrEqual(maxBytes);
    // At the file host: the connection closed, having carried the bound and what buffers hold.
    expect(await eventually(() => server.traffic("/endless-cut.mp4").open === 0)).toBe(true);
    expect(server.traffic("/endless-cut.mp4").bytesSent).toBeLessThan(maxBytes + BUFFERED);
  });

  it("when the host declares more than maxBytes (default 1 GiB): refused before reading", async () => {
    const error = await expectFailure(
      downloadVideo(completed("/huge.mp4"), out(), UNTIL),
      "too-large",
    );
    expect(error.message).toContain(`declared ${10 * 2 ** 30} bytes`);
    expect(error.message).toContain(`above maxBytes (${2 ** 30} bytes)`);
    expect(error.bytesReceived).toBe(0);
    expect(await eventually(() => server.traffic("/huge.mp4").open === 0)).toBe(true);
    expect(server.traffic("/huge.mp4").bytesSent).toBeLessThan(BUFFERED);
  });

  it("when a resumed range does not start where it was asked to", async () => {
    await expectFailure(downloadVideo(completed("/bad-range.mp4"), out(), fast), "length-mismatch");
  });

  it("when the host sends more than it declared", async () => {
    await expectFailure(downloadVideo(completed("/too-long.mp4"), out(), fast), "length-mismatch");
  });

  it("when the file changes between a drop and its resume", async () => {
    await expectFailure(downloadVideo(completed("/grows.mp4"), out(), fast), "changed");
  });

  it("when the file is not an MP4", async () => {
    const error = await expectFailure(downloadVideo(completed("/page.html"), out()), "not-mp4");
    expect(error.message).toContain('starts with "<!doctype html><"');
  });

  it("when the URL stays expired (410), after a bounded number of fresh URLs", async () => {
    const error = await expectFailure(
      downloadVideo("gone.mp4", out(), { client: client(), maxUrlRefreshes: 2 }),
      "url-expired",
    );
    expect(error.status).toBe(410);
    expect(server.seen.filter((r) => r.path === "/gone.mp4")).toHaveLength(3);
  });

  it("when the URL expired and no client was given to renew it", async () => {
    const error = await expectFailure(
      downloadVideo(completed("/expired.mp4"), out()),
      "url-expired",
    );
    expect(error.message).toContain("pass { client }");
  });

  it("on a 404 at once, and on a 503 after bounded retries", async () => {
    await expectFailure(downloadVideo(completed("/missing.mp4"), out()), "http-status");
    expect(server.seen).toHaveLength(1);
    server.seen.length = 0;
    await expectFailure(
      downloadVideo(completed("/busy.mp4"), out(), { ...fast, maxResumes: 2 }),
      "http-status",
    );
    expect(server.seen).toHaveLength(3);
  });

  it("when the generation has no video yet", async () => {
    await expectFailure(
      downloadVideo({ id: "g1", status: "generating", video: null }, out()),
      "not-completed",
    );
    expect(server.seen).toHaveLength(0);
  });

  it("when the directory cannot be written, before fetching anything", async () => {
    await expect(
      downloadVideo(completed("/ok.mp4"), path.join(dir, "missing-dir", "v.mp4")),
    ).rejects.toMatchObject({ reason: "write-failed" });
    expect(server.seen).toHaveLength(0);
  });

  it("never puts the signed URL's query or the key in an error", async () => {
    const error = await expectFailure(
      downloadVideo({ ...completed("/gone.mp4"), id: "gone.mp4" }, out(), { client: client() }),
      "url-expired",
    );
    const shown = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
    expect(shown).not.toContain("Signature");
    expect(shown).not.toContain(API_KEY);
    expect(error.message).toContain(`${server.url}/gone.mp4`);
  });

  it("refuses bad options, naming them", async () => {
    await expect(
      downloadVideo(completed("/ok.mp4"), out(), { stallTimeoutMs: Number.NaN }),
    ).rejects.toThrow("Invalid stallTimeoutMs: expected a number of milliseconds ≥ 1");
    await expect(downloadVideo(completed("/ok.mp4"), out(), { maxResumes: 1.5 })).rejects.toThrow(
      "Invalid maxResumes: expected a whole number ≥ 0",
    );
    await expect(downloadVideo(completed("/ok.mp4"), out(), { maxBytes: 0 })).rejects.toThrow(
      "Invalid maxBytes: expected a whole number ≥ 1 and at most 9007199254740991, received 0.",
    );
  });
});

describe("streamVideo, anywhere fetch exists", () => {
  it("hands back a web stream of the checked bytes", async () => {
    const { stream, totalBytes } = await streamVideo(completed("/drop-once.mp4"), fast);
    expect(totalBytes).toBe(server.video.byteLength);
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(bytes).toEqual(server.video);
  });

  for (const [how, bound] of [
    ["aborted", (controller: AbortController) => ({ signal: controller.signal })],
    ["timed out", () => ({ timeoutMs: 300 })],
  ] as const) {
    it(`closes the connection when ${how} while nobody reads, and the next read fails`, async () => {
      const controller = new AbortController();
      const file = `/endless-${how.replace(" ", "-")}.mp4`;
      const { stream } = await streamVideo(completed(file), bound(controller));
      controller.abort();
      // Closed by the client, within a bound far below the 5 s a leaked one stayed open.
      expect(await eventually(() => server.traffic(file).open === 0, 3_000)).toBe(true);
      const error = await stream
        .getReader()
        .read()
        .catch((e) => e);
      expect(error).toBeInstanceOf(how === "aborted" ? APIUserAbortError : DownloadError);
      expect(server.traffic(file).bytesSent).toBeLessThan(16 * MiB);
    });
  }

  it("stops fetching when the reader cancels", async () => {
    const { stream } = await streamVideo(completed("/ok.mp4"));
    await stream.cancel();
    expect(server.seen).toHaveLength(1);
  });

  it("checks the signature even for a file shorter than a box header", async () => {
    const tiny = await startFaultServer(fakeMp4(6));
    try {
      const { stream } = await streamVideo({
        id: "t",
        video: { url: `${tiny.url}/ok.mp4` },
      });
      await expect(new Response(stream).arrayBuffer()).rejects.toMatchObject({ reason: "not-mp4" });
    } finally {
      await tiny.close();
    }
  });
});
