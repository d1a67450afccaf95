import { fileURLToPath } from "node:url";

// src/ and dist/ are both one level below the package root, so these resolve the same from the
// TypeScript sources (tests) and from the built package (what a consumer installs).

/**
 * The bundled spec the mock serves by default. `pnpm build` copies it from the repository's
 * specs/bundled/ into dist/, so the installed package carries its own copy.
 */
export const bundledSpecPath = fileURLToPath(
  new URL("../dist/aimlapi-video.openapi.json", import.meta.url),
);

/** The small real MP4 served at every completed generation's `video.url` (see fixtures/). */
export const sampleVideoPath = fileURLToPath(new URL("../fixtures/sample.mp4", import.meta.url));
