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

const rendered = await renderArtifacts(root).catch((error: Error) => {
  // A conflict between two documents is the maintainer's to resolve: its message, not a stack.
  console.error(`error: ${error.message}`);
  process.exit(1);
});
for (const skipped of rendered.skipped) {
  console.warn(`warning: skipped specs/${skipped.file}: ${skipped.reason}`);
}
for (const warning of rendered.warnings) {
  console.warn(`warning: specs/${warning.file} ${warning.path}: ${warning.message}`);
}
const fromVendor = rendered.models.filter((m) => m.origin === "vendor").length;
const replaced = rendered.models.filter((m) => m.shadowed.length).map((m) => m.id);
console.log(
  `${rendered.models.length} models: ${fromVendor} from vendor files, ${rendered.models.length - fromVendor} from ours.${replaced.length ? ` The vendor's file replaces ours for ${replaced.join(", ")}.` : ""}`,
);
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
  const dirs = new Set(rendered.artifacts.map((a) => path.posix.dirname(a.path)));
  console.log(`Generated ${rendered.artifacts.length} files in ${[...dirs].join(", ")}.`);
}
