// The client must run wherever fetch exists: bundling it for the browser fails on any Node built-in.
import path from "node:path";
import { build } from "esbuild";
import { expect, it } from "vitest";

it.each(["index.ts", "download.ts", "media.ts"])(
  "%s bundles for the browser without Node built-ins",
  async (entry) => {
    const result = await build({
      entryPoints: [path.resolve(import.meta.dirname, "../src", entry)],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/\bfrom\s*["']node:|require\(["'](node:)?(fs|http|events|util)["']\)/);
    expect(code).not.toContain("process.env.");
  },
);
