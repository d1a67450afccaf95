// Installs the packed client and types into a scratch project outside the workspace with npm, as
// another service would. Offline: the client has no third-party dependency (openapi-fetch is
// bundled in), and npm's cache is a new, empty one. Used by the consumer test and by `pnpm size`'s
// footprint.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const packages = path.resolve(import.meta.dirname, "../..");

/** Packs types and client, installs them; resolves with the project. */
export async function installPacked(): Promise<string> {
  const project = await mkdtemp(path.join(tmpdir(), "consumer-"));
  for (const name of ["types", "client"]) {
    await run("pnpm", ["pack", "--pack-destination", project], { cwd: path.join(packages, name) });
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
