// Installs the packed client and types into a scratch project outside the workspace with npm, as
// another service would. Offline: the third-party dependencies are packed from this workspace,
// and npm's cache is a new, empty one. Used by the consumer test and by `pnpm size`'s footprint.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, realpath, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const packages = path.resolve(import.meta.dirname, "../..");

/** Packs types and client (and what they depend on), installs them; resolves with the project. */
export async function installPacked(): Promise<string> {
  const project = await mkdtemp(path.join(tmpdir(), "consumer-"));
  for (const name of ["types", "client"]) {
    await run("pnpm", ["pack", "--pack-destination", project], { cwd: path.join(packages, name) });
  }
  // Copied first: pnpm's store hard-links identical files, which npm's tarballs then lose.
  const openapiFetch = await realpath(path.join(packages, "client/node_modules/openapi-fetch"));
  const thirdParty = [openapiFetch, path.join(openapiFetch, "../openapi-typescript-helpers")];
  for (const [i, dir] of thirdParty.entries()) {
    const copy = path.join(project, "third-party", String(i));
    await cp(dir, copy, { recursive: true, dereference: true });
    await run("npm", ["pack", "--silent", copy], { cwd: project });
  }
  await writeFile(
    path.join(project, "package.json"),
    JSON.stringify({ type: "module", private: true }),
  );
  const tarballs = (await readdir(project)).filter((f) => f.endsWith(".tgz")).map((f) => `./${f}`);
  await run(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--cache", ".npm-cache", ...tarballs],
    { cwd: project },
  );
  return project;
}
