// What the packed client ships (pnpm pack's own list): the built modules bundled, no sources beside
// them, no source maps, the generated modules minified and the body schemas in lazy chunks.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
let files: string[];

beforeAll(async () => {
  const { stdout } = await promisify(execFile)("pnpm", ["pack", "--dry-run", "--json"], {
    cwd: root,
  });
  files = (JSON.parse(stdout) as { files: { path: string }[] }).files.map((f) => f.path);
});

describe("the packed client", () => {
  it("ships the built modules and their declarations, no sources and no source maps", () => {
    expect(files.filter((f) => !f.startsWith("dist/")).sort()).toEqual([
      "README.md",
      "package.json",
    ]);
    expect(files.filter((f) => f.startsWith("src/") || f.endsWith(".map"))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts"]));
  });

  it("ships its modules bundled, openapi-fetch inside, with its declarations and license", async () => {
    const manifest = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).toEqual(["@aimlapi-video/types"]);
    const modules = files.filter((f) => /^dist\/[^/]+\.js$/.test(f));
    // The five entry points, the chunks they share and the modules loaded lazily.
    expect(modules.length).toBeLessThan(20);
    const declarations = await readFile(path.join(root, "dist/openapi-fetch.d.ts"), "utf8");
    expect(declarations).toContain("MIT License");
    expect(declarations).toContain('from "./openapi-typescript-helpers.js"');
    const client = await readFile(path.join(root, "dist/client.d.ts"), "utf8");
    expect(client).toContain('from "./openapi-fetch.js"');
  });

  it("ships the generated modules minified, without declarations no public type points to", async () => {
    const generated = files.filter((f) => f.startsWith("dist/generated/"));
    expect(generated.filter((f) => !f.endsWith(".js"))).toEqual([]);
    for (const file of generated) {
      const code = await readFile(path.join(root, file), "utf8");
      expect({ file, lines: code.trimEnd().split("\n").length }).toEqual({ file, lines: 1 });
    }
  });

  it("keeps the body schemas in one chunk per vendor, loaded when one of its models is first checked", async () => {
    const index = path.join(root, "dist/generated/validators/index.js");
    const source = await readFile(index, "utf8");
    const chunks = new Set([...source.matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1]));
    expect(chunks.size).toBeGreaterThan(10);
    for (const chunk of chunks) expect(files).toContain(`dist/generated/validators/${chunk}`);
    expect(files.filter((f) => f.startsWith("dist/generated/validators/"))).toHaveLength(
      chunks.size + 1,
    );
    const { assertValidCreateBody } = (await import(
      pathToFileURL(path.join(root, "dist/index.js")).href
    )) as typeof import("../src/index.js");
    const model = "kling-video/v1/standard/text-to-video";
    await expect(assertValidCreateBody({ model, prompt: "a fox" })).resolves.toBeUndefined();
    await expect(assertValidCreateBody({ model, prompt: 1 })).rejects.toThrow(/body\.prompt/);
  });
});
