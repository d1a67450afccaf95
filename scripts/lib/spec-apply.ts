// Applies a set of spec file changes (from `pnpm spec:update` or `pnpm spec:sync`) as one: they are
// bundled in memory, classified against the current bundle, reported, and only then written with
// the regenerated files and one changeset.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  describeDrift,
  findDrift,
  type Rendered,
  renderArtifacts,
  writeArtifacts,
} from "./artifacts.ts";
import { FileTransaction } from "./file-transaction.ts";
import { formatLike } from "./json-layout.ts";
import { type Bump, bumpFor, type Change, diffSpecs, type Severity } from "./spec-diff.ts";
import {
  type BundleResult,
  bundleSpecs,
  parseJson,
  readJson,
  type SourcesManifest,
  type SpecOverrides,
  specsDir,
} from "./specs.ts";

/** A file of specs/ that gets new content, stored byte-for-byte. */
export interface SpecWrite {
  /** Relative to specs/. */
  file: string;
  bytes: Buffer;
  /** Where it came from, recorded in specs/sources.json; the recorded one stays when absent. */
  source?: string;
  /** What happens to which models, for the report: "new model", "updated", "replaces ours"… */
  summary: string;
}

export interface SpecRemoval {
  file: string;
  summary: string;
}

export interface SpecPlan {
  /** The report's first line. */
  title: string;
  writes: SpecWrite[];
  removals: SpecRemoval[];
  /** Files of the source left out, with the reason. */
  skipped: { file: string; why: string }[];
  /** Things a maintainer should look at that do not stop the update (quirks, sizes…). */
  warnings: string[];
  /**
   * Models a vendor file renamed (its earlier version served `from`, this one serves `to`): a
   * removal and an addition, reported as one rename.
   */
  renames?: { from: string; to: string; file: string }[];
  /** The changeset's file name, without `.md`; a checksum of the new content is appended. */
  changesetName: string;
  /** The changeset's first paragraph. */
  changesetIntro: string;
}

export interface ApplyOptions {
  dryRun?: boolean;
  /** Type check the workspace packages against the new types (off for a bare copy of specs/). */
  typecheck?: boolean;
  log?: (text: string) => void;
}

/**
 * Bundles, reports and (unless a dry run) writes the plan; resolves to the exit code. All or
 * nothing: the plan is refused, with nothing written, when a generated file cannot be produced, and
 * any failure while writing or checking the result puts every file back as it was (and throws).
 */
export async function applyPlan(
  root: string,
  plan: SpecPlan,
  { dryRun = false, typecheck = true, log = console.log }: ApplyOptions = {},
): Promise<number> {
  const manifestFile = path.join(specsDir(root), "sources.json");
  const manifestText = await readFile(manifestFile, "utf8");
  const manifest = manifestWith(parseJson<SourcesManifest>(manifestText, manifestFile), plan);
  const overrides = overridesOf(plan);
  const before = await bundleSpecs(root);
  // Bundled apart from the rendering: a generator may annotate the bundle it is given.
  const after = await bundleSpecs(root, overrides);
  const rendered = await renderArtifacts(root, overrides);
  const changes = withRenames(diffSpecs(before.bundle, after.bundle), plan.renames ?? []);
  const bump = bumpFor(changes);
  log(report(plan, changes, bump, after, rendered));

  if (rendered.failures.length) {
    log(
      "Nothing was changed: the generated files above cannot be produced from the new spec. Adapt their generator in scripts/ (or the overlay) when the spec is right, then run this again.",
    );
    return 1;
  }
  if (dryRun) {
    log("Dry run: nothing was written.");
    return 0;
  }
  // Everything that can fail is computed before the first write.
  const note = bump && (await changeset(root, plan, changes, bump));
  const files = new FileTransaction(root);
  try {
    for (const w of plan.writes) await files.write(`specs/${w.file}`, w.bytes);
    for (const r of plan.removals) await files.remove(`specs/${r.file}`);
    // In its own layout (it is laid out by hand): only the records that change change.
    await files.write("specs/sources.json", formatLike(manifestText, manifest));
    await writeArtifacts(root, rendered, files);
    if (note) {
      const digest = createHash("sha256");
      for (const w of plan.writes) digest.update(w.file).update(w.bytes);
      for (const r of plan.removals) digest.update(r.file);
      const name = `.changeset/${plan.changesetName}-${digest.digest("hex").slice(0, 8)}.md`;
      await files.write(name, note);
    }
    // What `pnpm check:drift` will say: the files on disk now produce what was written.
    const problem = describeDrift(await findDrift(root, await renderArtifacts(root)));
    if (problem) throw new Error(problem);
  } catch (error) {
    const lost = await files.rollback();
    throw new Error(
      `${(error as Error).message}\n${
        lost.length
          ? `These could not be restored, check them: ${lost.join(", ")}`
          : "Every file was restored as it was."
      }`,
    );
  }
  const removed = files.changed("removed");
  if (removed.length) log(`Removed ${removed.join(", ")}.`);
  log(`Wrote ${files.changed("written").join(", ")}.`);

  if (!typecheck || !bump) return 0;
  log(`Type checking the packages against the new types (${TYPECHECK.join(" ")})…`);
  const result = await typecheckPackages(root);
  if (result.ok) {
    log("The packages compile against the new types.");
    return 0;
  }
  log(
    `${result.output.trimEnd()}\n\nThe type check FAILED: the packages do not compile against the new spec. The updated files are left in place: fix the client, run \`pnpm test\`, then commit with the changeset.`,
  );
  return 1;
}

