// `pnpm spec:sync --from-api [base-url]`: the live catalogue as the source. The API lists its video
// models at GET /v1/models (no key), each with `info.docsJson`, the URL of its OpenAPI document;
// the documents are fetched (a few at a time, each with a timeout) into a temporary folder laid
// out like the vendor's, which goes through the folder sync (spec-sync.ts): all or nothing.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { documentModels } from "./spec-plan.ts";
import { type SyncOptions, syncSpecs } from "./spec-sync.ts";

export const DEFAULT_API = "https://api.aimlapi.com";
/** The catalogue's type for the models of POST /v2/video/generations. */
export const VIDEO_MODEL_TYPE = "internal/video-generations/submit";
const CONCURRENCY = 4;
const TIMEOUT_MS = 30_000;

export interface ApiSyncOptions extends Omit<SyncOptions, "folder" | "as"> {
  /** The API's origin (default https://api.aimlapi.com). */
  base?: string;
  /** Per request, in milliseconds. */
  timeoutMs?: number;
  /** Documents fetched at once. */
  concurrency?: number;
  /**
   * Where the answers are kept with their ETag, for conditional requests next time (a 304 reuses
   * the kept body); default node_modules/.cache/spec-sync-api/ of the root, `false` for none.
   */
  cacheDir?: string | false;
  /** The fetch to use (a test counts the requests with it). */
  fetch?: typeof fetch;
}

/** Each URL's last answer with its ETag. */
type Cache = Record<string, { etag: string; body: string }>;

interface Fetcher {
  fetch: typeof fetch;
  timeoutMs: number;
  cache: Cache;
}

interface CatalogueEntry {
  id: string;
  aliases?: string[];
  type?: string;
  info?: { docsJson?: string };
}

/** Syncs specs/ with the API's catalogue of video models; resolves to the exit code. */
export async function syncFromApi(options: ApiSyncOptions): Promise<number> {
  const { log = console.log } = options;
  const base = (options.base ?? DEFAULT_API).replace(/\/+$/, "");
  const cacheFile =
    options.cacheDir === false
      ? undefined
      : path.join(
          options.cacheDir ?? path.join(options.root, "node_modules/.cache/spec-sync-api"),
          "answers.json",
        );
  const cached = cacheFile && (await readFile(cacheFile, "utf8").catch(() => undefined));
  const via: Fetcher = {
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
    cache: cached ? parseCache(cached) : {},
  };
  const listUrl = `${base}/v1/models?output_modalities=video&type=${encodeURIComponent(VIDEO_MODEL_TYPE)}`;
  const listed = await fetchJson<{ data?: CatalogueEntry[] }>(listUrl, via);
  if (!Array.isArray(listed.data)) throw new Error(`${listUrl} answered no "data" list`);
  // The filters are the server's; a model of another type is not a video model of this endpoint.
  const models = listed.data.filter(
    (m) => typeof m?.id === "string" && (m.type ?? VIDEO_MODEL_TYPE) === VIDEO_MODEL_TYPE,
  );
  if (!models.length) throw new Error(`${listUrl} lists no video model`);
  const docsOf = (m: CatalogueEntry) =>
    m.info?.docsJson ??
    `${base}/docs-json?model=${m.id}&endpoint=${encodeURIComponent(VIDEO_MODEL_TYPE)}`;

  // Renamed models: the old id a model lists as an alias, when specs/ has a model of that id.
  const ours = new Set((await documentModels(options.root)).flatMap((d) => d.models));
  const aliases = new Map<string, string>();
  for (const m of models) {
    for (const alias of m.aliases ?? []) if (ours.has(alias)) aliases.set(alias, m.id);
  }

  const dir = await mkdtemp(path.join(tmpdir(), "spec-sync-api-"));
  try {
    const texts = await mapLimited(models, options.concurrency ?? CONCURRENCY, (m) =>
      fetchText(docsOf(m), via),
    );
    if (cacheFile) {
      // Only what this run fetched: a model gone from the catalogue leaves the cache too.
      const urls = new Set([listUrl, ...models.map(docsOf)]);
      const kept = Object.fromEntries(Object.entries(via.cache).filter(([url]) => urls.has(url)));
      await mkdir(path.dirname(cacheFile), { recursive: true });
      await writeFile(cacheFile, JSON.stringify(kept));
    }
    const labels = new Map<string, string>();
    for (const [i, m] of models.entries()) {
      const rel = relFor(m.id);
      labels.set(rel, docsOf(m));
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), texts[i] as string);
    }
    return await syncSpecs({
      ...options,
      folder: dir,
      as: {
        label: `${base}/v1/models (${models.length} video models)`,
        // The address the document is served at; the same model keeps its file across origins.
        sourceOf: (rel) => labels.get(rel) ?? rel,
        relOf: (source) => {
          const id = docsModel(source);
          return id === undefined ? undefined : relFor(id);
        },
        labelOf: (rel) => labels.get(rel) ?? rel,
        aliases,
        removesOurs: true,
        gone: `no longer in ${base}/v1/models`,
        changesetName: "spec-sync-api",
        changesetIntro: `Follow the API's catalogue of video models (${base}/v1/models).`,
      },
      log,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where a model's document goes in the folder: its id as a path (`google/veo-3.1-t2v.json`). */
const relFor = (id: string) =>
  `${id
    .split("/")
    .map((part) => part.replace(/[^\w.-]/g, "_"))
    .join("/")}.json`;

/** The model a `/docs-json?model=<id>` address names. */
function docsModel(source: string): string | undefined {
  if (!/\/docs-json\?/.test(source)) return undefined;
  try {
    return new URL(source).searchParams.get("model") ?? undefined;
  } catch {
    return undefined;
  }
}

function parseCache(text: string): Cache {
  try {
    const cache = JSON.parse(text);
    return typeof cache === "object" && cache !== null ? cache : {};
  } catch {
    return {}; // A cache that cannot be read is no cache.
  }
}

/** The answer's body; a conditional request when the cache has the URL's ETag (304: the kept body). */
async function fetchText(url: string, { fetch, timeoutMs, cache }: Fetcher): Promise<string> {
  const kept = cache[url];
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: kept ? { "if-none-match": kept.etag } : {},
    });
  } catch (error) {
    const e = error as Error;
    if (e.name === "TimeoutError") throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    throw new Error(`${url} cannot be fetched: ${e.message}`);
  }
  const text = await response.text().catch((error: Error) => {
    throw new Error(
      error.name === "TimeoutError"
        ? `${url} did not finish its answer within ${timeoutMs} ms`
        : `${url}: ${error.message}`,
    );
  });
  if (response.status === 304 && kept) return kept.body;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 200)}`);
  const etag = response.headers.get("etag");
  if (etag) cache[url] = { etag, body: text };
  else delete cache[url];
  return text;
}

async function fetchJson<T>(url: string, via: Fetcher): Promise<T> {
  const text = await fetchText(url, via);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${url} answered something that is not JSON`);
  }
}

/** `fn` over the items, at most `limit` at once, results in order; the first failure stops it. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
