// Where a vendor file goes in specs/: found by the models it serves, never by its paths alone.
import path from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { inspectDocument } from "./bundle.ts";
import {
  type ListedDocument,
  listSourceDocuments,
  loadSourceDocuments,
  type OpenApiDocument,
  parseJson,
} from "./specs.ts";

/** A source document of specs/ with the models it serves, its operations and its size. */
export interface DocumentModels extends ListedDocument {
  /** As `POST /path`. */
  operations: string[];
  /** In bytes, to tell a document far larger than the usual. */
  size: number;
}

export async function documentModels(root: string): Promise<DocumentModels[]> {
  const texts = new Map((await loadSourceDocuments(root)).map((d) => [d.file, d.text]));
  return (await listSourceDocuments(root)).map((d) => {
    const text = texts.get(d.file) ?? "";
    let operations: string[] = [];
    try {
      operations = operationsOf(parseJson(text, d.file));
    } catch {
      // Not JSON: listSourceDocuments gives the reason in `skipped`.
    }
    return { ...d, operations, size: Buffer.byteLength(text) };
  });
}

export const operationsOf = (doc: OpenApiDocument) =>
  Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${p}`),
  );

export interface VendorFile {
  /** As the bundle reads it: the vendor's quirks normalised (see quirks.ts). */
  doc: OpenApiDocument;
  /** The models its create body serves; empty for a file without a create operation. */
  models: string[];
}

let structConfig: ReturnType<typeof createConfig> | undefined;

/**
 * The text as a spec the bundle can use, or an error saying why not: not JSON, not OpenAPI 3.x,
 * a legacy per-vendor path, a create body without a `model` enum, or a structure the OpenAPI
 * linter refuses once the vendor's known quirks are normalised.
 */
export async function inspectVendorFile(text: string, name: string): Promise<VendorFile> {
  const json = parseJson<OpenApiDocument>(text, name);
  const version = typeof json === "object" && json !== null ? json.openapi : undefined;
  if (typeof version !== "string" || !/^3\.\d+\.\d+/.test(version)) {
    throw new Error(`${name} is not an OpenAPI 3.x document: it has no "openapi": "3.x.y" field`);
  }
  const inspected = inspectDocument({ file: name, origin: "vendor", text });
  if ("reason" in inspected) throw new Error(`${name} cannot be used: ${inspected.reason}`);
  const { parsed, models } = inspected;
  structConfig ??= createConfig({ rules: { struct: "error", "no-unresolved-refs": "error" } });
  const config = await structConfig;
  const source = JSON.stringify(parsed.doc);
  const problems = (await lintFromString({ source, absoluteRef: name, config })).filter(
    // OpenAPI 3.0 requires a description on every response; the vendor omits them, the overlay adds ours.
    (p) => !p.message.startsWith("The field `description` must be present"),
  );
  if (problems.length) {
    const lines = problems.map((p) => `  ${p.location[0]?.pointer ?? "#/"}: ${p.message}`);
    throw new Error(`${name} is not valid OpenAPI ${version}:\n${lines.join("\n")}`);
  }
  return { doc: parsed.doc, models };
}

/** Where a vendor file that serves `models` is stored, and what it does to the documents of specs/. */
export interface Placement {
  /** Relative to specs/. */
  file: string;
  /** The document at `file` it overwrites, if any. */
  overwrites?: DocumentModels;
  /** The documents it replaces, removed. */
  removes: DocumentModels[];
  /**
   * Our documents for its models that stay, shadowed: the vendor's file has no example body, and
   * the mock and the contract tests need one per model (the bundle takes ours when it fits).
   */
  keeps: DocumentModels[];
  /** Models the earlier version of the same file served and this one does not: removed. */
  dropped: string[];
  /** A model of the earlier version that this one serves under another id (one for one). */
  renamed?: { from: string; to: string };
}

/**
 * A vendor file replaces, model by model, every document (the vendor's or ours) that serves one of
 * its models: it takes the place of the vendor's file for them, or goes to `vendor/<name>`. A
 * document that also serves a model the file does not is a conflict to settle by hand, unless it
 * is the same file's earlier version (the vendor document recorded from `address`): the vendor
 * renamed or dropped a model inside its file, and the new version replaces the old one whole.
 */
export function placeVendorFile(
  documents: DocumentModels[],
  file: VendorFile,
  /** The file's name under specs/vendor/ when it is new there. */
  nameFor: (replaced: DocumentModels[]) => string,
  label: string,
  /** Where the file comes from: its address as specs/sources.json records it (see addressOf), and
   * its path in the vendor's folder of video models, when known. */
  origin: { address?: string; rel?: string } = {},
): Placement {
  const { models } = file;
  // The same file's earlier version: recorded from the same address, or stored under its path.
  const earlier =
    documents.find((d) => d.origin === "vendor" && origin.address && d.source === origin.address) ??
    documents.find((d) => d.origin === "vendor" && origin.rel && d.file === `vendor/${origin.rel}`);
  const replaced = documents.filter(
    (d) => d === earlier || d.models.some((m) => models.includes(m)),
  );
  for (const d of replaced) {
    const others = d.models.filter((m) => !models.includes(m));
    if (others.length && d !== earlier) {
      throw new Error(
        `${label} serves ${list(models)} but specs/${d.file} also serves ${list(others)}, which it does not: replace specs/${d.file} with a file that serves all of them, or name the file it replaces with --target`,
      );
    }
  }
  const vendored = replaced.filter((d) => d.origin === "vendor");
  const overwrites = earlier ?? (vendored.length === 1 ? vendored[0] : undefined);
  const target = overwrites?.file ?? `vendor/${nameFor(replaced)}`;
  const holder = documents.find((d) => d.file === target);
  if (holder && !replaced.includes(holder)) {
    throw new Error(
      `${label} would be stored as specs/${target}, which serves ${list(holder.models) || "no model"}: name the file it replaces with --target`,
    );
  }
  const example = hasExampleBody(file.doc);
  const others = replaced.filter((d) => d !== overwrites);
  const dropped = overwrites?.models.filter((m) => !models.includes(m)) ?? [];
  const added = models.filter((m) => !overwrites?.models.includes(m));
  const [from] = dropped;
  const [to] = added;
  return {
    file: target,
    ...(overwrites ? { overwrites } : {}),
    removes: others.filter((d) => d.origin === "vendor" || example),
    keeps: others.filter((d) => d.origin !== "vendor" && !example),
    dropped,
    ...(from && to && dropped.length === 1 && added.length === 1 ? { renamed: { from, to } } : {}),
  };
}

/** Whether the create body (or its `$ref`) carries an `example`. */
function hasExampleBody(doc: OpenApiDocument): boolean {
  const post = doc.paths?.["/v2/video/generations"]?.post as
    | { requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> } }
    | undefined;
  let schema = post?.requestBody?.content?.["application/json"]?.schema;
  const ref = schema?.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    schema = doc.components?.schemas?.[ref.slice("#/components/schemas/".length)] as
      | Record<string, unknown>
      | undefined;
  }
  return schema?.example !== undefined;
}

export const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** Where the vendor keeps its video model specs in its documentation repository. */
export const VENDOR_FOLDER = "docs/api-references/video-models";

/** How specs/sources.json records a file of the vendor's folder (the folder's own address). */
export const folderSource = (rel: string) => `aimlapi/api-docs ${VENDOR_FOLDER}/${rel}`;

/** A source's path in the vendor's folder of video models, when it shows it (file or URL). */
export const inVendorFolder = (source: string) =>
  source
    .split(path.sep)
    .join("/")
    .replace(/[?#].*$/, "")
    .match(/\/video-models\/(.+\.json)$/i)?.[1];

/**
 * The file name under specs/vendor/ for a vendor file: its path in the vendor's folder of video
 * models when the source shows it, else the path of our document it replaces, else its name.
 */
export function vendorName(source: string, replaced: DocumentModels[]): string {
  const rel = inVendorFolder(source);
  if (rel) return rel;
  const ours = replaced.find((d) => d.file.startsWith("authored/models/"));
  return ours
    ? ours.file.slice("authored/models/".length)
    : path.basename(source.replace(/[?#].*$/, ""));
}

/**
 * The address to record for a source: a URL as it is, a file of a checkout of the vendor's folder
 * as that folder's; none for another local file (a path on one machine is no address).
 */
export function addressOf(source: string): string | undefined {
  if (isUrl(source)) return source;
  const rel = inVendorFolder(source);
  return rel ? folderSource(rel) : undefined;
}

export const list = (models: string[]) => models.map((m) => `"${m}"`).join(", ");

/** Twice the usual size is common; this much more is likely a generator's mistake at the vendor. */
const SIZE_FACTOR = 5;
const SIZE_LIMIT = 256 * 1024;

/** A warning when a document is far larger than the documents of specs/ usually are. */
export function sizeWarning(
  label: string,
  size: number,
  documents: DocumentModels[],
): string | undefined {
  const sizes = documents.map((d) => d.size).sort((a, b) => a - b);
  const median = sizes.length ? (sizes[Math.floor((sizes.length - 1) / 2)] as number) : 0;
  const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  if (size > SIZE_LIMIT)
    return `${label} is ${kB(size)}, over ${kB(SIZE_LIMIT)}: check it is only its models' spec`;
  if (median && size > SIZE_FACTOR * median) {
    return `${label} is ${kB(size)}, more than ${SIZE_FACTOR}× the median document in specs/ (${kB(median)}): check it is only its models' spec`;
  }
  return undefined;
}
