// Copies the repository's bundled spec into dist/, so that the built package serves its own copy
// and never reads the repository at run time. Run by `pnpm build` and before the tests. Written
// without indentation: the same document in half the bytes (the indented one is in the repository).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const from = fileURLToPath(
  new URL("../../../specs/bundled/aimlapi-video.openapi.json", import.meta.url),
);
const to = fileURLToPath(new URL("../dist/aimlapi-video.openapi.json", import.meta.url));
mkdirSync(fileURLToPath(new URL("../dist/", import.meta.url)), { recursive: true });
// Through a temporary file and a rename: a test reading the spec never sees half of it.
writeFileSync(`${to}.${process.pid}.tmp`, JSON.stringify(JSON.parse(readFileSync(from, "utf8"))));
renameSync(`${to}.${process.pid}.tmp`, to);
