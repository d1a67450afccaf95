import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockServer, POLL_AFTER_HEADER, sampleVideoPath, start } from "../src/index.js";
import { answerFile, VideoUrls } from "../src/video-files.js";
import { completedGeneration, createGeneration, MODEL, RETRIEVE, retrieve } from "./support.js";

const VIDEO = readFileSync(sampleVideoPath);

describe("the sample video", () => {
  it("is a small real MP4: an ftyp box first, a few kB", () => {
    expect(VIDEO.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(VIDEO.length).toBeGreaterThan(1_000);
    expect(VIDEO.length).toBeLessThan(20_000);
  });
});

describe("VideoUrls", () => {
  const origin = "http://127.0.0.1:4010";
  let now = 1_000_000;
  const urls = new VideoUrls(60_000, () => now);
  const id = "2c1b…:kling-video/v1/standard/text-to-video";

  it("signs a link that it accepts back, with the generation's id and the link's number", () => {
    const url = new URL(urls.sign(origin, { id, issue: 3 }));
    expect(url.pathname).toBe(`/__mock/videos/${encodeURIComponent(id)}.mp4`);
    expect(url.searchParams.get("Expires")).toBe(String((now + 60_000) / 1000));
    expect(urls.check(url)).toEqual({ ok: true, id, issue: 3 });
  });

  it("refuses a link once it has expired", () => {
    const url = new URL(urls.sign(origin, { id, issue: 0 }));
    now += 60_000;
    expect(urls.check(url)).toEqual({ ok: false, reason: "expired" });
  });

  it.each(["Expires", "Issue", "Signature"])("refuses a link whose %s was changed", (name) => {
    const url = new URL(urls.sign(origin, { id, issue: 0 }));
    url.searchParams.set(name, `${url.searchParams.get(name)}1`);
    expect(urls.check(url)).toEqual({ ok: false, reason: "forged" });
  });

  it("refuses another generation's path with a valid query", () => {
    const url = new URL(urls.sign(origin, { id, issue: 0 }));
    url.pathname = "/__mock/videos/other.mp4";
    expect(urls.check(url)).toEqual({ ok: false, reason: "forged" });
  });
});

describe("answerFile", () => {
  const file = Buffer.from("0123456789");
  const request = (headers: Record<string, string>) => ({ headers }) as IncomingMessage;
  const etag = answerFile(request({}), file).headers.etag as string;

  it.each([
    [{}, 200, "0123456789", undefined],
    [{ range: "bytes=2-4" }, 206, "234", "bytes 2-4/10"],
    [{ range: "bytes=7-" }, 206, "789", "bytes 7-9/10"],
    [{ range: "bytes=-3" }, 206, "789", "bytes 7-9/10"],
    [{ range: "bytes=8-100" }, 206, "89", "bytes 8-9/10"],
    [{ range: "bytes=10-" }, 416, "", "bytes */10"],
    [{ range: "bytes=0-1,4-5" }, 200, "0123456789", undefined],
    [{ range: "bytes=2-4", "if-range": '"other"' }, 200, "0123456789", undefined],
  ])("%j → %i", (headers, status, body, contentRange) => {
    const answer = answerFile(request(headers), file);
    expect(answer.status).toBe(status);
    expect(answer.body.toString()).toBe(body);
    expect(answer.headers["content-range"]).toBe(contentRange);
    expect(answer.headers["accept-ranges"]).toBe("bytes");
  });

  it("honours If-Range with the file's own ETag", () => {
    const answer = answerFile(request({ range: "bytes=2-4", "if-range": etag }), file);
    expect(answer.status).toBe(206);
  });
});

describe("the video behind a completed generation's video.url", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start();
  });
  afterAll(() => mock?.close());

  it("is on the mock's own origin and serves the MP4, whole or by range", async () => {
    const { video } = await completedGeneration(mock.url);
    expect(video.url.startsWith(`${mock.url}/__mock/videos/`)).toBe(true);
    const whole = await fetch(video.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("access-control-allow-origin")).toBe("*");
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(VIDEO);
    const part = await fetch(video.url, { headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${VIDEO.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(VIDEO.subarray(100, 200));
  });

  it("answers HEAD with the length and no body", async () => {
    const { video } = await completedGeneration(mock.url);
    const head = await fetch(video.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(VIDEO.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it("needs no API key, and refuses a link it did not sign", async () => {
    const { video } = await completedGeneration(mock.url);
    const forged = new URL(video.url);
    forged.searchParams.set("Expires", "99999999999");
    const refused = await fetch(forged);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("SignatureDoesNotMatch");
  });

  it("leaves the spec's examples alone without the lifecycle", async () => {
    const plain = await start({ lifecycle: false });
    try {
      const body = await (
        await retrieve(plain.url, RETRIEVE, "x", {
          authorization: "Bearer k",
          prefer: "example=completed",
        })
      ).json();
      expect(body.video.url).toMatch(/^https:\/\//);
    } finally {
      await plain.close();
    }
  });
});

describe("a time scale", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ lifecycle: { timeScale: 60 }, videoUrlTtlMs: 60_000 });
  });
  afterAll(() => mock?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it("walks a five-minute generation in five seconds, and says when to poll next", async () => {
    // Only Date is faked: the mock's clock moves while sockets and timers stay real.
    vi.useFakeTimers({ toFake: ["Date"] });
    const created = await createGeneration(mock.url, { model: MODEL, prompt: "A fox" });
    const { id } = await created.json();
    expect(created.headers.get(POLL_AFTER_HEADER)).toBe("334");
    const poll = async () => {
      const response = await retrieve(mock.url, RETRIEVE, id);
      return [(await response.json()).status, response.headers.get(POLL_AFTER_HEADER)];
    };
    expect(await poll()).toEqual(["queued", "334"]);
    vi.advanceTimersByTime(334);
    expect(await poll()).toEqual(["generating", "4666"]);
    vi.advanceTimersByTime(4_000);
    expect(await poll()).toEqual(["generating", "666"]);
    vi.advanceTimersByTime(666);
    expect(await poll()).toEqual(["completed", null]);
  });

  it("expires video URLs after videoUrlTtlMs", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const created = await createGeneration(mock.url, { model: MODEL, prompt: "A fox" });
    const { id } = await created.json();
    vi.advanceTimersByTime(300_000);
    const { video } = await (await retrieve(mock.url, RETRIEVE, id)).json();
    expect((await fetch(video.url)).status).toBe(200);
    // Expires= is in whole seconds, rounded up.
    vi.advanceTimersByTime(61_000);
    const expired = await fetch(video.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("Request has expired");
  });
});
