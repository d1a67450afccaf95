// Run by `pnpm build` after tsc: the generated modules under dist/generated/ (the body schemas,
// a chunk per vendor, and the model catalog) are data compiled from the spec, not code anyone
// steps through, so they ship minified and without their declarations (no public type points into
// them). Each module is minified on its own: each vendor's schemas stay a lazy chunk of their own.
// The hand-written modules are left readable, for stack traces (bundle-dist.mjs bundles them).
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

const generated = fileURLToPath(new URL("../dist/generated/", import.meta.url));
for (const entry of readdirSync(generated, { recursive: true, encoding: "utf8" })) {
  const file = join(generated, entry);
  if (entry.endsWith(".d.ts")) rmSync(file);
  else if (entry.endsWith(".js")) {
    const { code } = transformSync(readFileSync(file, "utf8"), {
      minify: true,
      format: "esm",
      target: "es2022",
    });
    writeFileSync(file, code);
  }
}
