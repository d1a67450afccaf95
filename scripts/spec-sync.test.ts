import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  changesets,
  fixtureRepo,
  removeFixtureBase,
  snapshot,
  VENDOR_CHECKOUT,
  VENDOR_MODELS,
} from "./fixture-repo.ts";
import { findDrift, renderArtifacts } from "./lib/artifacts.ts";
import { syncSpecs } from "./lib/spec-sync.ts";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");

let copy: string;
beforeEach(async () => {
  copy = await fixtureRepo();
});
afterEach(() => rm(copy, { recursive: true, force: true }));
afterAll(removeFixtureBase);

async function sync(folder: string, options: { dryRun?: boolean } = {}) {
  const lines: string[] = [];
  const code = await syncSpecs({
    root: copy,
    folder,
    typecheck: false,
    ...options,
    log: (t) => lines.push(t),
  });
  return { code, output: lines.join("\n") };
}

/** A copy of the fake vendor folder, to edit. */
async function vendorFolder(): Promise<string> {
  const dir = path.join(copy, "video-models");
  await cp(VENDOR_MODELS, dir, { recursive: true });
  return dir;
}

const read = (file: string) => readFile(path.join(copy, file), "utf8");
const exists = (file: string) =>
  read(file).then(
    () => true,
    () => false,
  );

