import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Runs the whole demo, Prism included, as a child process.
    testTimeout: 60_000,
  },
});
