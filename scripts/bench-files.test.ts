// `pnpm bench` must fail, with the error, when a measured run fails: vitest's bench alone reports
// such a bench as "NaNx faster" and exits 0 (how a mock that never started went unseen), unless
// the bench passes tinybench's `throws: true`.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const vitest = path.join(root, "node_modules/vitest/vitest.mjs");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bench-files-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `vitest bench --run` over one file holding `source`; resolves with its code and output. */
async function benchOf(source: string) {
  await writeFile(path.join(dir, "failing.bench.ts"), source);
  return promisify(execFile)(process.execPath, [vitest, "bench", "--run", "--root", dir], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

const failing = (options: string) => `import { bench } from "vitest";
bench("starts the mock", () => { throw new Error("the mock exited: EADDRINUSE"); }, ${options});
`;

describe("a bench whose run fails", () => {
  it("passes silently without throws: true (why every bench sets it)", async () => {
    const { code, output } = await benchOf(failing("{ iterations: 2, time: 0 }"));
    expect(code).toBe(0);
    expect(output).not.toContain("EADDRINUSE");
  });

  it("fails `vitest bench` with its error with throws: true", async () => {
    const { code, output } = await benchOf(failing("{ iterations: 2, time: 0, throws: true }"));
    expect(code).toBe(1);
    expect(output).toContain("the mock exited: EADDRINUSE");
  });
});

it("every package's vitest bench passes throws: true", async () => {
  const files: string[] = [];
  for (const name of await readdir(path.join(root, "packages"))) {
    for (const folder of ["bench", "src"]) {
      const entries = await readdir(path.join(root, "packages", name, folder), {
        recursive: true,
      }).catch(() => []);
      for (const entry of entries) {
        if (entry.endsWith(".bench.ts")) files.push(path.join("packages", name, folder, entry));
      }
    }
  }
  expect(files.length).toBeGreaterThan(3);
  const without = [];
  for (const file of files) {
    if (!(await readFile(path.join(root, file), "utf8")).includes("throws: true"))
      without.push(file);
  }
  expect(without).toEqual([]);
});
