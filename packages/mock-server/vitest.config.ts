import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    // The tests serve the spec from dist/, as the built package does: copy it there first.
    globalSetup: ["test/global-setup.ts"],
    // Starting Prism loads its libraries (about a second), slower on a busy 2-core machine; the
    // consumer test packs and installs the package.
    hookTimeout: 60_000,
    testTimeout: 60_000,
  },
});
