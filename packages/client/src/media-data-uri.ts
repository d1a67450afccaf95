// Data URIs (RFC 2397) in Base64, both ways, in any runtime: Node's Buffer when there is one (one
// native pass), else the platform's Uint8Array Base64 methods or btoa/atob. A data URI is read
// without decoding it whole: its size comes from the Base64 length, and a ByteSource decodes only
// the ranges a header check asks for (a 20 MB image costs a few hundred bytes to check).
import type { ByteSource } from "./media-probe.js";

interface BufferLike {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(enc: "base64"): string };
  from(data: string, enc: "base64"): Uint8Array;
}
interface Base64Platform {
  toBase64?: (this: Uint8Array) => string;
}
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;
/** btoa takes a binary string; a multiple of 3 bytes per piece keeps the pieces' Base64 joinable. */
const PIECE = 3 * 8192;

export function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer)
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  const native = (Uint8Array.prototype as Base64Platform).toBase64;
  if (native) return native.call(bytes);
  let out = "";
  for (let at = 0; at < bytes.length; at += PIECE) {
    out += btoa(String.fromCharCode(...bytes.subarray(at, at + PIECE)));
  }
  return out;
}

function fromBase64(text: string): Uint8Array {
  if (NodeBuffer) return NodeBuffer.from(text, "base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `data:<type>;base64,<the bytes>`. */
export function toDataUri(type: string, bytes: Uint8Array): string {
  return `data:${type};base64,${toBase64(bytes)}`;
}

export interface DataUri {
  /** The media type it declares (the bytes may say otherwise). */
  declared: string;
  /** The bytes, read range by range. */
  source: ByteSource;
}

const HEADER = /^data:([^;,]*)((?:;[^;,]*)*),/i;

/**
 * The declared type and the bytes of a Base64 data URI; undefined when `uri` is not a data URI;
 * a string saying why when it is one that carries no Base64.
 */
export function readDataUri(uri: string): DataUri | string | undefined {
  const header = HEADER.exec(uri.slice(0, 256));
  if (!header) return /^data:/i.test(uri) ? "a data URI without a comma" : undefined;
  if (!/;base64$/i.test(header[2] as string)) return "a data URI that is not Base64 (;base64,)";
  const start = header[0].length;
  const chars = uri.length - start;
  const padding = uri.endsWith("==") ? 2 : uri.endsWith("=") ? 1 : 0;
  const size = Math.max(0, Math.floor((chars * 3) / 4) - padding);
  const source: ByteSource = {
    size,
    async read(offset, length) {
      // Whole groups of 4 characters decode to whole groups of 3 bytes.
      const first = Math.floor(offset / 3);
      const last = Math.ceil(Math.min(offset + length, size) / 3);
      const bytes = fromBase64(uri.slice(start + first * 4, start + last * 4));
      return bytes.subarray(offset - first * 3, offset - first * 3 + length);
    },
  };
  return { declared: (header[1] as string).toLowerCase(), source };
}
