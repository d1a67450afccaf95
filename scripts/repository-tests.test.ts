// The repository's own tests of specs/ (specs/specs.test.ts) must pass after any correct update,
// including of a vendor file with the quirks the bundle is meant to accept: run here on a copy of
// this repository's specs/ after `spec:update` and `spec:sync`.
import { cp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  FIXTURES,
  REPOSITORY,
  repositoryCopy,
  repositoryTests,
  VENDOR_MODELS,
} from "./fixture-repo.ts";
import { renderArtifacts, writeArtifacts } from "./lib/artifacts.ts";
import { syncSpecs } from "./lib/spec-sync.ts";
import { updateSpec } from "./lib/spec-update.ts";

/** A Sora 2 file in the vendor's style: a string default, `in` on its bearer scheme, a bad example. */
const SORA = path.join(FIXTURES, "cases/quirky/video-models/OpenAi/sora-2-t2v.json");
const VEO = path.join(VENDOR_MODELS, "Google/veo-3.1-t2v.json");

let copy: string | undefined;
afterEach(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
  copy = undefined;
});

async function run(apply: (root: string, log: (text: string) => void) => Promise<number>) {
  copy = await repositoryCopy();
  const lines: string[] = [];
  const code = await apply(copy, (text) => lines.push(text));
  return { code, output: lines.join("\n"), root: copy };
}

describe("the repository's tests of specs/ pass after a correct update of a quirky vendor file", () => {
  it("Veo 3.1 then Sora 2, each by pnpm spec:update", async () => {
    copy = await repositoryCopy();
    for (const source of [VEO, SORA]) {
      const lines: string[] = [];
      const root = copy;
      const code = await updateSpec({ root, source, typecheck: false, log: (t) => lines.push(t) });
      const output = lines.join("\n");
      expect(output).toMatch(/string default "\d+" for an integer/);
      expect(output).toContain("`in` on an http security scheme");
      expect(code).toBe(0);
    }

    // specs/sources.json keeps its hand-made layout: each line is still there, the new records added.
    const [before, after] = await Promise.all(
      [REPOSITORY, copy].map((dir) => readFile(path.join(dir, "specs/sources.json"), "utf8")),
    );
    for (const line of (before as string).split("\n")) expect(after).toContain(line);
    expect(after).toContain('"file": "vendor/OpenAi/sora-2-t2v.json"');

    const tests = await repositoryTests(copy);
    expect(tests.output).toContain("nothing for the bundle to fix");
    expect(tests.code, tests.output).toBe(0);
  });

  it("the vendor's whole folder, by pnpm spec:sync", async () => {
    const sync = await run((root, log) =>
      syncSpecs({ root, folder: VENDOR_MODELS, typecheck: false, log }),
    );
    expect(sync.output).toMatch(/string default "\d+" for an integer/);
    expect(sync.code).toBe(0);

    const tests = await repositoryTests(sync.root);
    expect(tests.code, tests.output).toBe(0);
  });

  it("and still fail when one of ours has something for the bundle to fix", async () => {
    copy = await repositoryCopy();
    await cp(SORA, path.join(copy, "specs/authored/models/OpenAi/sora-2-t2v.json"));
    await writeArtifacts(copy, await renderArtifacts(copy));
    expect(
      await readFile(path.join(copy, "specs/authored/models/OpenAi/sora-2-t2v.json"), "utf8"),
    ).toContain('"default":"4"');

    const tests = await repositoryTests(copy, "-t", "nothing for the bundle to fix");
    expect(tests.output).toContain('string default \\"4\\" for an integer');
    expect(tests.code).toBe(1);
  });
});
