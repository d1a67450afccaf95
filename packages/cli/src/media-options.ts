// Local files as media options: `--image-url ./cat.png` wherever the model's field takes a data
// URI. The file is read, checked against the model's stated limits and inlined before the body is
// validated, quoted or sent; a field that takes only URLs refuses it, saying so.
import { existsSync } from "node:fs";
import type { CreateGenerationBody } from "@aimlapi-video/client";
import { type MediaFacts, MediaInputError, prepareMedia } from "@aimlapi-video/client/media";
import { localFile } from "@aimlapi-video/client/node";
import type { ModelInfo } from "./catalog.js";
import { UsageError } from "./exit-codes.js";
import { flagOf } from "./model-options.js";

const isUri = (value: string) => /^(https?|data):/i.test(value);

/** A value that is no URL names a file; for a field that takes asset ids too, only a file that exists. */
const fileOrValue = (value: unknown, media: MediaFacts) =>
  typeof value === "string" && !isUri(value) && (!media.assetId || existsSync(value))
    ? localFile(value)
    : value;

/** The body with every local file of a media option checked and inlined as a data URI. */
export async function withLocalMedia(
  model: ModelInfo,
  body: Record<string, unknown>,
): Promise<CreateGenerationBody> {
  const withFiles = { ...body };
  for (const { name, media } of model.parameters) {
    const value = body[name];
    if (!media || value === undefined) continue;
    withFiles[name] = Array.isArray(value)
      ? value.map((item) => fileOrValue(item, media))
      : fileOrValue(value, media);
  }
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the model is chosen at run time; the validator checks the body next
    return await prepareMedia(withFiles as any);
  } catch (error) {
    if (!(error instanceof MediaInputError)) throw error;
    throw new UsageError(
      `${optionOf(error.field)}: expected ${error.expected}, received ${error.received}. Nothing was sent or paid for.`,
    );
  }
}

/** `body.image_url` is `--image-url`; `body.image_urls[1]` is `--image-urls (value 2)`. */
function optionOf(field: string): string {
  const [, name, index] = /^body\.([A-Za-z0-9_]+)(?:\[(\d+)\])?$/.exec(field) ?? [];
  if (name === undefined) return field;
  return index === undefined ? flagOf(name) : `${flagOf(name)} (value ${Number(index) + 1})`;
}
