import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
// A repository of our own: a vendor file, one of our model documents, the retrieve operations.
const fixture = path.join(import.meta.dirname, "fixtures/generate");
const vendorFile = "specs/vendor/kling-v1-standard-text-to-video.json";
const veoFile = "specs/authored/models/Google/veo-3.1-t2v.json";
const veoValidator = "packages/client/src/generated/validators/google.ts";

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
    await cp(fixture, copy, { recursive: true });
    expect(await generate(copy)).toMatchObject({ code: 0 });
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
    const file = path.join(copy, veoFile);
    const doc = JSON.parse(await readFile(file, "utf8"));
    doc.components.schemas["google.veo-3.1-t2v"].properties.seed = {
      $ref: "#/components/schemas/Missing",
    };
    await writeFile(file, JSON.stringify(doc));
    const validator = path.join(copy, veoValidator);
    const before = await readFile(validator, "utf8");

    const { code, output } = await generate(copy);
    expect(output).toContain(
      `error: cannot generate ${veoValidator}: google.veo-3.1-t2v: cannot resolve $ref #/components/schemas/Missing`,
    );
    expect(code).toBe(1);
    expect(await readFile(validator, "utf8")).toBe(before);
    const bundle = path.join(copy, "specs/bundled/aimlapi-video.openapi.json");
    expect(await readFile(bundle, "utf8")).toContain('"$ref": "#/components/schemas/Missing"');
  });

  it("refuses, with a message and no stack, two of our documents that disagree on a model", async () => {
    const doc = JSON.parse(await readFile(path.join(copy, veoFile), "utf8"));
    doc.components.schemas["google.veo-3.1-t2v"].properties.duration.enum = [2, 4, 6, 8];
    await writeFile(
      path.join(copy, "specs/authored/models/Google/veo-copy.json"),
      JSON.stringify(doc),
    );
    const { code, output } = await generate(copy);
    expect(code).toBe(1);
    expect(output).toContain(
      "error: the model google/veo-3.1-t2v is defined differently by authored/models/Google/veo-3.1-t2v.json and authored/models/Google/veo-copy.json (first difference at $.components.schemas.google.veo-3.1-t2v.properties.duration.enum); make them agree or remove one",
    );
    expect(output).not.toContain("    at ");
  });

  it("reports the vendor's quirks and the documents it skips", async () => {
    const file = path.join(copy, vendorFile);
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace('"enum":[5,10]}', '"enum":[5,10],"default":"5"}'));
    await writeFile(path.join(copy, "specs/vendor/page.json"), "# not JSON\n");
    const { code, output } = await generate(copy);
    expect(code).toBe(0);
    expect(output).toContain(
      "warning: specs/vendor/kling-v1-standard-text-to-video.json $.paths['/v2/video/generations'].post.requestBody.content['application/json'].schema.properties.duration.default: string default \"5\" for an integer: 5 in the bundle",
    );
    expect(output).toMatch(/warning: skipped specs\/vendor\/page\.json: not JSON/);
    expect(output).toContain("2 models: 1 from vendor files, 1 from ours.");
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
