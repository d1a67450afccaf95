// `pnpm size`: what a service installs (the packed client and types with their dependencies, on
// disk), and what the client adds to a browser or edge bundle, minified and gzipped, each beside
// its budget in size-budget.json; `--check` (in `pnpm test`) fails when one is over. The body
// schemas are lazy chunks: the core is what loads up front; the first validation loads the id
// index and the checker, each vendor's schemas load the first time one of its models is checked,
// and the code that words the issues loads when a body first fails.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { type Budget, footprint, overBudget } from "./footprint.js";
import { installPacked } from "./test/packed-install.js";

const budget = JSON.parse(await readFile("size-budget.json", "utf8")) as Budget;
const measured: Record<string, number> = {};
/** The figure's line, its budget beside it; kept for the check. */
function report(name: string, value: number, text: string) {
  measured[name] = value;
  const limit = budget[name];
  console.log(`${text}${limit === undefined ? "" : ` (budget ${limit})`}`);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function bundle(entry: string, external: string[]) {
  const { outputFiles, metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    external,
    outdir: "size-out",
    write: false,
    metafile: true,
  });
  const gz = new Map(
    outputFiles.map((f) => [path.relative(process.cwd(), f.path), gzipSync(f.contents).length]),
  );
  return { gz, outputs: metafile.outputs };
}

/** The entry chunk and every chunk it imports statically: what loads before any call. */
function eager(outputs: Metafile["outputs"], entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === "import-statement") visit(i.path);
  };
  visit(entry);
  return [...seen];
}

async function measure(label: string, external: string[]) {
  const { gz, outputs } = await bundle("dist/index.js", external);
  const entry = Object.keys(outputs).find((f) => outputs[f]?.entryPoint === "dist/index.js");
  if (!entry) throw new Error("esbuild made no entry chunk");
  const core = eager(outputs, entry);
  const sum = (files: string[]) => files.reduce((n, f) => n + (gz.get(f) ?? 0), 0);
  const text = `${label}: core ${kb(sum(core))} gzipped (${core.length} chunk(s))`;
  report(`${label}: core kB gzipped`, +(sum(core) / 1024).toFixed(1), text);
  return { gz, outputs, core };
}

// openapi-fetch is bundled into the client's files: one figure, with it.
const { gz, outputs } = await measure("@aimlapi-video/client + openapi-fetch", []);

// Per vendor: the chunk of its models' schemas; the index (ids, loaders) and the checker load once.
// A lazy module is a file of dist/ of its own, named after it (body-schema-<hash>.js).
const chunkOf = (source: RegExp) =>
  Object.keys(outputs).find((f) =>
    Object.keys(outputs[f]?.inputs ?? {}).some((i) => source.test(i)),
  );
const index = chunkOf(/^dist\/generated\/validators\/index\.js$/);
const checker = chunkOf(/^dist\/body-schema-\w+\.js$/);
const vendors = Object.keys(outputs)
  .filter(
    (f) =>
      f !== index &&
      Object.keys(outputs[f]?.inputs ?? {}).some((i) => /\/validators\/(?!index)/.test(i)),
  )
  .map((f) => gz.get(f) ?? 0)
  .sort((a, b) => a - b);
const at = (q: number) =>
  vendors[Math.min(vendors.length - 1, Math.floor(q * vendors.length))] ?? 0;
const size = (chunk: string | undefined) => kb(chunk ? (gz.get(chunk) ?? 0) : 0);
console.log(
  `validation, loaded on first use: index ${size(index)} and checker ${size(checker)} once; per vendor's chunk of schemas (${vendors.length}) min ${kb(vendors[0] ?? 0)}, median ${kb(at(0.5))}, max ${kb(vendors.at(-1) ?? 0)} gzipped`,
);

const issues = chunkOf(/^dist\/validate-issues-\w+\.js$/);
console.log(
  `wording of a failed validation, loaded on the first failure: ${kb(issues ? (gz.get(issues) ?? 0) : 0)}`,
);

const catalog = await bundle("dist/models.js", []);
console.log(
  `@aimlapi-video/client/models (the catalog): ${kb([...catalog.gz.values()].reduce((a, b) => a + b, 0))} gzipped`,
);

// Installed from the packed tarballs with npm into an empty project, as a service would.
const project = await installPacked();
try {
  const installed = await footprint(path.join(project, "node_modules"));
  console.log("\ninstalled (client and types: nothing else), as du -sk counts it:");
  report("install: kB on disk", installed.onDiskKb, `  ${installed.onDiskKb} kB on disk`);
  report("install: files", installed.files, `  ${installed.files} files`);
  report("install: bytes", installed.bytes, `  ${installed.bytes} bytes`);
} finally {
  await rm(project, { recursive: true, force: true });
}

if (process.argv.includes("--check")) {
  const over = overBudget(measured, budget);
  if (over.length > 0) {
    console.error(`\nOver budget (size-budget.json):\n${over.map((l) => `  ${l}`).join("\n")}`);
    process.exitCode = 1;
  }
}
