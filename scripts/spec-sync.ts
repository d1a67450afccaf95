// `pnpm spec:sync <folder> [--dry-run] [--no-typecheck] [--root <dir>]`: takes the vendor's folder
// of video model specs (docs/api-references/video-models/ of a checkout of aimlapi/api-docs) in one
// go, regenerates, reports the API changes and writes one changeset. See CONTRIBUTING.md.
import path from "node:path";
import { parseArgs } from "node:util";
import { syncSpecs } from "./lib/spec-sync.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  allowNegative: true,
  options: {
    "dry-run": { type: "boolean", default: false },
    // --no-typecheck: for a copy of the repository without the packages' dependencies.
    typecheck: { type: "boolean", default: true },
    root: { type: "string", default: path.resolve(import.meta.dirname, "..") },
  },
});

const [folder, ...extra] = positionals;
if (!folder || extra.length) {
  console.error(
    "usage: pnpm spec:sync <the vendor's video-models folder, or a checkout of aimlapi/api-docs> [--dry-run] [--no-typecheck] [--root <dir>]",
  );
  process.exit(2);
}

try {
  process.exitCode = await syncSpecs({
    root: path.resolve(values.root),
    folder,
    dryRun: values["dry-run"],
    typecheck: values.typecheck,
  });
} catch (error) {
  console.error(`error: ${(error as Error).message}\nNothing was changed.`);
  process.exitCode = 1;
}