/** The workspace's type check; each package's turbo task builds what it needs first. */
const TYPECHECK = ["pnpm", "exec", "turbo", "run", "typecheck", "--output-logs=errors-only"];

/** Runs the type check in `root`; its output is kept for the report, not streamed. */
function typecheckPackages(root: string): Promise<{ ok: boolean; output: string }> {
  const [command, ...args] = TYPECHECK as [string, ...string[]];
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ ok: false, output: `${output}${error.message}\n` }));
    child.on("close", (code) => resolve({ ok: code === 0, output }));
  });
}

/**
 * A model renamed inside its vendor file is, for a client, a removal and an addition (major): the
 * two changes become one that says so.
 */
export function withRenames(
  changes: Change[],
  renames: NonNullable<SpecPlan["renames"]>,
): Change[] {
  let result = changes;
  for (const { from, to, file } of renames) {
    const removal = result.find((c) => c.message === `model ${JSON.stringify(from)} removed`);
    const addition = result.find((c) => c.message === `new model ${JSON.stringify(to)}`);
    if (!removal || !addition) continue;
    result = result.flatMap((c) =>
      c === addition
        ? []
        : c === removal
          ? [
              {
                severity: "breaking" as const,
                location: c.location,
                message: `model ${JSON.stringify(from)} renamed ${JSON.stringify(to)} in specs/${file} (a removal and an addition: requests naming ${JSON.stringify(from)} must name ${JSON.stringify(to)})`,
              },
            ]
          : [c],
    );
  }
  return result;
}

/** The plan as the bundler's overrides: new contents by file, `null` for a removed file. */
function overridesOf(plan: SpecPlan): SpecOverrides {
  const overrides: Record<string, string | null> = {};
  for (const w of plan.writes) overrides[w.file] = w.bytes.toString("utf8");
  for (const r of plan.removals) overrides[r.file] = null;
  return overrides;
}

/**
 * specs/sources.json with the plan's records: a file in a vendor folder gets its checksum (and its
 * address when known); a removed file loses its record.
 */
function manifestWith(manifest: SourcesManifest, plan: SpecPlan): SourcesManifest {
  const removed = new Set(plan.removals.map((r) => r.file));
  const documents = manifest.documents.filter((d) => !removed.has(d.file));
  for (const w of plan.writes) {
    const origin = manifest.folders.find((f) => w.file.startsWith(`${f.path}/`))?.origin;
    const index = documents.findIndex((d) => d.file === w.file);
    const current = documents[index];
    const record = {
      ...(current ?? { file: w.file, origin: origin ?? "authored" }),
      ...(w.source ? { source: w.source } : {}),
      ...(origin === "vendor"
        ? { sha256: createHash("sha256").update(w.bytes).digest("hex") }
        : {}),
    };
    if (current) documents[index] = record;
    else if (origin === "vendor" || w.source) documents.push(record);
  }
  return { ...manifest, documents };
}

