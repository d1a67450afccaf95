// The cost the types add to a consumer's type check: a full `tsc --strict` program of a small
// file (bench/consumer.ts), standard library included, as in packages/types/README.md.
import path from "node:path";
import ts from "typescript";
import { bench, describe, expect } from "vitest";

const consumer = path.join(import.meta.dirname, "consumer.ts");
const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  types: [],
};

describe("tsc of a small consumer", () => {
  bench(
    "create a program and type-check it",
    () => {
      const program = ts.createProgram([consumer], options);
      const errors = ts.getPreEmitDiagnostics(program);
      expect(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n"))).toEqual([]);
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );
});
