// A media input against its field's stated limits (`x-media`, the catalog's `media`). The client
// runs it on local files and data URIs before sending; the mock runs it on the data URIs it gets.
import { MediaInputError } from "./media-errors.js";
import type { MediaProbe } from "./media-probe.js";
import type { MediaFacts } from "./models.js";

const IMAGE_TYPES = "PNG, JPEG, WebP or GIF";
const KNOWN: Record<MediaFacts["medium"], string> = {
  image: `an image (${IMAGE_TYPES})`,
  video: "a video (MP4, MOV or WebM)",
  audio: "audio (WAV, MP3, AAC, M4A, Ogg or FLAC)",
};

/** `20 MB (20971520 bytes)`: the vendor counts megabytes of 1024 × 1024 bytes. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Number((bytes / 1024).toFixed(1))} kB`} (${bytes} bytes)`;
}

/**
 * Throws a MediaInputError naming `field` when the bytes break a stated limit: the medium, the
 * formats, the size, the shortest side, the duration (when the format's header gives it: see
 * media-probe.ts), or a header cut short.
 */
export function checkMedia(
  field: string,
  facts: MediaFacts,
  probe: MediaProbe | undefined,
  size: number,
): asserts probe is MediaProbe {
  const wanted = facts.formats?.length ? facts.formats.join(" or ") : KNOWN[facts.medium];
  if (probe === undefined) {
    throw new MediaInputError(field, "formats", wanted, "bytes of no type this client recognises");
  }
  if (probe.medium !== facts.medium) {
    throw new MediaInputError(field, "medium", wanted, `${probe.medium} (${probe.type})`);
  }
  if (facts.formats?.length && !facts.formats.includes(probe.type)) {
    throw new MediaInputError(field, "formats", wanted, probe.type);
  }
  if (probe.damaged !== undefined) {
    throw new MediaInputError(field, "damaged", `a whole ${probe.type} file`, probe.damaged);
  }
  if (facts.maxBytes !== undefined && size > facts.maxBytes) {
    throw new MediaInputError(
      field,
      "maxBytes",
      `at most ${formatBytes(facts.maxBytes)}`,
      formatBytes(size),
    );
  }
  if (facts.minSidePx !== undefined && probe.width !== undefined && probe.height !== undefined) {
    if (Math.min(probe.width, probe.height) < facts.minSidePx) {
      throw new MediaInputError(
        field,
        "minSidePx",
        `an image whose shortest side is at least ${facts.minSidePx} px`,
        `${probe.width}×${probe.height} px`,
      );
    }
  }
  if (facts.maxSeconds !== undefined && probe.seconds !== undefined) {
    if (probe.seconds > facts.maxSeconds) {
      throw new MediaInputError(
        field,
        "maxSeconds",
        `at most ${facts.maxSeconds} s`,
        `${Number(probe.seconds.toFixed(2))} s`,
      );
    }
  }
}
