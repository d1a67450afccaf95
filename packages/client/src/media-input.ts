// Local media as inputs: a body whose media fields hold bytes (a Blob or File, a Uint8Array or
// Buffer, an ArrayBuffer, a file from `localFile` in `@aimlapi-video/client/node`) becomes the
// body the API takes, each of them a data URI, once its bytes are checked against the model's
// stated limits (the catalog's `media`). Everything is refused before anything is sent.
import type { CreateGenerationBody, ModelId } from "@aimlapi-video/types";
import { checkMedia } from "./media-check.js";
import { readDataUri, toDataUri } from "./media-data-uri.js";
import { MediaInputError } from "./media-errors.js";
import { type ByteSource, probeMedia } from "./media-probe.js";
import { getModel, type MediaFacts, type ParameterSchema } from "./models.js";

/** Bytes opened for reading: random access for the header checks, then one whole read. */
export interface OpenedMedia extends ByteSource {
  /** Every byte, read once into one buffer. */
  readAll(): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Bytes opened on demand: a local file (`localFile`), or your own storage. */
export interface MediaBytes {
  /** Where the bytes come from, for messages (a file name); never the bytes themselves. */
  readonly label: string;
  open(): Promise<OpenedMedia>;
}

/** What a media field may hold before `prepareMedia`: a URL or data URI as the API takes it, or bytes. */
export type MediaInput = string | URL | Blob | ArrayBuffer | Uint8Array | MediaBytes;

/** A body whose strings (the media fields' among them) may also be MediaInputs. */
export type WithMediaInputs<T> = T extends string
  ? T | MediaInput
  : T extends readonly (infer Item)[]
    ? WithMediaInputs<Item>[]
    : T extends object
      ? { [K in keyof T]: WithMediaInputs<T[K]> }
      : T;

/** A create body for `prepareMedia`: bytes where the API takes a URL or a data URI. */
export type MediaBody<M extends ModelId = ModelId> = WithMediaInputs<CreateGenerationBody<M>>;

const isBytes = (value: unknown): value is Blob | ArrayBuffer | Uint8Array | MediaBytes =>
  value instanceof Uint8Array ||
  value instanceof ArrayBuffer ||
  (typeof Blob !== "undefined" && value instanceof Blob) ||
  (typeof value === "object" && value !== null && typeof (value as MediaBytes).open === "function");

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * The body with every media input turned into what the API takes: bytes into a data URI (its real
 * type from its magic numbers), a `URL` into its text; data URIs given as text are checked too.
 * Throws a MediaInputError naming the field, the limit and the value found when a field takes only
 * URLs, or the bytes break a limit the model states (type, size, shortest side, duration); an
 * unknown model is refused too (its fields' limits are unknown).
 */
export async function prepareMedia<M extends ModelId>(
  body: MediaBody<M> & { model: M },
): Promise<CreateGenerationBody<M>> {
  const model = getModel(body.model);
  if (!model) {
    throw new MediaInputError(
      "body.model",
      "source",
      "a model of the catalog (@aimlapi-video/client/models)",
      JSON.stringify(body.model),
    );
  }
  const schema: ParameterSchema = { properties: model.parameters };
  return (await prepare(body, schema, "body", model.id)) as CreateGenerationBody<M>;
}

async function prepare(
  value: unknown,
  schema: ParameterSchema | undefined,
  field: string,
  model: string,
): Promise<unknown> {
  const media = schema?.media;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    // One at a time: a file's bytes are held only while it is encoded.
    for (const [i, item] of value.entries()) {
      out.push(await prepare(item, media ? schema : schema?.items, `${field}[${i}]`, model));
    }
    return out;
  }
  if (media && (typeof value === "string" || value instanceof URL || isBytes(value))) {
    return mediaValue(value, media, field, model);
  }
  if (value instanceof URL || isBytes(value)) {
    throw new MediaInputError(
      field,
      "medium",
      `a value of ${model}'s schema (this field takes no media)`,
      describe(value),
    );
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const property = schema?.properties?.find((p) => p.name === name);
      out[name] = await prepare(item, property, `${field}.${name}`, model);
    }
    return out;
  }
  return value;
}

const describe = (value: unknown): string =>
  typeof value === "string"
    ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
    : value instanceof URL
      ? `the URL ${value.protocol}…`
      : isBytes(value) && "label" in value
        ? `the file ${value.label}`
        : `bytes (${value?.constructor?.name ?? typeof value})`;

/** One media field's value, as the API takes it. */
async function mediaValue(
  value: string | URL | Blob | ArrayBuffer | Uint8Array | MediaBytes,
  facts: MediaFacts,
  field: string,
  model: string,
): Promise<string> {
  const text = value instanceof URL ? value.href : value;
  if (typeof text === "string") {
    await checkMediaText(text, facts, field, model);
    return text;
  }
  refuseIfUrlOnly(facts, field, model, describe(text));
  const opened = await openBytes(text, field);
  try {
    const probe = await probeMedia(opened);
    checkMedia(field, facts, probe, opened.size);
    return toDataUri(probe.type, await opened.readAll());
  } finally {
    await opened.close();
  }
}

/**
 * Checks one media field's text as the API would take it: a URL passes, a data URI is read (its
 * header only) and checked against the limits, anything else (but an asset id where one is taken)
 * is refused. The mock checks the bodies it gets with this too.
 */
export async function checkMediaText(
  text: string,
  facts: MediaFacts,
  field: string,
  model: string,
): Promise<void> {
  if (/^https?:\/\//i.test(text)) return;
  const dataUri = readDataUri(text);
  if (dataUri === undefined) {
    if (facts.assetId) return; // the vendor's asset id
    throw new MediaInputError(
      field,
      "source",
      "an http(s) URL or a data URI (a local file: localFile(path) from @aimlapi-video/client/node)",
      describe(text),
    );
  }
  refuseIfUrlOnly(facts, field, model, "a data URI");
  if (typeof dataUri === "string") {
    throw new MediaInputError(field, "source", "a Base64 data URI (data:<type>;base64,…)", dataUri);
  }
  checkMedia(field, facts, await probeMedia(dataUri.source), dataUri.source.size);
}

function refuseIfUrlOnly(facts: MediaFacts, field: string, model: string, received: string) {
  if (facts.dataUri) return;
  const why = facts.urlOnly
    ? "only public URLs work, the vendor says"
    : "no data URI is documented";
  throw new MediaInputError(
    field,
    "dataUri",
    `a URL (${model} takes only URLs here: ${why}; host the file and pass its https URL)`,
    received,
  );
}

async function openBytes(
  value: Blob | ArrayBuffer | Uint8Array | MediaBytes,
  field: string,
): Promise<OpenedMedia> {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
    return {
      size: bytes.length,
      read: async (offset, length) => bytes.subarray(offset, offset + length),
      readAll: async () => bytes,
      close: async () => {},
    };
  }
  if (!("open" in value)) {
    return {
      size: value.size,
      read: async (offset, length) =>
        new Uint8Array(await value.slice(offset, offset + length).arrayBuffer()),
      readAll: async () => new Uint8Array(await value.arrayBuffer()),
      close: async () => {},
    };
  }
  try {
    return await value.open();
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new MediaInputError(
      field,
      "source",
      "a file that can be read",
      `${value.label} (${reason})`,
    );
  }
}
