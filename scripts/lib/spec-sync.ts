// `pnpm spec:sync`: takes a whole folder of the vendor's specs (docs/api-references/video-models/ of
// a checkout of aimlapi/api-docs) in one go: adds, updates and removes models, one report, one
// changeset.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { applyPlan, type SpecPlan, type SpecRemoval, type SpecWrite } from "./spec-apply.ts";
import {
  documentModels,
  folderSource,
  inspectVendorFile,
  list,
  placeVendorFile,
  sizeWarning,
  VENDOR_FOLDER,
  type VendorFile,
} from "./spec-plan.ts";

export interface SyncOptions {
  root: string;
  /** The vendor's folder of video model specs, or the root of a checkout of aimlapi/api-docs. */
  folder: string;
  dryRun?: boolean;
  typecheck?: boolean;
  log?: (text: string) => void;
  /** For a folder that stands for another source (see spec-sync-api.ts): how to name and record it. */
  as?: SourceNaming;
}

/** How a folder's files are named in the report and recorded in specs/sources.json. */
export interface SourceNaming {
  /** The source, in the report's title and messages. */
  label: string;
  /** The address recorded for a file of the folder (default: the vendor's folder's). */
  sourceOf(rel: string): string;
  /** The file of the folder a recorded address stands for, or undefined if it is not this source's. */
  relOf(source: string): string | undefined;
  /** Each file's label in the report (default its path in the folder). */
  labelOf?(rel: string): string;
  /**
   * Old id → new id: models the source lists under a new id and still accepts under the old one.
   * A vendor document serving only such old ids stays (the old id keeps compiling).
   */
  aliases?: ReadonlyMap<string, string>;
  /** Our documents of models (authored/models/) the source does not list are removed too. */
  removesOurs?: boolean;
  /** Said when a removed model was in the source. */
  gone: string;
  changesetName: string;
  changesetIntro: string;
}

const FOLDER: Omit<SourceNaming, "label"> = {
  sourceOf: folderSource,
  relOf: (source) =>
    source.startsWith(folderSource("")) ? source.slice(folderSource("").length) : undefined,
  gone: "no longer in the folder",
  changesetName: "spec-sync",
  changesetIntro: "Follow the vendor's specs of its video models (aimlapi/api-docs).",
};

interface Usable extends VendorFile {
  /** Relative to the folder, with forward slashes. */
  rel: string;
  bytes: Buffer;
}

