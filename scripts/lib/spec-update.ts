import { readFile } from "node:fs/promises";
import path from "node:path";
import { applyPlan, type SpecPlan } from "./spec-apply.ts";
import {
  addressOf,
  type DocumentModels,
  documentModels,
  inspectVendorFile,
  inVendorFolder,
  isUrl,
  list,
  operationsOf,
  type Placement,
  placeVendorFile,
  sizeWarning,
  vendorName,
} from "./spec-plan.ts";
import type { OpenApiDocument } from "./specs.ts";

export interface UpdateOptions {
  root: string;
  /** A URL or a local file: the vendor's spec of one or more models, or a new version of a document. */
  source: string;
  /** The document it replaces, relative to specs/ (or with `specs/`); found by model when absent. */
  target?: string;
  dryRun?: boolean;
  /** Type check the workspace packages against the new types (off for a bare copy of specs/). */
  typecheck?: boolean;
  /** How long a download of a URL may take, headers and body together. */
  downloadTimeoutMs?: number;
  log?: (text: string) => void;
}

const DOWNLOAD_TIMEOUT_MS = 30_000;

/** Takes one spec file into specs/ and updates everything built from it; resolves to the exit code. */
export async function updateSpec(options: UpdateOptions): Promise<number> {
  const { root, source, log = console.log } = options;
  const bytes = await loadSource(source, options.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS);
  const file = await inspectVendorFile(bytes.toString("utf8"), source);
  const documents = await documentModels(root);
  const named = options.target ? namedTarget(documents, options.target) : undefined;
  const place: Placement = named
    ? { file: named.file, removes: [], keeps: [], dropped: [] }
    : file.models.length
      ? placeVendorFile(documents, file, (replaced) => vendorName(source, replaced), source, {
          address: addressOf(source),
          rel: inVendorFolder(source),
        })
      : { file: operationTarget(documents, file.doc, source), removes: [], keeps: [], dropped: [] };

  const current = await readFile(path.join(root, "specs", place.file)).catch(() => undefined);
  if (current?.equals(bytes) && !place.removes.length) {
    log(`specs/${place.file} already has this content: nothing to update.`);
    return 0;
  }
  const size = sizeWarning(source, bytes.length, documents);
  // Another local file keeps the address recorded for the document it updates.
  const address =
    addressOf(source) ?? (current ? undefined : `a local file, ${path.basename(source)}`);
  const dropped = named?.models.filter((m) => !file.models.includes(m)) ?? [];
  const serves = file.models.length ? `, serving ${list(file.models)}` : "";
  const renamed = place.renamed
    ? `; renamed from "${place.renamed.from}"`
    : place.dropped.length
      ? `; no longer serving ${list(place.dropped)}`
      : "";
  const plan: SpecPlan = {
    title: `Spec update of specs/${place.file} from ${source}`,
    writes: [
      {
        file: place.file,
        bytes,
        ...(address ? { source: address } : {}),
        summary: `${current ? "updated" : "new"}${serves}${renamed}`,
      },
    ],
    renames: place.renamed ? [{ ...place.renamed, file: place.file }] : [],
    removals: place.removes.map((d) => ({
      file: d.file,
      summary: `removed: specs/${place.file} serves ${list(d.models)} now`,
    })),
    skipped: [],
    warnings: [
      ...(size ? [size] : []),
      ...(dropped.length
        ? [`--target specs/${place.file} serves ${list(dropped)}, which ${source} does not`]
        : []),
      ...place.keeps.map(
        (d) =>
          `specs/${d.file} stays (shadowed by specs/${place.file}): the vendor's file has no example body for ${list(d.models)}, ours supplies it`,
      ),
    ],
    changesetName: `spec-update-${path.basename(place.file, ".json")}`,
    changesetIntro: file.models.length
      ? `Follow the vendor's spec of ${file.models.map((m) => `\`${m}\``).join(", ")}.`
      : `Follow the new version of \`specs/${place.file}\`.`,
  };
  return applyPlan(root, plan, options);
}

/** The source's bytes, exactly as published: they are stored without reformatting. */
async function loadSource(source: string, timeoutMs: number): Promise<Buffer> {
  if (!isUrl(source)) {
    // pnpm runs the script in the repository root: a relative path starts there.
    return readFile(path.resolve(source)).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`Cannot read ${source}: ${error.code ?? error.message}`);
    });
  }
  return download(source, timeoutMs);
}

/**
 * The URL's body, whole within `timeoutMs` (headers and body together), or an error that names
 * the URL and says how far it got: a server that stalls mid-body is not waited for forever.
 */
async function download(url: string, timeoutMs: number): Promise<Buffer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const within = `${timeoutMs / 1000} s`;
  const fail = (why: string) => new Error(`Cannot download ${url}: ${why}`);
  const reason = (error: unknown) => {
    const e = error as Error & { cause?: Error };
    return signal.aborted || e.name === "TimeoutError" || e.name === "AbortError"
      ? undefined
      : (e.cause?.message ?? e.message);
  };
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw fail(reason(error) ?? `no answer within ${within}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw fail(`the server answered ${response.status} ${response.statusText}`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    const reader = response.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
      chunks.push(read.value);
      received += read.value.length;
    }
  } catch (error) {
    const got = received ? `${received} bytes came, then nothing` : "its headers came, no body";
    throw fail(reason(error) ?? `no complete answer within ${within} (${got})`);
  }
  return Buffer.concat(chunks);
}

function namedTarget(documents: DocumentModels[], target: string): DocumentModels {
  const file = target
    .split(path.sep)
    .join("/")
    .replace(/^(\.\/)?specs\//, "");
  const doc = documents.find((d) => d.file === file);
  if (!doc) {
    throw new Error(
      `--target ${target} is not a source document of specs/ (a .json file under one of the folders that specs/sources.json lists)`,
    );
  }
  return doc;
}

/**
 * For a file that serves no model (the retrieve operations): the one document without models that
 * has any of its operations. The create operation is every model's, so it never decides alone.
 */
function operationTarget(documents: DocumentModels[], doc: OpenApiDocument, source: string) {
  const wanted = new Set(operationsOf(doc));
  const matches = documents.filter(
    (d) => !d.models.length && d.operations.some((op) => wanted.has(op)),
  );
  const [match, ...others] = matches;
  if (match && others.length === 0) return match.file;
  const why = match
    ? `holds operations of several documents (${matches.map((d) => d.file).join(", ")})`
    : `serves no model (its POST /v2/video/generations body has no \`model\` enum) and holds none of the operations of the other documents (it has ${[...wanted].join(", ") || "none"})`;
  throw new Error(`${source} ${why}: name the file it replaces with --target`);
}
