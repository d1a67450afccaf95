import { readFile } from "node:fs/promises";
import path from "node:path";
import { openapiOverlay } from "openapi-format";

/** An OpenAPI document as plain JSON. Its shape is checked by the linter, not by this type. */
export type OpenApiDocument = Record<string, unknown> & {
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
};

export interface SourceDocument {
  file: string;
  origin: "vendor" | "authored";
  source: string;
  sha256?: string;
}

/** `specs/sources.json`: what the bundle is built from. */
export interface SourcesManifest {
  bundle: string;
  documents: SourceDocument[];
  overlays: string[];
}

type OverlayDocument = Parameters<typeof openapiOverlay>[1]["overlaySet"];

export interface UnusedOverlayAction {
  overlay: string;
  target: string;
  description?: string;
}

export interface BundleResult {
  bundle: OpenApiDocument;
  /** Overlay actions whose target matched nothing: an addition the specs no longer have a place for. */
  unusedActions: UnusedOverlayAction[];
}

export const specsDir = (root: string) => path.join(root, "specs");

/** Candidate contents by file name relative to specs/, read instead of the files on disk. */
export type SpecOverrides = Readonly<Record<string, string>>;

export function parseJson<T = unknown>(text: string, name: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function readJson<T = unknown>(file: string): Promise<T> {
  return parseJson<T>(await readFile(file, "utf8"), file);
}

export const readManifest = (root: string) =>
  readJson<SourcesManifest>(path.join(specsDir(root), "sources.json"));

/**
 * Merges the documents (paths and components; the first document's info and servers win)
 * and applies the overlays. Two documents defining the same operation or component is an error:
 * a silent winner would hide a vendor change. `overrides` lets `pnpm spec:update` bundle a
 * candidate file without writing it.
 */
export async function bundleSpecs(
  root: string,
  overrides: SpecOverrides = {},
): Promise<BundleResult> {
  const manifest = await readManifest(root);
  const [first, ...rest] = manifest.documents;
  if (!first) throw new Error("specs/sources.json lists no documents");
  const read = <T>(file: string) => {
    const override = overrides[file];
    return override === undefined
      ? readJson<T>(path.join(specsDir(root), file))
      : Promise.resolve(parseJson<T>(override, file));
  };

  const owner = new Map<string, string>();
  let bundle = await read<OpenApiDocument>(first.file);
  claim(owner, bundle, first.file);
  for (const doc of rest) {
    const next = await read<OpenApiDocument>(doc.file);
    claim(owner, next, doc.file);
    bundle = merge(bundle, next);
  }

  const unusedActions: UnusedOverlayAction[] = [];
  for (const file of manifest.overlays) {
    const overlaySet = await read<OverlayDocument>(file);
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
  return { bundle, unusedActions };
}

function claim(owner: Map<string, string>, doc: OpenApiDocument, file: string) {
  const keys = [
    ...Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${p}`),
    ),
    ...Object.entries(doc.components ?? {}).flatMap(([section, entries]) =>
      Object.keys(entries).map((name) => `components.${section}.${name}`),
    ),
  ];
  for (const key of keys) {
    const previous = owner.get(key);
    if (previous) throw new Error(`${key} is defined by both ${previous} and ${file}`);
    owner.set(key, file);
  }
}

function merge(base: OpenApiDocument, next: OpenApiDocument): OpenApiDocument {
  const paths = { ...base.paths };
  for (const [p, item] of Object.entries(next.paths ?? {})) paths[p] = { ...paths[p], ...item };
  const components = { ...base.components };
  for (const [section, entries] of Object.entries(next.components ?? {})) {
    components[section] = { ...components[section], ...entries };
  }
  return {
    ...base,
    paths,
    ...(Object.keys(components).length ? { components } : {}),
  };
}
