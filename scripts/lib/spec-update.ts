import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { type Rendered, renderArtifacts, writeArtifacts } from "./artifacts.ts";
import { type Bump, bumpFor, type Change, diffSpecs, type Severity } from "./spec-diff.ts";
import {
  bundleSpecs,
  type OpenApiDocument,
  parseJson,
  readJson,
  readManifest,
  type SourceDocument,
  specsDir,
} from "./specs.ts";

export interface UpdateOptions {
  root: string;
  /** A URL or a local file: the new version of one of the documents in specs/sources.json. */
  source: string;
  /** The document it replaces, relative to specs/ (or with `specs/`); inferred when absent. */
  target?: string;
  dryRun?: boolean;
  /** Type check the workspace packages against the new types (off for a bare copy of specs/). */
  typecheck?: boolean;
  log?: (text: string) => void;
}

const DOWNLOAD_TIMEOUT_MS = 30_000;

/** Updates one spec document and everything built from it; resolves to the exit code. */
export async function updateSpec(options: UpdateOptions): Promise<number> {
  const { root, source, dryRun = false, typecheck = true, log = console.log } = options;
  const bytes = await loadSource(source);
  const candidate = await parseOpenApi(bytes.toString("utf8"), source);
  const manifest = await readManifest(root);
  const target = options.target
    ? namedTarget(manifest.documents, options.target)
    : await inferTarget(root, manifest.documents, candidate, source);
  const targetPath = path.join(specsDir(root), target.file);

  if (bytes.equals(await readFile(targetPath))) {
    log(`specs/${target.file} already has this content: nothing to update.`);
    return 0;
  }
  const sourcesFile = path.join(specsDir(root), "sources.json");
  const sources =
    target.origin === "vendor" ? await checksummed(sourcesFile, target, bytes, source) : undefined;

  const before = await bundleSpecs(root);
  const rendered = await renderArtifacts(root, { [target.file]: bytes.toString("utf8") });
  const changes = diffSpecs(before.bundle, rendered.bundle);
  const bump = bumpFor(changes);
  log(report(target.file, source, changes, bump, rendered));

  if (dryRun) {
    log("Dry run: nothing was written.");
    return 0;
  }
  // Everything that can fail is computed before the first write.
  const note = bump && (await changeset(root, target.file, changes, bump));
  await writeFile(targetPath, bytes);
  if (sources) await writeFile(sourcesFile, sources);
  await writeArtifacts(root, rendered);
  const written = [`specs/${target.file}`, ...rendered.artifacts.map((a) => a.path)];
  if (sources) written.push("specs/sources.json");
  if (note) {
    const name = `.changeset/spec-update-${path.basename(target.file, ".json")}-${sha256(bytes).slice(0, 8)}.md`;
    await writeFile(path.join(root, name), note);
    written.push(name);
  }
  log(`Wrote ${written.join(", ")}.`);

  let code = rendered.failures.length ? 1 : 0;
  if (rendered.failures.length) {
    log(
      "The files above are updated, but some generated files are not: adapt their generator in scripts/ (and the client), then run `pnpm generate`.",
    );
  }
  if (typecheck && bump) {
    log("Type checking the packages against the new types (pnpm exec turbo run typecheck)…");
    const result = spawnSync("pnpm", ["exec", "turbo", "run", "typecheck"], {
      cwd: root,
      stdio: "inherit",
    });
    if (result.status !== 0) {
      log(
        "The type check FAILED: the packages do not compile against the new spec. The updated files are left in place: fix the client, run `pnpm test`, then commit with the changeset.",
      );
      code = 1;
    }
  }
  return code;
}

/** The source's bytes, exactly as published: they are stored without reformatting. */
async function loadSource(source: string): Promise<Buffer> {
  if (!isUrl(source)) {
    // pnpm runs the script in the repository root: a relative path starts there.
    return readFile(path.resolve(source)).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`Cannot read ${source}: ${error.code ?? error.message}`);
    });
  }
  let response: Response;
  try {
    response = await fetch(source, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    const e = error as Error & { cause?: Error };
    const why =
      e.name === "TimeoutError"
        ? `no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`
        : (e.cause?.message ?? e.message);
    throw new Error(`Cannot download ${source}: ${why}`);
  }
  if (!response.ok) {
    throw new Error(
      `Cannot download ${source}: the server answered ${response.status} ${response.statusText}`,
    );
  }
  return Buffer.from(await response.arrayBuffer());
}

