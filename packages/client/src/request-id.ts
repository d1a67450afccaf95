import { AimlApiError } from "./errors.js";

/**
 * What the API takes as `X-Client-Request-Id`: 1 to 128 characters from `A-Z a-z 0-9 . _ : -`.
 * Anything else is dropped without a word (the request still runs and is charged), so the SDK
 * never sends one.
 */
export const CLIENT_REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The readable part a derived id keeps of the original. */
const READABLE_LENGTH = 64;

export const isValidClientRequestId = (value: string): boolean =>
  CLIENT_REQUEST_ID_PATTERN.test(value);

/**
 * The client request id for `value` (your own id, or a tracker key): `value` itself when the API
 * accepts it; otherwise a stable derived id, `<readable>:<hash>`, where `<readable>` is the first
 * 64 characters of `value` with each character outside the alphabet replaced by `_`, and `<hash>`
 * the first 32 hex digits of the SHA-256 of `value` in UTF-8. The hash keeps two different values
 * from sharing an id (which would let one adopt the other's generation).
 */
export async function toClientRequestId(value: string): Promise<string> {
  if (typeof value !== "string" || value === "") {
    throw new AimlApiError(
      `Invalid clientRequestId: expected a non-empty string, received ${value === "" ? '""' : typeof value}.`,
    );
  }
  if (isValidClientRequestId(value)) return value;
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  const hex = [...new Uint8Array(digest).subarray(0, 16)]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("");
  const readable = [...value]
    .slice(0, READABLE_LENGTH)
    .map((char) => (/^[A-Za-z0-9._:-]$/.test(char) ? char : "_"))
    .join("");
  return `${readable}:${hex}`;
}

/** A fresh id for a create the caller gave none: a random UUID (always valid). */
export const newClientRequestId = (): string => globalThis.crypto.randomUUID();
