// The declarations as they ship (dist/, after `pnpm build`): indented with tabs, not tsc's four
// spaces (scripts/indent-with-tabs.mjs), which were a third of the package's bytes.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";

const dist = path.resolve(import.meta.dirname, "../dist");

it.each(["index.d.ts", "generated/openapi.d.ts"])("%s is indented with tabs", async (file) => {
  const lines = (await readFile(path.join(dist, file), "utf8")).split("\n");
  expect(lines.filter((line) => line.startsWith("    "))).toEqual([]);
  expect(lines.some((line) => line.startsWith("\t"))).toBe(true);
});
