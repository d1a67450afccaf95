// `pnpm generate` rebuilds everything derived from specs/; `--check` only reports drift.
import path from "node:path";
import { parseArgs } from "node:util";
import { describeDrift, findDrift, renderArtifacts, writeArtifacts } from "./lib/artifacts.ts";

const { values } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    root: { type: "string", default: path.resolve(import.meta.dirname, "..") },
  },
});
const root = path.resolve(values.root);

const rendered = await renderArtifacts(root);
for (const action of rendered.unusedActions) {
  console.warn(
    `warning: ${action.overlay}: the action "${action.description ?? action.target}" found nothing at ${action.target}`,
  );
}
for (const failure of rendered.failures) {
  console.error(`error: cannot generate ${failure.path}: ${failure.message}`);
}
if (rendered.failures.length) process.exitCode = 1;

if (values.check) {
  const problem = describeDrift(await findDrift(root, rendered));
  if (problem) {
    console.error(problem);
    process.exitCode = 1;
  } else {
    console.log(`Generated files match specs/ (${rendered.artifacts.length} checked).`);
  }
} else {
  await writeArtifacts(root, rendered);
  console.log(`Generated ${rendered.artifacts.map((a) => a.path).join(", ")}.`);
}
