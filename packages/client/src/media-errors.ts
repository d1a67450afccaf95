import { AimlApiError } from "./errors.js";

/** What a media check refused: a stated limit (`x-media`'s key), or why the bytes cannot be sent. */
export type MediaLimit =
  | "medium"
  | "formats"
  | "maxBytes"
  | "minSidePx"
  | "maxSeconds"
  | "dataUri"
  | "damaged"
  | "source";

/** A media input refused before anything was sent (and paid): it names the field, the limit and the value found. */
export class MediaInputError extends AimlApiError {
  override name = "MediaInputError";
  constructor(
    /** The field, e.g. `body.image_url` or `body.reference_image_urls[1]`. */
    readonly field: string,
    readonly limit: MediaLimit,
    readonly expected: string,
    readonly received: string,
  ) {
    super(`${field}: expected ${expected}, received ${received}. Nothing was sent.`);
  }
}