/** Syncs specs/ with the vendor's folder; resolves to the exit code. */
export async function syncSpecs(options: SyncOptions): Promise<number> {
  const { root, log = console.log } = options;
  const naming: SourceNaming = options.as ?? { label: options.folder, ...FOLDER };
  const labelOf = naming.labelOf ?? ((rel: string) => rel);
  const folder = await vendorFolder(options.folder);
  const skipped: { file: string; why: string }[] = [];
  const skip = (rel: string, why: string) => skipped.push({ file: rel, why });

  const usable: Usable[] = [];
  for (const rel of await jsonFiles(folder)) {
    const bytes = await readFile(path.join(folder, rel));
    try {
      const file = await inspectVendorFile(bytes.toString("utf8"), rel);
      if (file.models.length) usable.push({ ...file, rel, bytes });
      else skip(rel, "serves no model (no POST /v2/video/generations: a retrieve spec)");
    } catch (error) {
      skip(rel, (error as Error).message.replace(`${rel} `, ""));
    }
  }
  if (!usable.length) {
    throw new Error(
      options.as
        ? `${naming.label} gave no usable spec of a video model`
        : `${options.folder} holds no usable spec of a video model: give the ${VENDOR_FOLDER} folder of a checkout of aimlapi/api-docs`,
    );
  }
  const chosen = choose(usable, skip);
  const folderModels = new Set(usable.flatMap((u) => u.models));

  const documents = await documentModels(root);
  const writes: SpecWrite[] = [];
  const removals: SpecRemoval[] = [];
  const warnings: string[] = [];
  const renames: NonNullable<SpecPlan["renames"]> = [];
  let unchanged = 0;
  for (const file of chosen) {
    let place: ReturnType<typeof placeVendorFile>;
    try {
      place = placeVendorFile(documents, file, () => file.rel, labelOf(file.rel), {
        address: naming.sourceOf(file.rel),
        rel: file.rel,
      });
    } catch (error) {
      skip(file.rel, (error as Error).message.replace(`${file.rel} `, ""));
      continue;
    }
    const current = await readFile(path.join(root, "specs", place.file)).catch(() => undefined);
    const what = list(file.models);
    if (current?.equals(file.bytes)) unchanged++;
    else {
      const replacing = place.removes.length || place.keeps.length ? ", in place of ours" : "";
      const renamed = place.renamed
        ? `, renamed from "${place.renamed.from}"`
        : place.dropped.length
          ? `, no longer serving ${list(place.dropped)}`
          : "";
      writes.push({
        file: place.file,
        bytes: file.bytes,
        source: naming.sourceOf(file.rel),
        summary: `${current ? "updated" : "new"}: ${what} from ${labelOf(file.rel)}${current ? "" : replacing}${renamed}${current ? "" : aliasOf(file.models)}`,
      });
      if (place.renamed) renames.push({ ...place.renamed, file: place.file });
      const size = sizeWarning(file.rel, file.bytes.length, documents);
      if (size) warnings.push(size);
    }
    for (const d of place.removes) {
      removals.push({
        file: d.file,
        summary: `removed: ${what} served by specs/${place.file} now`,
      });
    }
    for (const d of place.keeps) {
      warnings.push(
        `specs/${d.file} stays (shadowed by specs/${place.file}): the vendor's file has no example body for ${list(d.models)}, ours supplies it`,
      );
    }
  }

  // A model we have from the vendor that the folder no longer has is gone from the API's docs.
  const unusable = new Set(skipped.map((s) => s.file));
  const kept: string[] = [];
  const written = new Set(writes.map((w) => w.file));
  for (const d of documents) {
    // A file overwritten by its new version (which may serve other models now) is not removed.
    // The API's own list is the truth: a model it no longer lists goes, our document for it too.
    const ours = naming.removesOurs && d.file.startsWith("authored/models/");
    if ((d.origin !== "vendor" && !ours) || !d.models.length || written.has(d.file)) continue;
    if (d.models.some((m) => folderModels.has(m))) continue;
    const aliased = d.models.filter((m) => naming.aliases?.has(m));
    if (aliased.length === d.models.length) {
      const to = aliased.map((m) => `"${m}" → "${naming.aliases?.get(m)}"`).join(", ");
      kept.push(to);
      warnings.push(
        `specs/${d.file} stays: renamed ${to}, the old id still accepted (an alias), so it keeps compiling`,
      );
      continue;
    }
    const rel = (d.source && naming.relOf(d.source)) ?? "";
    if (unusable.has(rel)) {
      warnings.push(
        `specs/${d.file} stays: its file in the ${options.as ? "source" : "folder"}, ${labelOf(rel)}, cannot be used now`,
      );
      continue;
    }
    removals.push({ file: d.file, summary: `removed: ${list(d.models)} ${naming.gone}` });
  }

  const counts = `${writes.length} written, ${removals.length} removed, ${unchanged} unchanged, ${skipped.length} skipped`;
  if (!writes.length && !removals.length) {
    log(`specs/ already matches ${naming.label} (${counts}): nothing to update.`);
    for (const w of warnings) log(`- ${w}`);
    for (const s of skipped) log(`- skipped ${s.file}: ${s.why}`);
    return 0;
  }
  const plan: SpecPlan = {
    title: `Sync of specs/ with ${naming.label} (${counts})`,
    writes,
    removals,
    skipped,
    warnings,
    renames,
    changesetName: naming.changesetName,
    // The changeset says which old ids still compile, and why.
    changesetIntro: kept.length
      ? `${naming.changesetIntro} Renamed by the API, the old id kept (the API still accepts it as an alias): ${kept.join(", ")}.`
      : naming.changesetIntro,
  };
  return applyPlan(root, plan, options);

  /** ", renamed from "old" (still accepted)" for a model the source lists with an old id as alias. */
  function aliasOf(models: string[]): string {
    const old = [...(naming.aliases ?? [])].filter(([, to]) => models.includes(to));
    return old.map(([from]) => `, renamed from "${from}" (still accepted: an alias)`).join("");
  }
}

/** The folder itself, or its video models folder when it is the root of a checkout. */
async function vendorFolder(folder: string): Promise<string> {
  const resolved = path.resolve(folder);
  const inCheckout = path.join(resolved, VENDOR_FOLDER);
  if (await isDirectory(inCheckout)) return inCheckout;
  if (await isDirectory(resolved)) return resolved;
  throw new Error(`${folder} is not a folder`);
}

const isDirectory = (dir: string) =>
  stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** Every `*.json` file under the folder, relative, sorted; the vendor's Markdown pages are not specs. */
async function jsonFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".json"))
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * One file per model. The vendor publishes some models in several files: the first of identical
 * ones is taken, and a model whose files differ is left as it is for a maintainer to settle.
 */
function choose(usable: Usable[], skip: (rel: string, why: string) => void): Usable[] {
  const byModel = new Map<string, Usable[]>();
  for (const u of usable) {
    for (const m of u.models) byModel.set(m, [...(byModel.get(m) ?? []), u]);
  }
  const rejected = new Map<Usable, string>();
  for (const [model, files] of byModel) {
    const [first, ...twins] = files as [Usable, ...Usable[]];
    const alike = twins.every((twin) => isDeepStrictEqual(twin.doc, first.doc));
    for (const file of alike ? twins : files) {
      const others = files.filter((f) => f !== file).map((f) => f.rel);
      rejected.set(
        file,
        alike
          ? `the same spec of "${model}" as ${first.rel}, which is taken`
          : `"${model}" is also in ${others.join(", ")}, differently: take one with pnpm spec:update`,
      );
    }
  }
  for (const [file, why] of rejected) skip(file.rel, why);
  return usable.filter((u) => !rejected.has(u));
}