describe("pnpm spec:sync", () => {
  it("reports what it would do with --dry-run, and writes nothing", async () => {
    const before = await snapshot(copy);
    const { code, output } = await promisify(execFile)(
      tsx,
      [
        path.join(root, "scripts/spec-sync.ts"),
        VENDOR_CHECKOUT,
        "--root",
        copy,
        "--dry-run",
        "--no-typecheck",
      ],
      { cwd: root },
    ).then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }));

    expect(code).toBe(0);
    expect(output).toContain("(4 written, 2 removed, 0 unchanged, 4 skipped)");
    for (const line of [
      '- specs/vendor/Google/veo-3.1-t2v.json: new: "google/veo-3.1-t2v" from Google/veo-3.1-t2v.json',
      '- specs/vendor/kling-v1-standard-text-to-video.json: updated: "kling-video/v1/standard/text-to-video" from Kling-AI/v1-standard-text-to-video.json',
      '- specs/vendor/Alibaba-Cloud/wan2.2-t2v-plus.json: new: "alibaba/wan2.2-t2v-plus" from Alibaba-Cloud/wan2.2-t2v-plus.json, in place of ours',
      '- specs/authored/models/Alibaba-Cloud/wan2.2-t2v-plus.json: removed: "alibaba/wan2.2-t2v-plus" served by specs/vendor/Alibaba-Cloud/wan2.2-t2v-plus.json now',
      '- specs/vendor/runway/gen4_turbo.json: removed: "runway/gen4_turbo" no longer in the folder',
      "- Kling-AI/kling-video-text-to-video.json: cannot be used: no POST /v2/video/generations; it creates on /v2/generate/video/kling/generation (a legacy per-vendor path)",
      "- PixVerse/pixverse-v5-5-text-to-video.json: is not valid JSON",
      "- universal-video-fetch.json: serves no model (no POST /v2/video/generations: a retrieve spec)",
      '- minimax/minimax-hailuo-02.json: the same spec of "minimax/hailuo-02" as MiniMax/hailuo-02.json, which is taken',
      "- specs/authored/models/MiniMax/hailuo-02.json stays (shadowed by specs/vendor/MiniMax/hailuo-02.json)",
      'string default "8" for an integer: 8 in the bundle',
      "Bump: major",
      '- `POST /v2/video/generations request body (application/json)`: model "runway/gen4_turbo" removed',
      '- `POST /v2/video/generations request body (application/json)`: new model "google/veo-3.1-t2v"',
      '(model "kling-video/v1/standard/text-to-video"): aspect_ratio`: enum value "4:3" added',
      "- `components.securitySchemes.access-token`: bearerFormat changed",
      "Dry run: nothing was written.",
    ]) {
      expect(output).toContain(line);
    }
    expect(output).not.toContain("Kling-AI/v1-standard-text-to-video.md");
    expect(await snapshot(copy)).toEqual(before);
  });

  it("adds, updates and removes in one go, with one changeset, and then has nothing to do", async () => {
    const { code, output } = await sync(VENDOR_MODELS);
    expect(code).toBe(0);
    expect(output).toContain(
      "Removed specs/authored/models/Alibaba-Cloud/wan2.2-t2v-plus.json, specs/vendor/runway/gen4_turbo.json, packages/client/src/generated/validators/runway.ts.",
    );

    for (const rel of ["Google/veo-3.1-t2v.json", "Alibaba-Cloud/wan2.2-t2v-plus.json"]) {
      // Byte for byte, quirks included.
      expect(await read(`specs/vendor/${rel}`)).toBe(
        await readFile(path.join(VENDOR_MODELS, rel), "utf8"),
      );
    }
    expect(await exists("specs/vendor/runway/gen4_turbo.json")).toBe(false);
    expect(await exists("specs/authored/models/Alibaba-Cloud/wan2.2-t2v-plus.json")).toBe(false);
    expect(await exists("specs/authored/models/MiniMax/hailuo-02.json")).toBe(true);

    const sources = JSON.parse(await read("specs/sources.json"));
    const files = sources.documents.map((d: { file: string }) => d.file);
    expect(files).toEqual([
      "vendor/kling-v1-standard-text-to-video.json",
      "vendor/Alibaba-Cloud/wan2.2-t2v-plus.json",
      "vendor/Google/veo-3.1-t2v.json",
      "vendor/MiniMax/hailuo-02.json",
    ]);
    expect(sources.documents[0].source).toBe(
      "aimlapi/api-docs docs/api-references/video-models/Kling-AI/v1-standard-text-to-video.json",
    );
    const [note, ...others] = await changesets(copy);
    expect(others).toEqual([]);
    expect(note).toMatch(
      /^---\n"@aimlapi-video\/client": major\n"@aimlapi-video\/types": major\n---\n\nFollow the vendor's specs/,
    );
    expect(await findDrift(copy, await renderArtifacts(copy))).toEqual({
      changed: [],
      missing: [],
      unexpected: [],
    });

    const again = await sync(VENDOR_CHECKOUT);
    expect(again.output).toContain("nothing to update");
    expect(again.output).toContain("(0 written, 0 removed, 4 unchanged, 4 skipped)");
    expect(await changesets(copy)).toHaveLength(1);
  });

  it("leaves a model whose files in the folder differ for a maintainer to settle", async () => {
    const folder = await vendorFolder();
    const twin = path.join(folder, "minimax/minimax-hailuo-02.json");
    const text = await readFile(twin, "utf8");
    await writeFile(twin, text.replace('"enum":[6,10]', '"enum":[6]'));
    const { output } = await sync(folder, { dryRun: true });
    expect(output).toContain(
      '- MiniMax/hailuo-02.json: "minimax/hailuo-02" is also in minimax/minimax-hailuo-02.json, differently: take one with pnpm spec:update',
    );
    expect(output).toContain(
      '- minimax/minimax-hailuo-02.json: "minimax/hailuo-02" is also in MiniMax/hailuo-02.json, differently',
    );
    expect(output).not.toContain("specs/vendor/MiniMax/hailuo-02.json");
  });

  it("keeps a vendor model whose file in the folder is unusable now", async () => {
    const folder = await vendorFolder();
    await mkdir(path.join(folder, "runway"));
    await writeFile(path.join(folder, "runway/gen4_turbo.json"), "<!DOCTYPE html>");
    const { output } = await sync(folder, { dryRun: true });
    expect(output).toContain(
      "- specs/vendor/runway/gen4_turbo.json stays: its file in the folder, runway/gen4_turbo.json, cannot be used now",
    );
    expect(output).not.toContain('model "runway/gen4_turbo" removed');
  });

  it("refuses a folder without one usable spec, and changes nothing", async () => {
    const before = await snapshot(copy);
    const empty = await mkdtemp(path.join(tmpdir(), "no-specs-"));
    try {
      await writeFile(path.join(empty, "page.json"), "not json");
      await expect(sync(empty)).rejects.toThrow("holds no usable spec of a video model");
      await expect(sync(path.join(empty, "missing"))).rejects.toThrow("is not a folder");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    expect(await snapshot(copy)).toEqual(before);
  });

  it("writes nothing at all when one file's generated files cannot be produced", async () => {
    const folder = await vendorFolder();
    const veo = path.join(folder, "Google/veo-3.1-t2v.json");
    const doc = JSON.parse(await readFile(veo, "utf8"));
    const body = doc.paths["/v2/video/generations"].post.requestBody.content["application/json"];
    body.schema.properties.prompt.pattern = "([";
    await writeFile(veo, JSON.stringify(doc));
    const before = await snapshot(copy);
    const { code, output } = await sync(folder);
    expect(output).toContain(
      "validators/google.ts: google.veo-3.1-t2v: Invalid regular expression",
    );
    expect(output).toContain("Nothing was changed");
    expect(code).toBe(1);
    expect(await snapshot(copy)).toEqual(before);
  });

  it("follows a model renamed inside its file: a removal and an addition, named as a rename", async () => {
    const RENAME = path.join(import.meta.dirname, "fixtures/cases/rename");
    const FILE = "Kling-AI/video-v2-6-pro-motion-control.json";
    const folder = await vendorFolder();
    // January: the file serves klingai/video-v2-6-pro-motion-control.
    await cp(path.join(RENAME, "january/video-models", FILE), path.join(folder, FILE));
    expect(await sync(folder)).toMatchObject({ code: 0 });
    // Today: the same file serves klingai/video-v2-6-motion-control.
    await cp(path.join(RENAME, "today/video-models", FILE), path.join(folder, FILE));
    const { code, output } = await sync(folder);

    expect(output).toContain("(1 written, 0 removed, 4 unchanged, 4 skipped)");
    expect(output).toContain(
      `- specs/vendor/${FILE}: updated: "klingai/video-v2-6-motion-control" from ${FILE}, renamed from "klingai/video-v2-6-pro-motion-control"`,
    );
    expect(output).toContain("Bump: major");
    expect(output).toContain(
      `model "klingai/video-v2-6-pro-motion-control" renamed "klingai/video-v2-6-motion-control" in specs/vendor/${FILE} (a removal and an addition`,
    );
    expect(output).not.toContain("--target");
    expect(output).not.toContain("cannot be used now");
    expect(code).toBe(0);
    const types = await read("packages/types/src/generated/openapi.ts");
    expect(types).toContain('"klingai/video-v2-6-motion-control"');
    expect(types).not.toContain('"klingai/video-v2-6-pro-motion-control"');
    const notes = await changesets(copy);
    expect(
      notes.filter((n) => n.includes('renamed "klingai/video-v2-6-motion-control"')),
    ).toHaveLength(1);
    expect(await findDrift(copy, await renderArtifacts(copy))).toEqual({
      changed: [],
      missing: [],
      unexpected: [],
    });
  });

  it("skips the specs of chat, image and music models as not video models", async () => {
    const folder = await vendorFolder();
    for (const file of ["chat-gpt-4o.json", "image-flux-pro.json", "music-lyria-2.json"]) {
      await cp(
        path.join(import.meta.dirname, "fixtures/cases/not-video", file),
        path.join(folder, file),
      );
    }
    const { output } = await sync(folder, { dryRun: true });
    for (const [file, route] of [
      ["chat-gpt-4o.json", "/v1/chat/completions"],
      ["image-flux-pro.json", "/v1/images/generations"],
      ["music-lyria-2.json", "/v2/generate/audio"],
    ]) {
      expect(output).toContain(
        `- ${file}: cannot be used: not a video model: it creates on POST ${route}, not POST /v2/video/generations`,
      );
    }
    expect(output).toContain("7 skipped");
  });
});
