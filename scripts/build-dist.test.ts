// scripts/build-dist.mjs, on a small package of its own: what tsc writes stays, what it did not
// goes, and dist/ is never emptied first.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const script = path.join(root, "scripts/build-dist.mjs");
let pkg: string;

// Inside the workspace, so that the package resolves the workspace's typescript.
beforeAll(async () => {
  await mkdir(path.join(root, "node_modules/.cache"), { recursive: true });
  pkg = await mkdtemp(path.join(root, "node_modules/.cache/build-dist-"));
  await writeFile(
    path.join(pkg, "package.json"),
    JSON.stringify({ name: "fixture", type: "module" }),
  );
  await writeFile(
    path.join(pkg, "tsconfig.build.json"),
    JSON.stringify({
      compilerOptions: {
        rootDir: "src",
        outDir: "dist",
        declaration: true,
        module: "NodeNext",
        target: "ES2022",
      },
      include: ["src"],
    }),
  );
  await mkdir(path.join(pkg, "src"));
});
afterAll(() => rm(pkg, { recursive: true, force: true }));

const build = (...args: string[]) =>
  promisify(execFile)(process.execPath, [script, ...args], { cwd: pkg });
const files = async () =>
  (await readdir(path.join(pkg, "dist"), { recursive: true })).map(String).sort();

describe("build-dist", () => {
  it("keeps what tsc wrote and --keep names, removes the rest (stale modules, old maps, empty folders)", async () => {
    await writeFile(path.join(pkg, "src/a.ts"), "export const a = 1;\n");
    await mkdir(path.join(pkg, "dist/gone"), { recursive: true });
    for (const stale of ["a.js.map", "deleted.js", "deleted.d.ts", "gone/b.js", "spec.json"]) {
      await writeFile(path.join(pkg, "dist", stale), "stale");
    }
    const before = await stat(path.join(pkg, "dist"));
    await build("--keep", "spec.json");
    expect(await files()).toEqual(["a.d.ts", "a.js", "spec.json"]);
    // The same folder: emptied and made again, it would have been missing meanwhile.
    expect((await stat(path.join(pkg, "dist"))).ino).toBe(before.ino);
  });

  it("fails with tsc's message and leaves dist/ as it was when the sources do not compile", async () => {
    await writeFile(path.join(pkg, "src/a.ts"), "export const a: number = 'one';\n");
    await writeFile(path.join(pkg, "dist/stale.js"), "stale");
    const error = (await build().catch((e: unknown) => e)) as { code: number; stdout: string };
    expect(error.code).not.toBe(0);
    expect(error.stdout).toContain("error TS2322");
    expect(await files()).toContain("stale.js");
  });
});
