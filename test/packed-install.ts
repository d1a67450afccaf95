// The workspace's public packages as another project gets them: each packed with `pnpm pack`
// (dist/ as built) and installed with `npm install <tarballs>` into a folder outside the
// workspace. Offline: npm resolves their declared dependencies from a loopback registry serving the
// packages this workspace already installed (as the mock-server's consumer test installs it).
import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { npmInstallOffline } from "../packages/mock-server/test/support-registry.ts";

const run = promisify(execFile);
export const root = path.resolve(import.meta.dirname, "..");

export interface PublicPackage {
  name: string;
  dir: string;
  /** The entry points that declare types (`exports` keys with a `types` condition): ".", "./node"… */
  typedEntries: string[];
}

/** Every package of packages/ that is not private, with its typed entry points. */
export async function publicPackages(): Promise<PublicPackage[]> {
  const found: PublicPackage[] = [];
  for (const folder of (await readdir(path.join(root, "packages"))).sort()) {
    const dir = path.join(root, "packages", folder);
    const manifest = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as {
      name: string;
      private?: boolean;
      exports?: Record<string, unknown>;
    };
    if (manifest.private) continue;
    const typedEntries = Object.entries(manifest.exports ?? {})
      .filter(([, target]) => typeof target === "object" && target !== null && "types" in target)
      .map(([entry]) => entry);
    found.push({ name: manifest.name, dir, typedEntries });
  }
  return found;
}

/**
 * Packs `packages` into `project` and installs them there with npm, with `extra` names from the
 * workspace's store (`@types/node@20.19.43`). Packing takes dist/ as it is, never rebuilding it:
 * it must have been built (turbo builds every package before `test:repo`).
 */
export async function installPacked(
  project: string,
  packages: readonly PublicPackage[],
  extra: readonly string[] = [],
): Promise<void> {
  for (const { name, dir } of packages) {
    const built = await stat(path.join(dir, "dist")).catch(() => undefined);
    if (!built) throw new Error(`${name} has no dist/: run \`pnpm build\` first`);
    await run("pnpm", ["pack", "--pack-destination", project], { cwd: dir });
  }
  const tarballs = (await readdir(project)).filter((f) => f.endsWith(".tgz"));
  await npmInstallOffline(project, root, [...tarballs.map((t) => `./${t}`), ...extra]);
}
