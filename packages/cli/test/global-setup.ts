// The tests run the built CLI, which imports the built client and mock: say how to build them
// instead of failing with a module-not-found on a fresh clone.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { CLI } from "./paths.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder for the CLI's store, so that no test writes to ~/.local/state. */
    storeDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const require = createRequire(import.meta.url);
  const missing = [CLI, "@aimlapi-video/client", "@aimlapi-video/mock-server"].filter((target) => {
    if (target === CLI) return !existsSync(CLI);
    try {
      require.resolve(target);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `Not built yet: ${missing.join(", ")}. Run \`pnpm turbo run test --filter @aimlapi-video/cli\` (it builds what the tests need first), or \`pnpm build\` once at the repository root.`,
    );
  }
  const storeDir = mkdtempSync(path.join(tmpdir(), "cli-store-"));
  project.provide("storeDir", storeDir);
  return () => rmSync(storeDir, { recursive: true, force: true });
}
