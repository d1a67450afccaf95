// Run by `pnpm build` after tsc: the generated modules under dist/generated/ (a validator per
// model body, the model catalog) are data compiled from the spec, not code anyone steps through,
// so they ship minified and without their declarations (no public type points into them). Each
// module is minified on its own: the lazy `import()` of each model's validator stays a chunk of
// its own. The hand-written modules are left as tsc wrote them, readable, for stack traces.
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
