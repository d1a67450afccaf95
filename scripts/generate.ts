// `pnpm generate` rebuilds everything derived from specs/; `--check` only reports drift.
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeDrift, findDrift, renderArtifacts } from "./lib/artifacts.ts";

const { values } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    root: { type: "string", default: path.resolve(import.meta.dirname, "..") },
  },
});
const root = path.resolve(values.root);

const { artifacts, unusedActions } = await renderArtifacts(root);
for (const action of unusedActions) {
  console.warn(
    `warning: ${action.overlay}: the action "${action.description ?? action.target}" found nothing at ${action.target}`,
  );
}

const drift = await findDrift(root, artifacts);

if (values.check) {
  const problem = describeDrift(drift);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  console.log(`Generated files match specs/ (${artifacts.length} checked).`);
} else {
  for (const file of drift.unexpected) await rm(path.join(root, file));
  for (const artifact of artifacts) {
    const target = path.join(root, artifact.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, artifact.content);
  }
  console.log(`Generated ${artifacts.map((a) => a.path).join(", ")}.`);
}
