import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts real Prism processes; on a busy 2-core machine that can take seconds.
    hookTimeout: 30_000,
    testTimeout: 30_000,
  },
});
