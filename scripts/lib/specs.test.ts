import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleSpecs, listSourceDocuments } from "./specs.ts";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/quirks");

describe("the source documents of specs/", () => {
  let root: string;
  const write = async (file: string, value: unknown) => {
    const target = path.join(root, "specs", file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, typeof value === "string" ? value : JSON.stringify(value));
  };
  const copy = async (fixture: string, file: string) => {
    await mkdir(path.dirname(path.join(root, "specs", file)), { recursive: true });
    await cp(path.join(fixtures, fixture), path.join(root, "specs", file));
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "specs-"));
    await write("sources.json", {
      bundle: "bundled/bundle.json",
      folders: [
        { path: "vendor", origin: "vendor" },
        { path: "authored", origin: "authored" },
      ],
      documents: [{ file: "vendor/acme/string-default.json", origin: "vendor", sha256: "00" }],
      overlays: ["overlays/sdk.overlay.json"],
    });
    await copy("string-default.json", "vendor/acme/string-default.json");
    await copy("ours-with-example.json", "authored/models/Acme/string-default.json");
    await copy("two-models.json", "authored/models/Acme/two-models.json");
    await copy("legacy-path.json", "authored/models/Acme/legacy.json");
    await copy("retrieve.json", "authored/retrieve.json");
    await write("overlays/sdk.overlay.json", {
      overlay: "1.0.0",
      info: { title: "x", version: "1" },
      actions: [
        { target: "$.paths['/v2/video/generations'].post", update: { summary: "Create" } },
        { target: "$.paths['/v2/video/generations'].get", update: { summary: "Retrieve" } },
      ],
    });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("lists every JSON document of the folders, vendor first, with the models each defines", async () => {
    expect(await listSourceDocuments(root)).toEqual([
      {
        file: "vendor/acme/string-default.json",
        origin: "vendor",
        sha256: "00",
        models: ["acme/string-default"],
      },
      {
        file: "authored/models/Acme/legacy.json",
        origin: "authored",
        models: [],
        skipped:
          "no POST /v2/video/generations; it creates on /v2/generate/video/acme/generation (a legacy per-vendor path)",
      },
      {
        file: "authored/models/Acme/string-default.json",
        origin: "authored",
        models: ["acme/string-default"],
      },
      {
        file: "authored/models/Acme/two-models.json",
        origin: "authored",
        models: ["acme/one", "acme/two"],
      },
      { file: "authored/retrieve.json", origin: "authored", models: [] },
    ]);
  });

  it("takes a candidate file, a new one, or a removal from the overrides", async () => {
    const overrides = {
      "vendor/acme/string-default.json": null,
      "vendor/acme/new.json": JSON.stringify({ openapi: "3.0.0", info: {}, paths: {} }),
    };
    const files = (await listSourceDocuments(root, overrides)).map((d) => d.file);
    expect(files).toContain("vendor/acme/new.json");
    expect(files).not.toContain("vendor/acme/string-default.json");
    const { models } = await bundleSpecs(root, overrides);
    expect(models.find((m) => m.id === "acme/string-default")?.file).toBe(
      "authored/models/Acme/string-default.json",
    );
  });

  it("bundles them: the vendor's model wins, the skipped and the fixed are reported", async () => {
    const { bundle, models, skipped, warnings, unusedActions } = await bundleSpecs(root);
    expect(models.map((m) => `${m.id} ${m.file} ${m.shadowed.join(",")}`)).toEqual([
      "acme/one authored/models/Acme/two-models.json ",
      "acme/string-default vendor/acme/string-default.json authored/models/Acme/string-default.json",
      "acme/two authored/models/Acme/two-models.json ",
    ]);
    expect(skipped.map((s) => s.file)).toEqual(["authored/models/Acme/legacy.json"]);
    expect(warnings.map((w) => w.file)).toEqual([
      "vendor/acme/string-default.json",
      "vendor/acme/string-default.json",
      "vendor/acme/string-default.json",
      "(bundle)",
    ]);
    expect(unusedActions).toEqual([]);
    expect(bundle.paths?.["/v2/video/generations"]?.post).toMatchObject({ summary: "Create" });
  });

  it("names an overlay action whose target no longer exists", async () => {
    await rm(path.join(root, "specs/authored/retrieve.json"));
    const { unusedActions } = await bundleSpecs(root);
    expect(unusedActions.map((a) => a.target)).toEqual(["$.paths['/v2/video/generations'].get"]);
  });

  it("keeps a security requirement once when an overlay adds one the documents already have", async () => {
    const bearer = { "access-token": [] };
    await write("overlays/sdk.overlay.json", {
      overlay: "1.0.0",
      info: { title: "x", version: "1" },
      actions: [{ target: "$", update: { security: [bearer] } }],
    });
    const once = await bundleSpecs(root);
    expect(once.bundle.security).toEqual([bearer]);
    await write("overlays/second.overlay.json", {
      overlay: "1.0.0",
      info: { title: "x", version: "1" },
      actions: [{ target: "$", update: { security: [bearer] } }],
    });
    const sources = JSON.parse(await readFile(path.join(root, "specs/sources.json"), "utf8"));
    sources.overlays.push("overlays/second.overlay.json");
    await write("sources.json", sources);
    expect((await bundleSpecs(root)).bundle.security).toEqual([bearer]);
  });

  it("says which overlay is not JSON", async () => {
    await write("overlays/sdk.overlay.json", "{ nope");
    await expect(bundleSpecs(root)).rejects.toThrow(/sdk\.overlay\.json is not valid JSON/);
  });
});
