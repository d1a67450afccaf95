// A read-only npm registry on loopback that serves the packages this workspace already installed
// (node_modules/.pnpm), so that `npm install <tarballs>` resolves the mock's real dependencies by
// their declared ranges without reaching the internet.
import { execFile, spawn } from "node:child_process";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";

interface Manifest {
  name: string;
  version: string;
  [field: string]: unknown;
}

/** Every package in the workspace's virtual store, by name and version, with its folder. */
function storePackages(
  store: string,
): Map<string, Map<string, { dir: string; manifest: Manifest }>> {
  const byName = new Map<string, Map<string, { dir: string; manifest: Manifest }>>();
  for (const entry of readdirSync(store)) {
    const modules = path.join(store, entry, "node_modules");
    let names: string[];
    try {
      names = readdirSync(modules).flatMap((name) =>
        name.startsWith("@")
          ? readdirSync(path.join(modules, name)).map((sub) => `${name}/${sub}`)
          : [name],
      );
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = path.join(modules, name);
      // The package itself is a folder; its dependencies beside it are symbolic links.
      if (!lstatSync(dir).isDirectory()) continue;
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
      if (manifest.name !== name) continue;
      const versions = byName.get(name) ?? new Map();
      versions.set(manifest.version, { dir, manifest });
      byName.set(name, versions);
    }
  }
  return byName;
}

export interface LocalRegistry {
  url: string;
  /** Names npm asked for that the store does not hold. */
  missing: Set<string>;
  close(): Promise<void>;
}

export async function startRegistry(store: string): Promise<LocalRegistry> {
  const packages = storePackages(store);
  const missing = new Set<string>();
  let url = "";
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(`http://x${req.url}`).pathname);
    const tarball = /^\/-\/tarball\/(.+)\/([^/]+)\.tgz$/.exec(pathname);
    if (tarball) {
      const found = packages.get(tarball[1] ?? "")?.get(tarball[2] ?? "");
      if (!found) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const tar = spawn(
        "tar",
        ["-czf", "-", "--hard-dereference", "--transform", "s,^\\.,package,", "-C", found.dir, "."],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      tar.stdout.pipe(res);
      return;
    }
    const name = pathname.slice(1);
    const versions = packages.get(name);
    if (!versions) {
      missing.add(name);
      return res
        .writeHead(404, { "content-type": "application/json" })
        .end('{"error":"not found"}');
    }
    const entries = [...versions.values()].map(({ manifest }) => [
      manifest.version,
      {
        ...manifest,
        _id: `${name}@${manifest.version}`,
        dist: { tarball: `${url}/-/tarball/${encodeURIComponent(name)}/${manifest.version}.tgz` },
      },
    ]);
    const latest = [...versions.keys()].sort(compareVersions).at(-1);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ name, "dist-tags": { latest }, versions: Object.fromEntries(entries) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    missing,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * `npm install <specs>` (tarballs such as `./x.tgz`, or names from the store) into `project`, a
 * folder of its own outside the workspace, as a module project; offline, from a registry of the
 * workspace's store (`<workspace>/node_modules/.pnpm`), with no install scripts.
 */
export async function npmInstallOffline(
  project: string,
  workspace: string,
  specs: readonly string[],
): Promise<void> {
  await writeFile(
    path.join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await writeFile(path.join(project, "npmrc"), "");
  const registry = await startRegistry(path.join(workspace, "node_modules/.pnpm"));
  try {
    await promisify(execFile)(
      "npm",
      [
        "install",
        ...["--registry", registry.url, "--userconfig", path.join(project, "npmrc")],
        ...["--cache", path.join(project, ".npm-cache"), "--no-audit", "--no-fund"],
        ...["--no-update-notifier", "--ignore-scripts"],
        ...specs,
      ],
      // A proxy set for the machine must not stand between npm and the loopback registry.
      { cwd: project, env: { ...process.env, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" } },
    );
  } finally {
    await registry.close();
  }
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => Number(p) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
