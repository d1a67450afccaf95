// Local files as media options, end to end with the built CLI: sent inline to the mock, refused
// before any request (not even the price's) when the model's limits say no.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type MockServer, start } from "@aimlapi-video/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mp4, png } from "../../client/test/media-fixtures.js";
import { isMp4, runCli, startStubApi } from "./support.js";

let mock: MockServer;
let dir: string;
beforeAll(async () => {
  mock = await start({ lifecycle: { pollsPerStep: 1 } });
}, 60_000);
afterAll(() => mock?.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-media-"));
  return () => rm(dir, { recursive: true, force: true });
});

const hailuo = [
  "generate",
  "--model",
  "minimax/hailuo-02",
  "--prompt",
  "A cat",
  "--poll-interval",
  "0.1",
];

describe("generate with a local file", () => {
  it("sends a local image inline where the model takes a data URI, and the video comes back", async () => {
    await writeFile(path.join(dir, "cat.png"), png(400, 300));
    const out = path.join(dir, "cat.mp4");
    // A path relative to the working directory, as a user types it.
    const run = await runCli(
      ["--base-url", mock.url, ...hailuo, "--image-url", "./cat.png", "--out", out],
      { cwd: dir },
    );
    expect(run.stderr).not.toContain("expected");
    expect(run.code).toBe(0);
    expect(isMp4(await readFile(out))).toBe(true);
  });

  it("sends a 20 MB image (the model's limit) through the client, the store and the mock", async () => {
    await writeFile(path.join(dir, "big.png"), png(1920, 1080, 20 * 1024 * 1024 - 1024));
    const out = path.join(dir, "big.mp4");
    const run = await runCli([
      "--base-url",
      mock.url,
      ...hailuo,
      "--image-url",
      path.join(dir, "big.png"),
      "--out",
      out,
    ]);
    expect(run.stderr).not.toContain("expected");
    expect(run.code).toBe(0);
    expect(isMp4(await readFile(out))).toBe(true);
  });

  it("refuses a file that breaks the model's limits before any request, naming the option, the limit and the value", async () => {
    const api = await startStubApi();
    try {
      await writeFile(path.join(dir, "small.png"), png(64, 48));
      const small = await runCli([
        "--base-url",
        api.url,
        ...hailuo,
        "--image-url",
        path.join(dir, "small.png"),
      ]);
      expect(small.code).toBe(2);
      expect(small.stderr).toContain(
        "--image-url: expected an image whose shortest side is at least 300 px, received 64×48 px. Nothing was sent or paid for.",
      );
      await writeFile(path.join(dir, "clip.mp4"), mp4(3));
      const urlOnly = await runCli([
        "--base-url",
        api.url,
        "generate",
        "--model",
        "bytedance/seedance-2-0",
        "--prompt",
        "x",
        "--video-url",
        path.join(dir, "clip.mp4"),
      ]);
      expect(urlOnly.code).toBe(2);
      expect(urlOnly.stderr).toContain(
        "--video-url: expected a URL (bytedance/seedance-2-0 takes only URLs here",
      );
      expect(urlOnly.stderr).toContain("received the file clip.mp4");
      const missing = await runCli([
        "--base-url",
        api.url,
        ...hailuo,
        "--image-url",
        path.join(dir, "none.png"),
      ]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(
        "--image-url: expected a file that can be read, received none.png (ENOENT)",
      );
      // Not a create, not even the catalogue read for the price.
      expect(api.requests).toEqual([]);
    } finally {
      await api.close();
    }
  });
});

describe("models <id>", () => {
  it("says which fields take local files, and their limits", async () => {
    const hailuoHelp = await runCli(["models", "minimax/hailuo-02"]);
    expect(hailuoHelp.stdout).toMatch(
      /--image-url +The image to animate \(its first frame\)\. \(URL or local file: image\/jpeg or image\/png, at most 20 MB \(20971520 bytes\), shortest side at least 300 px\)/,
    );
    const seedance = await runCli(["models", "bytedance/seedance-2-0"]);
    expect(seedance.stdout).toMatch(/--video-url .*\(URL only \(public\), no local file: video\)/);
    expect(seedance.stdout).toMatch(/--audio-url .*\(URL or local file: audio, at most 15.2 s\)/);
  });
});
