// Run by `pnpm build` last, on what tsc wrote: every file an install holds takes at least a 4 kB
// block, so the hand-written modules ship bundled, one file per entry point of package.json's
// `exports` plus the chunks those share and those loaded lazily (esbuild's code splitting), and
// openapi-fetch is bundled in rather than installed beside the client. Not minified: a stack
// trace names the SDK's functions, on lines a reader can follow. The generated modules stay files
// of their own (minified, each body schema chunk loaded on first use), imported as they are.
//
// The declarations stay tsc's, one per module; `client.raw`'s type comes from openapi-fetch's
// own declarations (and openapi-typescript-helpers'), copied beside them with their license.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const entryPoints = Object.values(manifest.exports)
  .filter((target) => typeof target === "object")
  .map((target) => path.join(dist, path.relative("./dist", target.default)));

// openapi-fetch's folder, and openapi-typescript-helpers' beside it (a dependency of it).
const require = createRequire(import.meta.url);
const fetchDir = path.dirname(path.dirname(require.resolve("openapi-fetch")));
const helpersDir = path.dirname(
  path.dirname(
    createRequire(path.join(fetchDir, "package.json")).resolve("openapi-typescript-helpers"),
  ),
);
const about = (dir) => JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
/** A package's license in full, atop the copy of its declarations. */
const notice = (dir) =>
  `/*\n${about(dir).name} ${about(dir).version}, copied into @aimlapi-video/client.\n\n${readFileSync(path.join(dir, "LICENSE"), "utf8").trim()}\n*/\n`;
/** Its short form atop its code, kept by bundlers (`/*!`): that code ships in browser bundles. */
const banner = (dir) =>
  `/*! ${about(dir).name} ${about(dir).version} | MIT License | ${readFileSync(path.join(dir, "LICENSE"), "utf8").match(/Copyright .*/)[0]} | full text: @aimlapi-video/client/dist/openapi-fetch.d.ts */\n`;

const { metafile } = await build({
  entryPoints,
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  mainFields: ["module", "main"],
  conditions: ["import", "default"],
  external: ["node:*"],
  legalComments: "inline",
  metafile: true,
  logLevel: "warning",
  plugins: [
    {
      name: "generated-apart",
      setup(b) {
        b.onResolve({ filter: /^\.\/generated\// }, (args) => ({
          path: args.path,
          external: true,
        }));
        // openapi-fetch's notice travels with its code.
        b.onLoad({ filter: /openapi-fetch[\\/]dist[\\/]index\.mjs$/ }, (args) => ({
          contents: banner(fetchDir) + readFileSync(args.path, "utf8"),
          loader: "js",
        }));
      },
    },
  ],
});

// The modules now inside the bundle go; the bundle's files and the generated ones stay.
const written = new Set(Object.keys(metafile.outputs).map((f) => path.resolve(f)));
for (const file of readdirSync(dist)) {
  const full = path.join(dist, file);
  if (file.endsWith(".js") && !written.has(full)) rmSync(full);
}

// openapi-fetch's declarations beside ours, which name it by a relative path.
const declarations = (dir) => readFileSync(path.join(dir, "dist/index.d.mts"), "utf8");
writeFileSync(
  path.join(dist, "openapi-fetch.d.ts"),
  notice(fetchDir) +
    declarations(fetchDir).replace(
      /from 'openapi-typescript-helpers'/,
      'from "./openapi-typescript-helpers.js"',
    ),
);
writeFileSync(
  path.join(dist, "openapi-typescript-helpers.d.ts"),
  notice(helpersDir) + declarations(helpersDir),
);
for (const file of readdirSync(dist).filter((f) => f.endsWith(".d.ts"))) {
  const full = path.join(dist, file);
  const text = readFileSync(full, "utf8");
  const local = text.replaceAll('from "openapi-fetch"', 'from "./openapi-fetch.js"');
  if (local !== text) writeFileSync(full, local);
}
