// `pnpm spec:sync <folder> [--dry-run] [--no-typecheck] [--root <dir>]`: takes the vendor's folder
// of video model specs (docs/api-references/video-models/ of a checkout of aimlapi/api-docs) in one
// go, regenerates, reports the API changes and writes one changeset. `pnpm spec:sync --from-api
// [base-url]` takes the live catalogue instead (GET /v1/models and each model's docsJson; default
// https://api.aimlapi.com). See CONTRIBUTING.md.
import path from "node:path";
import { parseArgs } from "node:util";
import { syncSpecs } from "./lib/spec-sync.ts";
import { DEFAULT_API, syncFromApi } from "./lib/spec-sync-api.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  allowNegative: true,
  options: {
    "dry-run": { type: "boolean", default: false },
    "from-api": { type: "boolean", default: false },
    // --no-cache: with --from-api, fetch every answer whole (no conditional requests).
    cache: { type: "boolean", default: true },
    // --no-typecheck: for a copy of the repository without the packages' dependencies.
    typecheck: { type: "boolean", default: true },
    root: { type: "string", default: path.resolve(import.meta.dirname, "..") },
  },
});

const [folder, ...extra] = positionals;
if ((!folder && !values["from-api"]) || extra.length) {
  console.error(
    `usage: pnpm spec:sync <the vendor's video-models folder, or a checkout of aimlapi/api-docs> [--dry-run] [--no-typecheck] [--root <dir>]
       pnpm spec:sync --from-api [the API's base URL, default ${DEFAULT_API}] [--no-cache] [--dry-run] [--no-typecheck] [--root <dir>]`,
  );
  process.exit(2);
}

try {
  const common = {
    root: path.resolve(values.root),
    dryRun: values["dry-run"],
    typecheck: values.typecheck,
  };
  process.exitCode = values["from-api"]
    ? await syncFromApi({
        ...common,
        base: folder ?? DEFAULT_API,
        ...(values.cache ? {} : { cacheDir: false as const }),
      })
    : await syncSpecs({ ...common, folder: folder as string });
} catch (error) {
  console.error(`error: ${(error as Error).message}\nNothing was changed.`);
  process.exitCode = 1;
}