/** The candidate as an OpenAPI 3.x document, or an error saying what is wrong with it. */
export async function parseOpenApi(text: string, name: string): Promise<OpenApiDocument> {
  const doc = parseJson<OpenApiDocument>(text, name);
  const version = typeof doc === "object" && doc !== null ? doc.openapi : undefined;
  if (typeof version !== "string" || !/^3\.\d+\.\d+/.test(version)) {
    throw new Error(`${name} is not an OpenAPI 3.x document: it has no "openapi": "3.x.y" field`);
  }
  const config = await createConfig({ rules: { struct: "error" } });
  const problems = (await lintFromString({ source: text, absoluteRef: name, config })).filter(
    // OpenAPI 3.0 requires a description on every response; the vendor omits them and the
    // overlay adds ours, so their absence is no reason to refuse the vendor's file.
    (p) => !p.message.startsWith("The field `description` must be present"),
  );
  if (problems.length) {
    const lines = problems.map((p) => `  ${p.location[0]?.pointer ?? "#/"}: ${p.message}`);
    throw new Error(`${name} is not valid OpenAPI ${version}:\n${lines.join("\n")}`);
  }
  return doc;
}

function namedTarget(documents: SourceDocument[], target: string): SourceDocument {
  const file = target
    .split(path.sep)
    .join("/")
    .replace(/^(\.\/)?specs\//, "");
  const doc = documents.find((d) => d.file === file);
  if (!doc) {
    throw new Error(
      `--target ${target} is not a document in specs/sources.json (${documents.map((d) => d.file).join(", ")})`,
    );
  }
  return doc;
}

const operationsOf = (doc: OpenApiDocument) =>
  Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${p}`),
  );

/** The one document that defines any of the candidate's operations. */
async function inferTarget(
  root: string,
  documents: SourceDocument[],
  candidate: OpenApiDocument,
  source: string,
): Promise<SourceDocument> {
  const wanted = new Set(operationsOf(candidate));
  const matches: SourceDocument[] = [];
  for (const doc of documents) {
    const current = await readJson<OpenApiDocument>(path.join(specsDir(root), doc.file));
    if (operationsOf(current).some((op) => wanted.has(op))) matches.push(doc);
  }
  const [match, ...others] = matches;
  if (match && others.length === 0) return match;
  const why = match
    ? `holds operations of several documents (${matches.map((d) => d.file).join(", ")})`
    : `holds none of the operations of specs/sources.json's documents (it has ${[...wanted].join(", ") || "none"})`;
  throw new Error(`${source} ${why}: name the file it replaces with --target`);
}

/** sources.json with the document's new checksum, changed in place to keep its layout. */
/** sources.json with the document's new checksum, and its new address when it was downloaded. */
async function checksummed(
  file: string,
  doc: SourceDocument,
  bytes: Buffer,
  source: string,
): Promise<string> {
  const text = await readFile(file, "utf8");
  if (!doc.sha256 || text.split(doc.sha256).length !== 2) {
    throw new Error(`specs/sources.json has no single sha256 for ${doc.file}; add it first`);
  }
  const updated = text.replace(doc.sha256, sha256(bytes));
  // Edited as text so that the file keeps its layout; a local file's path is no address to keep.
  const quoted = JSON.stringify(doc.source);
  return isUrl(source) && updated.split(quoted).length === 2
    ? updated.replace(quoted, JSON.stringify(source))
    : updated;
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

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
  file: string,
  source: string,
  changes: Change[],
  bump: Bump | undefined,
  rendered: Rendered,
): string {
  const lines = [`Spec update of specs/${file} from ${source}`, ""];
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
  if (rendered.unusedActions.length) {
    lines.push("", "Overlay actions that no longer find their target (move or drop them):");
    for (const a of rendered.unusedActions) {
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

async function changeset(root: string, file: string, changes: Change[], bump: Bump) {
  const packages = await publishedPackages(root);
  if (!packages.length) throw new Error("No published package under packages/ to bump");
  const header = packages.map((name) => `"${name}": ${bump}`).join("\n");
  return `---\n${header}\n---\n\nFollow the new version of \`specs/${file}\`.\n\n${describeChanges(changes)}\n`;
}
