// What each public package ships, as `pnpm pack` lists it: its built dist/ once (no TypeScript
// sources beside it, no source maps), its README and manifest, and what it reads at run time. Each
// package's README says why, under "What the package ships".
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { type PublicPackage, publicPackages } from "./packed-install.ts";

/** What a package ships outside dist/, besides its README and manifest. */
const BESIDE_DIST: Record<string, string[]> = {
  "@aimlapi-video/types": [],
  "@aimlapi-video/client": [],
  // The video every completed generation serves, and the script that made it.
  "@aimlapi-video/mock-server": ["fixtures/make-sample-video.sh", "fixtures/sample.mp4"],
  "@aimlapi-video/tracker": [],
  "@aimlapi-video/cli": [],
};

let packages: PublicPackage[];
beforeAll(async () => {
  packages = await publicPackages();
});

async function packed(dir: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)("pnpm", ["pack", "--dry-run", "--json"], {
    cwd: dir,
  });
  return (JSON.parse(stdout) as { files: { path: string }[] }).files.map((f) => f.path).sort();
}

describe("what each public package ships", () => {
  it("knows every public package", () => {
    expect(packages.map((p) => p.name).sort()).toEqual(Object.keys(BESIDE_DIST).sort());
  });

  it.each(Object.keys(BESIDE_DIST))(
    "%s: dist/ without source maps, its README and manifest, nothing else",
    async (name) => {
      const dir = packages.find((p) => p.name === name)?.dir;
      if (!dir) throw new Error(`${name} is not in packages/`);
      const files = await packed(dir);
      expect(files.filter((f) => !f.startsWith("dist/"))).toEqual(
        ["README.md", "package.json", ...(BESIDE_DIST[name] ?? [])].sort(),
      );
      expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
      expect(files.filter((f) => f.startsWith("dist/")).length).toBeGreaterThan(0);
    },
  );
});
