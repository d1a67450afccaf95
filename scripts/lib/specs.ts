import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { openapiOverlay } from "openapi-format";
import {
  type Bundled,
  bundleDocuments,
  inspectDocument,
  type LoadedDocument,
  type ModelSource,
  type SkippedDocument,
} from "./bundle.ts";
import {
  type OpenApiDocument,
  type Origin,
  type QuirkWarning,
  showInvisible,
  withoutBom,
} from "./openapi.ts";

export type { ModelSource, OpenApiDocument, Origin, QuirkWarning, SkippedDocument };

/** A source document: where it comes from and, for a vendor file, its recorded checksum. */
export interface SourceDocument {
  /** Relative to specs/, with forward slashes. */
  file: string;
  origin: Origin;
  source?: string;
  sha256?: string;
}

/**
 * `specs/sources.json`. Every `*.json` under `folders` is a source document (the first folder's
 * origin is `vendor`, the others' `authored`); `documents` records where some came from and the
 * vendor files' sha256, which the tests check byte for byte.
 */
export interface SourcesManifest {
  bundle: string;
  folders: { path: string; origin: Origin }[];
  documents: SourceDocument[];
  overlays: string[];
}

type OverlayDocument = Parameters<typeof openapiOverlay>[1]["overlaySet"];

export interface UnusedOverlayAction {
  overlay: string;
  target: string;
  description?: string;
}

export interface BundleResult extends Pick<Bundled, "models" | "skipped" | "warnings"> {
  bundle: OpenApiDocument;
  /** Overlay actions whose target matched nothing: an addition the specs no longer have a place for. */
  unusedActions: UnusedOverlayAction[];
}

export const specsDir = (root: string) => path.join(root, "specs");

/**
 * Candidate contents by file name relative to specs/, read instead of the files on disk; a name
 * that is not on disk adds a document, and `null` removes one (how `spec:update` previews).
 */
export type SpecOverrides = Readonly<Record<string, string | null>>;

/** The JSON text as a value (a byte order mark before it ignored), or an error naming the file. */
export function parseJson<T = unknown>(text: string, name: string): T {
  try {
    return JSON.parse(withoutBom(text)) as T;
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${showInvisible((error as Error).message)}`);
  }
}

export async function readJson<T = unknown>(file: string): Promise<T> {
  return parseJson<T>(await readFile(file, "utf8"), file);
}

export const readManifest = (root: string) =>
  readJson<SourcesManifest>(path.join(specsDir(root), "sources.json"));

/**
 * Every source document with its text, in bundle order: folder by folder as sources.json lists
 * them (vendor first), files sorted by name within a folder.
 */
export async function loadSourceDocuments(
  root: string,
  overrides: SpecOverrides = {},
  manifest?: SourcesManifest,
): Promise<(LoadedDocument & SourceDocument)[]> {
  const { folders, documents } = manifest ?? (await readManifest(root));
  const loaded: (LoadedDocument & SourceDocument)[] = [];
  for (const folder of folders) {
    const onDisk = await readdir(path.join(specsDir(root), folder.path), { recursive: true }).catch(
      () => [] as string[],
    );
    const files = new Set(
      onDisk
        .filter((f) => f.endsWith(".json"))
        .map((f) => path.posix.join(folder.path, f.split(path.sep).join("/"))),
    );
    for (const file of Object.keys(overrides)) {
      if (file.startsWith(`${folder.path}/`) && file.endsWith(".json")) files.add(file);
    }
    for (const file of [...files].sort()) {
      const override = overrides[file];
      if (override === null) continue;
      const text = override ?? (await readFile(path.join(specsDir(root), file), "utf8"));
      const record = documents.find((d) => d.file === file);
      loaded.push({ ...record, file, origin: folder.origin, text });
    }
  }
  return loaded;
}

/** A source document and what it defines: the listing `spec:update` matches models against. */
export interface ListedDocument extends SourceDocument {
  /** The model ids its create body's `model` enum lists (empty for, say, the retrieve document). */
  models: string[];
  /** Why the bundle cannot use it, when it cannot. */
  skipped?: string;
}

/** Lists the source documents (after `overrides`) and the model ids each defines. */
export async function listSourceDocuments(
  root: string,
  overrides: SpecOverrides = {},
): Promise<ListedDocument[]> {
  return (await loadSourceDocuments(root, overrides)).map(({ text, ...doc }) => {
    const inspected = inspectDocument({ ...doc, text });
    return "reason" in inspected
      ? { ...doc, models: [], skipped: inspected.reason }
      : { ...doc, models: inspected.models };
  });
}

/**
 * Bundles the source documents (see bundle.ts for the rules) and applies the overlays.
 * `overrides` lets `pnpm spec:update` bundle a candidate file without writing it.
 */
export async function bundleSpecs(
  root: string,
  overrides: SpecOverrides = {},
): Promise<BundleResult> {
  const manifest = await readManifest(root);
  const { bundle: merged, ...report } = bundleDocuments(
    await loadSourceDocuments(root, overrides, manifest),
  );
  let bundle = merged;
  const unusedActions: UnusedOverlayAction[] = [];
  for (const file of manifest.overlays) {
    const override = overrides[file];
    const overlaySet =
      typeof override === "string"
        ? parseJson<OverlayDocument>(override, file)
        : await readJson<OverlayDocument>(path.join(specsDir(root), file));
    const { data, resultData } = await openapiOverlay(bundle, { overlaySet });
    bundle = data as OpenApiDocument;
    for (const action of resultData.unusedActions as UnusedOverlayAction[]) {
      unusedActions.push({
        overlay: file,
        target: action.target,
        ...(action.description ? { description: action.description } : {}),
      });
    }
  }
  return { bundle: withUniqueSecurity(bundle), unusedActions, ...report };
}

/**
 * An overlay's `update` appends to arrays (Overlay 1.0), so the SDK's bearer requirement lands a
 * second time on a bundle whose vendor file already declares it. Requirements are a set: keep each
 * once, at the root and on every operation.
 */
function withUniqueSecurity(bundle: OpenApiDocument): OpenApiDocument {
  const unique = (list: unknown) =>
    Array.isArray(list)
      ? list.filter(
          (item, i) =>
            list.findIndex((other) => JSON.stringify(other) === JSON.stringify(item)) === i,
        )
      : list;
  const paths = Object.fromEntries(
    Object.entries(bundle.paths ?? {}).map(([route, item]) => [
      route,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          operation && typeof operation === "object" && "security" in operation
            ? { ...operation, security: unique(operation.security) }
            : operation,
        ]),
      ),
    ]),
  );
  return { ...bundle, ...("security" in bundle && { security: unique(bundle.security) }), paths };
}
