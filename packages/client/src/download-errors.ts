import { AimlApiError } from "./errors.js";

/** Why a download failed; each value names one promise the download keeps. */
export type DownloadFailureReason =
  /** The generation has no `video.url` (not completed, or failed). */
  | "not-completed"
  /** The file host answered an error status that a retry or a fresh URL cannot fix. */
  | "http-status"
  /** The signed URL expired (403/410) and no fresh one could be had from the API. */
  | "url-expired"
  /** No byte arrived for `stallTimeoutMs`, more often than `maxResumes` allows. */
  | "stalled"
  /** The connection dropped more often than `maxResumes` allows. */
  | "connection-lost"
  /** The whole transfer took longer than `timeoutMs`. */
  | "timeout"
  /** The file is larger than `maxBytes`: declared so, or sent so without a declared length. */
  | "too-large"
  /** More or fewer bytes than the file host declared, or a resumed range that does not fit. */
  | "length-mismatch"
  /** The file changed between a dropped connection and its resume. */
  | "changed"
  /** The first bytes are not an MP4 file's `ftyp` box. */
  | "not-mp4"
  /** The file could not be written (Node). */
  | "write-failed";

interface DownloadErrorOptions {
  generationId?: string | undefined;
  /** The file host's status, when it answered with an error. */
  status?: number | undefined;
  bytesReceived?: number | undefined;
  cause?: unknown;
}

/**
 * A video download failed. `reason` says which check or bound ended it; nothing was left on disk.
 * Messages name the file host and path, never the signed URL's query nor any API header.
 */
export class DownloadError extends AimlApiError {
  override name = "DownloadError";
  readonly reason: DownloadFailureReason;
  readonly generationId: string | undefined;
  /** Bytes received before the failure. */
  readonly bytesReceived: number;

  constructor(reason: DownloadFailureReason, message: string, options: DownloadErrorOptions = {}) {
    super(message, { status: options.status, cause: options.cause });
    this.reason = reason;
    this.generationId = options.generationId;
    this.bytesReceived = options.bytesReceived ?? 0;
  }
}

/** The URL without its query and fragment: a signed URL's query is a credential for the file. */
export function describeUrl(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    return "(an invalid URL)";
  }
}
