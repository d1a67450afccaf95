import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { footprint, overBudget } from "../footprint.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("footprint", () => {
  it("counts whole 4 kB blocks per file and per directory, as du -sk does", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "footprint-"));
    dirs.push(dir);
    await mkdir(path.join(dir, "sub"));
    await writeFile(path.join(dir, "one-byte"), "x");
    await writeFile(path.join(dir, "sub", "one-block"), "x".repeat(4096));
    await writeFile(path.join(dir, "sub", "just-over"), "x".repeat(4097));
    await writeFile(path.join(dir, "sub", "empty"), "");
    // Two directories (4 kB each), then 4 + 4 + 8 kB of files; an empty one takes no block.
    expect(await footprint(dir)).toEqual({ bytes: 1 + 4096 + 4097, files: 4, onDiskKb: 24 });
  });
});

describe("overBudget", () => {
  it("names each figure over its budget with the budget and the value, and nothing else", () => {
    expect(
      overBudget(
        { "install: kB on disk": 1100, "install: files": 90 },
        {
          "install: kB on disk": 1024,
          "install: files": 100,
        },
      ),
    ).toEqual(["install: kB on disk: 1100 is over its budget of 1024"]);
  });

  it("refuses a budget for a figure that is not measured (a renamed figure would go unchecked)", () => {
    expect(overBudget({}, { "install: files": 100 })).toEqual([
      "install: files: in the budget but not measured",
    ]);
  });
});
