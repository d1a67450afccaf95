// A package's `pnpm build`: tsc -p tsconfig.build.json into dist/, then removes from dist/ what
// this build did not write (a module since deleted, the source maps of an older build), so that
// the package ships what its sources make and nothing else. dist/ is never emptied first: the
// packages, tests and benches that import it never find it missing while it builds.
//
//   node ../../scripts/build-dist.mjs [--keep <file in dist/>]…   (a file a later step writes)
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const keep = process.argv.flatMap((arg, i, all) =>
  all[i - 1] === "--keep" ? [path.resolve("dist", arg)] : [],
);
const tsc = createRequire(path.resolve("package.json")).resolve("typescript/bin/tsc");
let listed;
try {
  listed = execFileSync(
    process.execPath,
    [tsc, "-p", "tsconfig.build.json", "--listEmittedFiles"],
    {
      encoding: "utf8",
    },
  );
} catch (error) {
  process.stdout.write(error.stdout ?? "");
  process.stderr.write(error.stderr ?? "");
  process.exit(error.status ?? 1);
}
const written = new Set([
  ...keep,
  ...listed
    .split("\n")
    .filter((line) => line.startsWith("TSFILE: "))
    .map((line) => path.resolve(line.slice("TSFILE: ".length).trim())),
]);
if (written.size === keep.length)
  throw new Error("tsc wrote nothing: is tsconfig.build.json's outDir dist?");

/** Removes the files under `dir` tsc did not write, then `dir` itself if that left it empty. */
function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) prune(file);
    else if (!written.has(file)) rmSync(file);
  }
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}
prune(path.resolve("dist"));