const WHY: Record<Bump, string> = {
  major: "a client's code or requests may break",
  minor: "additions",
  patch: "documentation only",
};

const SECTIONS: [Severity, string][] = [
  ["breaking", "Breaking"],
  ["flagged", "Flagged (minor, but exhaustive handling of these responses misses the new cases)"],
  ["non-breaking", "Added"],
  ["docs", "Documentation"],
];

/** The changes grouped by severity, as Markdown; the changeset's body too. */
export function describeChanges(changes: Change[]): string {
  return SECTIONS.flatMap(([severity, title]) => {
    const items = changes.filter((c) => c.severity === severity);
    if (!items.length) return [];
    return [`${title}:\n\n${items.map((c) => `- \`${c.location}\`: ${c.message}`).join("\n")}`];
  }).join("\n\n");
}

function report(
  plan: SpecPlan,
  changes: Change[],
  bump: Bump | undefined,
  after: BundleResult,
  rendered: Rendered,
) {
  const lines = [plan.title, ""];
  const files = [
    ...plan.writes.map((w) => `- specs/${w.file}: ${w.summary}`),
    ...plan.removals.map((r) => `- specs/${r.file}: ${r.summary}`),
  ];
  lines.push("Files:", "", ...files, "");
  if (plan.skipped.length) {
    lines.push("Skipped:", "", ...plan.skipped.map((s) => `- ${s.file}: ${s.why}`), "");
  }
  const written = new Set(plan.writes.map((w) => w.file));
  // A warning about a written file, or about the bundle because of one (its answers merged…).
  const concerns = (w: { file: string; message: string }) =>
    written.has(w.file) ||
    (w.file === "(bundle)" && [...written].some((f) => w.message.includes(f)));
  const warnings = [
    ...plan.warnings,
    ...after.warnings.filter(concerns).map((w) => `specs/${w.file} ${w.path}: ${w.message}`),
    ...after.skipped
      .filter((s) => written.has(s.file))
      .map((s) => `specs/${s.file} is not in the bundle: ${s.reason}`),
  ];
  if (warnings.length) lines.push("Warnings:", "", ...warnings.map((w) => `- ${w}`), "");
  if (!bump) lines.push("No API changes: no changeset is needed.");
  else {
    lines.push(`Bump: ${bump} (${WHY[bump]})`, "", describeChanges(changes));
    if (changes.some((c) => c.severity === "flagged")) {
      lines.push(
        "",
        "WARNING: flagged changes get a minor bump; check how the client handles them.",
      );
    }
  }
  if (after.unusedActions.length) {
    lines.push("", "Overlay actions that no longer find their target (move or drop them):");
    for (const a of after.unusedActions) {
      lines.push(`- ${a.overlay}: "${a.description ?? a.target}" at ${a.target}`);
    }
  }
  if (rendered.failures.length) {
    lines.push("", "Generated files the new spec cannot produce:");
    for (const f of rendered.failures) lines.push(`- ${f.path}: ${f.message}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The workspace's published packages, read from disk so a package added later is included. */
async function publishedPackages(root: string): Promise<string[]> {
  const dirs = await readdir(path.join(root, "packages")).catch(() => []);
  const names: string[] = [];
  for (const dir of dirs) {
    const manifest = await readJson<{ name?: string; private?: boolean }>(
      path.join(root, "packages", dir, "package.json"),
    ).catch(() => undefined);
    if (manifest?.name && !manifest.private) names.push(manifest.name);
  }
  return names.sort();
}

async function changeset(root: string, plan: SpecPlan, changes: Change[], bump: Bump) {
  const packages = await publishedPackages(root);
  if (!packages.length) throw new Error("No published package under packages/ to bump");
  const header = packages.map((name) => `"${name}": ${bump}`).join("\n");
  return `---\n${header}\n---\n\n${plan.changesetIntro}\n\n${describeChanges(changes)}\n`;
}
