// `pnpm spec:update <url or file> [--target <file>] [--dry-run] [--no-typecheck] [--root <dir>]`:
// replaces one document of specs/ with its new version, regenerates, reports the API changes and
// writes the changeset. See CONTRIBUTING.md.
import path from "node:path";
import { parseArgs } from "node:util";
import { updateSpec } from "./lib/spec-update.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  allowNegative: true,
  options: {
    target: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    // --no-typecheck: for a copy of the repository without the packages' dependencies.
    typecheck: { type: "boolean", default: true },
    root: { type: "string", default: path.resolve(import.meta.dirname, "..") },
  },
});

const [source, ...extra] = positionals;
if (!source || extra.length) {
  console.error(
    "usage: pnpm spec:update <url or file> [--target <file in specs/>] [--dry-run] [--no-typecheck] [--root <dir>]",
  );
  process.exit(2);
}

try {
  process.exitCode = await updateSpec({
    root: path.resolve(values.root),
    source,
    target: values.target,
    dryRun: values["dry-run"],
    typecheck: values.typecheck,
  });
} catch (error) {
  console.error(`error: ${(error as Error).message}\nNothing was changed.`);
  process.exitCode = 1;
}
