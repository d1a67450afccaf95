import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The bundled spec at the repository root; the mock serves it unless told otherwise. */
export const bundledSpecPath = fileURLToPath(
  new URL("../../../specs/bundled/aimlapi-video.openapi.json", import.meta.url),
);

/** Prism's CLI script, run with this process's own node rather than through a shell shim. */
export const prismCliPath = createRequire(import.meta.url).resolve("@stoplight/prism-cli");

/** Preloaded into Prism so that it dies with its parent, see exit-with-parent.cjs. */
export const exitWithParentPath = fileURLToPath(new URL("./exit-with-parent.cjs", import.meta.url));
