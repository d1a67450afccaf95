import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleSpecs } from "./specs.ts";

const root = path.resolve(import.meta.dirname, "../..");

describe("bundleSpecs", () => {
  let copy: string;
  beforeEach(async () => {
    copy = await mkdtemp(path.join(tmpdir(), "bundle-"));
    await cp(path.join(root, "specs"), path.join(copy, "specs"), { recursive: true });
  });
  afterEach(() => rm(copy, { recursive: true, force: true }));

  const write = (file: string, value: unknown) =>
    writeFile(path.join(copy, "specs", file), JSON.stringify(value));

  it("refuses two documents that define the same operation", async () => {
    await write("authored/video-generations-retrieve.json", {
      openapi: "3.0.0",
      info: { title: "x", version: "1" },
      paths: { "/v2/video/generations": { post: { responses: {} } } },
    });
    await expect(bundleSpecs(copy)).rejects.toThrow(
      "POST /v2/video/generations is defined by both vendor/kling-v1-standard-text-to-video.json and authored/video-generations-retrieve.json",
    );
  });

  it("names an overlay action whose target no longer exists", async () => {
    await write("authored/video-generations-retrieve.json", {
      openapi: "3.0.0",
      info: { title: "x", version: "1" },
      paths: {},
    });
    const { unusedActions } = await bundleSpecs(copy);
    expect(unusedActions.map((a) => a.target)).toEqual([
      "$.paths['/v2/video/generations'].get.responses['200']",
      "$.paths['/v2/generate/video/kling/generation'].get.responses['200']",
    ]);
  });

  it("says which file is not JSON", async () => {
    await writeFile(path.join(copy, "specs/overlays/sdk.overlay.json"), "{ nope");
    await expect(bundleSpecs(copy)).rejects.toThrow(/sdk\.overlay\.json is not valid JSON/);
  });
});
