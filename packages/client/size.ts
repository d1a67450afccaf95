// `pnpm size`: what the client adds to a browser or edge bundle, minified and gzipped.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

async function measure(label: string, external: string[]) {
  const { outputFiles } = await build({
    entryPoints: ["dist/index.js"],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    external,
    write: false,
  });
  const code = outputFiles[0]?.contents ?? new Uint8Array();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`${label}: ${kb(code.length)} minified, ${kb(gzipSync(code).length)} gzipped`);
}

await measure("@aimlapi-video/client", ["openapi-fetch"]);
await measure("@aimlapi-video/client + openapi-fetch", []);
