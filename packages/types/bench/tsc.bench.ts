// The cost the types add to a consumer's type check: a full `tsc --strict` program of a small
// file (bench/consumer.ts), standard library included, as in packages/types/README.md, beside
// the same program of a file without them (bench/baseline.ts: the standard library alone).
import path from "node:path";
import ts from "typescript";
import { bench, describe, expect } from "vitest";

const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  types: [],
};

/** Creates a program of `file` and type-checks it; fails on any error. */
function typeCheck(file: string) {
  const program = ts.createProgram([path.join(import.meta.dirname, file)], options);
  const errors = ts.getPreEmitDiagnostics(program);
  expect(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n"))).toEqual([]);
}

// The compiler's code warms up on both files first, so that neither pays for it alone.
typeCheck("baseline.ts");
typeCheck("consumer.ts");
// throws: a failed run fails the bench with its error (vitest alone prints NaN and exits 0).
const runs = { iterations: 5, time: 0, warmupIterations: 2, throws: true };

describe("tsc of a small consumer", () => {
  bench("baseline: a file without the types", () => typeCheck("baseline.ts"), runs);
  bench("a file that uses the types (consumer.ts)", () => typeCheck("consumer.ts"), runs);
});
