import { defineConfig } from "vitest/config";

// Tests of the repository itself: the vendored specs, the bundle and the generators; and of the
// packages as a consumer gets them (test/: packed and installed, the READMEs' snippets).
export default defineConfig({
  test: {
    include: ["specs/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    // These tests spawn the real CLI (in hooks too); on a loaded 2-core CI machine that can take
    // many seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
