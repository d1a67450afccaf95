import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const vendorFile = "specs/vendor/kling-v1-standard-text-to-video.json";

/** Runs the real CLI against a copy of the repository's specs and generated files. */
async function generate(cwd: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      tsx,
      [path.join(root, "scripts/generate.ts"), "--root", cwd, ...args],
      { cwd: root },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe("pnpm generate --check (the drift check)", () => {
  let copy: string;
  beforeEach(async () => {
    copy = await mkdtemp(path.join(tmpdir(), "drift-"));
    for (const dir of ["specs", "packages/types/src/generated", "packages/client/src/generated"]) {
      await cp(path.join(root, dir), path.join(copy, dir), { recursive: true });
    }
  });
  afterEach(() => rm(copy, { recursive: true, force: true }));

  it("passes when the generated files match the specs", async () => {
    const { code, output } = await generate(copy, "--check");
    expect(output).toContain("Generated files match specs/");
    expect(code).toBe(0);
  });

  it("fails when a vendor enum changed and the types were not regenerated", async () => {
    const file = path.join(copy, vendorFile);
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace('"enum":["16:9","9:16","1:1"]', '"enum":["16:9","9:16"]'));

    const { code, output } = await generate(copy, "--check");
    expect(code).toBe(1);
    expect(output).toContain("changed:    specs/bundled/aimlapi-video.openapi.json");
    expect(output).toContain("changed:    packages/types/src/generated/openapi.ts");
    expect(output).toContain("Run `pnpm generate`");

    await generate(copy);
    expect(await generate(copy, "--check")).toMatchObject({ code: 0 });
    const types = await readFile(
      path.join(copy, "packages/types/src/generated/openapi.ts"),
      "utf8",
    );
    expect(types).toContain('aspect_ratio?: "16:9" | "9:16";');
  });

  it("writes what it can and keeps a file the specs can no longer produce", async () => {
    const file = path.join(copy, vendorFile);
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace('"/v2/video/generations"', '"/v3/video/generations"'));
    const validator = path.join(copy, "packages/client/src/generated/validate-create-body.ts");
    const before = await readFile(validator, "utf8");

    const { code, output } = await generate(copy);
    expect(output).toContain(
      "error: cannot generate packages/client/src/generated/validate-create-body.ts",
    );
    expect(code).toBe(1);
    expect(await readFile(validator, "utf8")).toBe(before);
    const types = path.join(copy, "packages/types/src/generated/openapi.ts");
    expect(await readFile(types, "utf8")).toContain('"/v3/video/generations"');
  });

  it("fails on a file in a generated folder that the specs do not produce", async () => {
    await writeFile(path.join(copy, "packages/types/src/generated/stale.ts"), "export {};\n");
    const { code, output } = await generate(copy, "--check");
    expect(code).toBe(1);
    expect(output).toContain("unexpected: packages/types/src/generated/stale.ts");
  });

  it("fails on a generated file that is missing", async () => {
    await rm(path.join(copy, "specs/bundled"), { recursive: true });
    const { code, output } = await generate(copy, "--check");
    expect(code).toBe(1);
    expect(output).toContain("missing:    specs/bundled/aimlapi-video.openapi.json");
  });
});

describe("generated files", () => {
  it("carry a header that says how to regenerate them", async () => {
    const types = await readFile(
      path.join(root, "packages/types/src/generated/openapi.ts"),
      "utf8",
    );
    expect(types.split("\n").slice(0, 2).join("\n")).toMatch(/Generated.*\n.*pnpm generate/);
    const bundle = JSON.parse(
      await readFile(path.join(root, "specs/bundled/aimlapi-video.openapi.json"), "utf8"),
    );
    expect(bundle["x-generated"]).toContain("pnpm generate");
  });
});
