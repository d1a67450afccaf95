// `@aimlapi-video/client/media`: local images, videos and audio as inputs, checked against each
// model's stated limits before anything is sent. A subpath, so that the core stays small: it
// carries the model catalog. Files on disk: `localFile` from `@aimlapi-video/client/node`.
export { checkMedia, formatBytes } from "./media-check.js";
export { type DataUri, readDataUri, toBase64, toDataUri } from "./media-data-uri.js";
export { MediaInputError, type MediaLimit } from "./media-errors.js";
export {
  checkMediaText,
  type MediaBody,
  type MediaBytes,
  type MediaInput,
  type OpenedMedia,
  prepareMedia,
  type WithMediaInputs,
} from "./media-input.js";
export { type ByteSource, type MediaProbe, type Medium, probeMedia } from "./media-probe.js";
export type { MediaFacts } from "./models.js";
