import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";

/** Where the mock serves the videos of completed generations, on its own origin. */
export const VIDEO_PATH_PREFIX = "/__mock/videos/";

export interface SignedUrl {
  id: string;
  /** Which URL of the generation this is, counted from 0 (see GenerationStore.issueUrl). */
  issue: number;
}

export type UrlCheck = ({ ok: true } & SignedUrl) | { ok: false; reason: "expired" | "forged" };

/**
 * Signed, expiring links in the style of the vendor's storage (`Expires=` and a signature in the
 * query), so that download code meets the same failures offline: a link that has expired, or one
 * whose query was tampered with, is refused.
 */
export class VideoUrls {
  readonly #secret = randomBytes(32);
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs: number, now: () => number = () => Date.now()) {
    if (!(ttlMs > 0)) throw new RangeError(`videoUrlTtlMs must be above 0; received ${ttlMs}`);
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  sign(origin: string, { id, issue }: SignedUrl): string {
    const expires = Math.ceil((this.#now() + this.#ttlMs) / 1000);
    const query = new URLSearchParams({
      Issue: String(issue),
      Expires: String(expires),
      Signature: this.#signature(id, issue, expires),
    });
    return `${origin}${VIDEO_PATH_PREFIX}${encodeURIComponent(id)}.mp4?${query}`;
  }

  check(url: URL): UrlCheck {
    const file = url.pathname.slice(VIDEO_PATH_PREFIX.length);
    const id = file.endsWith(".mp4") ? safeDecode(file.slice(0, -4)) : undefined;
    const issue = Number(url.searchParams.get("Issue"));
    const expires = Number(url.searchParams.get("Expires"));
    const given = Buffer.from(url.searchParams.get("Signature") ?? "");
    const expected = Buffer.from(id === undefined ? "" : this.#signature(id, issue, expires));
    if (id === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: "forged" };
    }
    if (expires * 1000 <= this.#now()) return { ok: false, reason: "expired" };
    return { ok: true, id, issue };
  }

  #signature(id: string, issue: number, expires: number): string {
    return createHmac("sha256", this.#secret)
      .update(`${id}\n${issue}\n${expires}`)
      .digest("hex")
      .slice(0, 32);
  }
}

/** The text a percent-encoded path segment stands for; undefined for a malformed one. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export interface FileAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/**
 * The answer to a GET or HEAD of the video: the whole file, or one byte range (206) for a
 * `Range: bytes=…` request, as a resumed download sends. `If-Range` with another validator gets
 * the whole file, as the file has changed for that client; several ranges also get the whole file
 * (RFC 9110 lets a server ignore Range).
 */
export function answerFile(req: IncomingMessage, file: Buffer): FileAnswer {
  const etag = `"${createHash("sha256").update(file).digest("hex").slice(0, 16)}"`;
  const headers: OutgoingHttpHeaders = {
    "content-type": "video/mp4",
    "accept-ranges": "bytes",
    etag,
    "cache-control": "private, max-age=0",
    // A page on another origin may fetch it, as it may a storage bucket's signed link.
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "content-length, content-range, accept-ranges, etag",
  };
  const ifRange = req.headers["if-range"];
  const range = ifRange === undefined || ifRange === etag ? req.headers.range : undefined;
  const match = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === "" && match[2] === "")) {
    return { status: 200, headers, body: file };
  }
  const size = file.length;
  const [first, last] =
    match[1] === ""
      ? [Math.max(0, size - Number(match[2])), size - 1] // bytes=-N: the last N bytes
      : [Number(match[1]), match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1)];
  if (first >= size || first > last) {
    return {
      status: 416,
      headers: { ...headers, "content-range": `bytes */${size}` },
      body: Buffer.alloc(0),
    };
  }
  const body = file.subarray(first, last + 1);
  return {
    status: 206,
    headers: { ...headers, "content-range": `bytes ${first}-${last}/${size}` },
    body,
  };
}

/** What the vendor's storage answers for a link it refuses: an S3-style XML error. */
export function refusal(status: 403 | 410, reason: "expired" | "forged"): FileAnswer {
  const [code, message] =
    reason === "expired"
      ? ["AccessDenied", "Request has expired"]
      : ["SignatureDoesNotMatch", "The request signature we calculated does not match"];
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`,
  );
  return {
    status,
    headers: { "content-type": "application/xml" },
    body,
  };
}
