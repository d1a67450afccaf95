// The tests of scripts/ run on a copy of a fixture repository of their own (scripts/fixtures/repo),
// never on the live specs/ or .changeset/: a correct update of those must not fail them.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { renderArtifacts, writeArtifacts } from "./lib/artifacts.ts";

export const FIXTURES = path.join(import.meta.dirname, "fixtures");
/** A fake checkout of aimlapi/api-docs, in the vendor's style, quirks and unusable files included. */
export const VENDOR_CHECKOUT = path.join(FIXTURES, "api-docs");
export const VENDOR_MODELS = path.join(VENDOR_CHECKOUT, "docs/api-references/video-models");

let generated: Promise<string> | undefined;

/** The fixture repository with its generated files, built once per test file. */
function base(): Promise<string> {
  generated ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "fixture-repo-"));
    await cp(path.join(FIXTURES, "repo"), dir, { recursive: true });
    await writeArtifacts(dir, await renderArtifacts(dir));
    return dir;
  })();
  return generated;
}

/** A fresh copy of the generated fixture repository; remove it with `rm` after the test. */
export async function fixtureRepo(): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), "spec-tooling-"));
  await cp(await base(), copy, { recursive: true });
  return copy;
}

/** Removes the generated fixture repository (call in `afterAll`). */
export async function removeFixtureBase(): Promise<void> {
  if (generated) await rm(await generated, { recursive: true, force: true });
  generated = undefined;
}

/** Every file under dir with its content: the tree a test compares before and after. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return new Map(
    await Promise.all(
      files.map(async (f) => [path.relative(dir, f), await readFile(f, "utf8")] as const),
    ),
  );
}

/** The changesets the tooling wrote into a copy. */
export async function changesets(copy: string): Promise<string[]> {
  const dir = path.join(copy, ".changeset");
  const names = (await readdir(dir)).filter((f) => f.startsWith("spec-")).sort();
  return Promise.all(names.map((f) => readFile(path.join(dir, f), "utf8")));
}

/** This repository's root. */
export const REPOSITORY = path.resolve(import.meta.dirname, "..");

/**
 * A copy of this repository's specs/, generated files and package manifests: what the repository's
 * own tests of specs/ read, for a test that updates the copy and then runs them on it.
 */
export async function repositoryCopy(): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), "repository-"));
  await cp(path.join(REPOSITORY, "specs"), path.join(copy, "specs"), { recursive: true });
  await mkdir(path.join(copy, ".changeset"));
  for (const dir of await readdir(path.join(REPOSITORY, "packages"))) {
    const from = path.join(REPOSITORY, "packages", dir);
    const to = path.join(copy, "packages", dir);
    await cp(path.join(from, "package.json"), path.join(to, "package.json")).catch(() => {});
    await cp(path.join(from, "src/generated"), path.join(to, "src/generated"), {
      recursive: true,
    }).catch(() => {});
  }
  return copy;
}

/**
 * Runs the repository's tests of specs/ (specs/specs.test.ts, as `pnpm test` does) on `dir`
 * instead of this repository; resolves to the exit code and the output.
 */
export async function repositoryTests(dir: string, ...args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(
      path.join(REPOSITORY, "node_modules/.bin/vitest"),
      ["run", "specs/specs.test.ts", "--reporter=verbose", ...args],
      { cwd: REPOSITORY, env: { ...env, SPECS_ROOT: dir, NO_COLOR: "1" } },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/** What a fresh clone has of a package: no build output, no caches, no installed dependencies. */
const COLD = new Set(["dist", "node_modules", ".turbo", ".vite", ".vite-temp", "coverage"]);

/**
 * A never-built clone of the workspace, reduced to the packages the client's type check needs
 * (types and client), with this checkout's installed dependencies linked in: no package has a
 * `dist/`, as after `git clone && pnpm install`. Remove it with `rm` after the test.
 */
export async function coldWorkspace(): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), "cold-workspace-"));
  const files = [
    "package.json",
    "pnpm-workspace.yaml",
    "pnpm-lock.yaml",
    "turbo.json",
    "tsconfig.base.json",
    "tsconfig.json",
    "scripts/build-dist.mjs", // every package's build runs it
    "scripts/lib/watched-child.ts", // the client's bench/loopback.ts imports it
  ];
  await mkdir(path.join(copy, "scripts/lib"), { recursive: true });
  for (const file of files) await cp(path.join(REPOSITORY, file), path.join(copy, file));
  await cp(path.join(REPOSITORY, "specs"), path.join(copy, "specs"), { recursive: true });
  await mkdir(path.join(copy, ".changeset"));
  // pnpm links each package's dependencies relatively (../../../node_modules/.pnpm/…, ../../types).
  await symlink(path.join(REPOSITORY, "node_modules"), path.join(copy, "node_modules"), "dir");
  for (const name of ["types", "client"]) {
    const from = path.join(REPOSITORY, "packages", name);
    const to = path.join(copy, "packages", name);
    await cp(from, to, {
      recursive: true,
      filter: (source) => !COLD.has(path.basename(source)) || path.dirname(source) !== from,
    });
    await cp(path.join(from, "node_modules"), path.join(to, "node_modules"), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => !source.includes(`${path.sep}.vite`),
    });
  }
  return copy;
}
