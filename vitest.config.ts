import { defineConfig } from "vitest/config";

// Tests of the repository itself: the vendored specs, the bundle and the generators.
export default defineConfig({
  test: {
    include: ["specs/**/*.test.ts", "scripts/**/*.test.ts"],
  },
});
