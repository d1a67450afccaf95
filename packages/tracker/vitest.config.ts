import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The fleet tests start redis-server and worker processes; slow on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
