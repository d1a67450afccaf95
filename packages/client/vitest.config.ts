import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The consumer test packs, compiles and runs a project; slow on a loaded 2-core machine.
    testTimeout: 60_000,
    // The bound tests collect garbage on purpose (test/gc-pressure.ts).
    execArgv: ["--expose-gc"],
    setupFiles: ["test/preload.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
