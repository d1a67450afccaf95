// Modules that import each other, even for types only or lazily, read in no order: the spec
// pipeline (scripts/) and the client's hand-written modules have no import circles.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const repository = path.resolve(import.meta.dirname, "..");

/** Every relative import of the `.ts` files under `dir` (static, type-only, re-exports, import()). */
async function importGraph(dir: string): Promise<Map<string, string[]>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !/\.(test|bench)\.ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes(`${path.sep}fixtures${path.sep}`));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = await readFile(file, "utf8");
    const targets = [
      ...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)["'](\.[^"']+)["']/gm),
    ]
      .map((m) => path.resolve(path.dirname(file), (m[1] as string).replace(/\.js$/, ".ts")))
      .filter((target) => files.includes(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The circles of the graph, each as the files around it, relative to the repository. */
function circles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") {
        const circle = [...stack.slice(stack.indexOf(next)), next];
        found.push(circle.map((f) => path.relative(repository, f)).join(" → "));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("import circles", () => {
  it("none in scripts/: openapi.ts → quirks.ts → bundle.ts → specs.ts → …, and the diff in parts", async () => {
    expect(circles(await importGraph(path.join(repository, "scripts")))).toEqual([]);
  });

  it("none between the client's hand-written modules (validate.ts, validate-issues.ts…)", async () => {
    const graph = await importGraph(path.join(repository, "packages/client/src"));
    // The generated files name the hand-written types they fill in; they are not laid out by hand.
    const generated = `${path.sep}generated${path.sep}`;
    const handWritten = circles(graph).filter((circle) => !circle.includes("/generated/"));
    expect(handWritten).toEqual([]);
    expect([...graph.keys()].some((f) => f.includes(generated))).toBe(true);
  });
});
