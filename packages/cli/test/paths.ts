import path from "node:path";

/** The built CLI the tests run. */
export const CLI = path.resolve(import.meta.dirname, "../dist/cli.js");
