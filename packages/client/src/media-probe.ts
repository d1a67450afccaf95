// What a file really is, from its bytes (magic numbers, never its name), and what its header says
// cheaply: an image's size (PNG, JPEG, WebP, GIF), the duration of WAV audio and of MP4/MOV/M4A
// (the `mvhd` box). Other formats are recognised without a duration: a seconds limit is then left
// to the API. Reads go through a ByteSource, so only the bytes needed are read (or decoded).

/** Bytes read on demand: a file, a Blob, an array, the Base64 of a data URI. */
export interface ByteSource {
  /** The whole size, in bytes. */
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export type Medium = "image" | "video" | "audio";

/** What the bytes are. `damaged` says why the header cannot be read to its end. */
export interface MediaProbe {
  /** The media type, e.g. `image/png`. */
  type: string;
  medium: Medium;
  width?: number;
  height?: number;
  seconds?: number;
  damaged?: string;
}

/** The first bytes read to recognise a type; a JPEG's size may lie further (after its EXIF). */
const HEAD = 64;

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));
const u16be = (b: Uint8Array, at: number) => (b[at] as number) * 0x100 + (b[at + 1] as number);
const u16le = (b: Uint8Array, at: number) => (b[at] as number) + (b[at + 1] as number) * 0x100;
const u24le = (b: Uint8Array, at: number) => u16le(b, at) + (b[at + 2] as number) * 0x10000;
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const u32le = (b: Uint8Array, at: number) => u16le(b, at) + u16le(b, at + 2) * 0x10000;
const u64be = (b: Uint8Array, at: number) => u32be(b, at) * 2 ** 32 + u32be(b, at + 4);

const cut = (kind: string, found: number) =>
  `the ${kind} header ends after ${found} bytes: the file is truncated or damaged`;

/** The type of the bytes and what their header says, or undefined when the type is not known. */
export async function probeMedia(source: ByteSource): Promise<MediaProbe | undefined> {
  const head = await source.read(0, HEAD);
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return png(head);
  if (startsWith(head, [0xff, 0xd8, 0xff])) return jpeg(source);
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") {
    const gif: MediaProbe = { type: "image/gif", medium: "image" };
    if (head.length < 10) return { ...gif, damaged: cut("GIF", head.length) };
    return { ...gif, width: u16le(head, 6), height: u16le(head, 8) };
  }
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WEBP") return webp(head);
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WAVE") return wav(source);
  if (ascii(head, 4, 4) === "ftyp") return isoMedia(source, ascii(head, 8, 4));
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { type: "video/webm", medium: "video" };
  if (ascii(head, 0, 4) === "OggS") return { type: "audio/ogg", medium: "audio" };
  if (ascii(head, 0, 4) === "fLaC") return { type: "audio/flac", medium: "audio" };
  // ADTS (AAC) and MPEG audio share the frame sync; AAC's layer bits are 00.
  if (head[0] === 0xff && ((head[1] as number) & 0xf6) === 0xf0) {
    return { type: "audio/aac", medium: "audio" };
  }
  if (ascii(head, 0, 3) === "ID3" || (head[0] === 0xff && ((head[1] as number) & 0xe0) === 0xe0)) {
    return { type: "audio/mpeg", medium: "audio" };
  }
  return undefined;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function png(head: Uint8Array): MediaProbe {
  const probe: MediaProbe = { type: "image/png", medium: "image" };
  // The signature, then the IHDR chunk: its length, its name, the width and the height.
  if (head.length < 24 || ascii(head, 12, 4) !== "IHDR") {
    return { ...probe, damaged: cut("PNG", head.length) };
  }
  return { ...probe, width: u32be(head, 16), height: u32be(head, 20) };
}

/** A JPEG's size is in its first frame header (SOF0…SOF15 but DHT, JPG and DAC), segment by segment. */
async function jpeg(source: ByteSource): Promise<MediaProbe> {
  const probe: MediaProbe = { type: "image/jpeg", medium: "image" };
  let at = 2;
  // Each turn moves `at` forward by at least a byte, so the loop ends at the file's end.
  while (at + 4 <= source.size) {
    // A marker, the segment's length, then (in a frame header) precision, height and width.
    const bytes = await source.read(at, 9);
    if (bytes[0] !== 0xff) return { ...probe, damaged: `no JPEG marker at byte ${at}` };
    const marker = bytes[1] as number;
    if (marker === 0xff) {
      at += 1; // a fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // no length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // the image data, or its end: no frame header
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) {
      if (bytes.length < 9) break;
      return { ...probe, height: u16be(bytes, 5), width: u16be(bytes, 7) };
    }
    at += 2 + u16be(bytes, 2);
  }
  return {
    ...probe,
    damaged: "no JPEG frame header with its size: the file is truncated or damaged",
  };
}

function webp(head: Uint8Array): MediaProbe {
  const probe: MediaProbe = { type: "image/webp", medium: "image" };
  const chunk = ascii(head, 12, 4);
  if (chunk === "VP8X" && head.length >= 30) {
    return { ...probe, width: u24le(head, 24) + 1, height: u24le(head, 27) + 1 };
  }
  if (chunk === "VP8 " && head.length >= 30 && startsWith(head.subarray(23), [0x9d, 0x01, 0x2a])) {
    return { ...probe, width: u16le(head, 26) & 0x3fff, height: u16le(head, 28) & 0x3fff };
  }
  if (chunk === "VP8L" && head.length >= 25 && head[20] === 0x2f) {
    const bits = u32le(head, 21);
    return { ...probe, width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return { ...probe, damaged: cut("WebP", head.length) };
}

/** A WAV lasts its `data` chunk's length over the byte rate of its `fmt ` chunk. */
async function wav(source: ByteSource): Promise<MediaProbe> {
  const probe: MediaProbe = { type: "audio/wav", medium: "audio" };
  let byteRate = 0;
  let at = 12;
  while (at + 8 <= source.size) {
    const header = await source.read(at, 20);
    const id = ascii(header, 0, 4);
    const size = u32le(header, 4);
    // fmt: format (2 bytes), channels (2), sample rate (4), byte rate (4)…
    if (id === "fmt " && header.length >= 20) byteRate = u32le(header, 16);
    if (id === "data") {
      if (at + 8 + size > source.size) {
        return {
          ...probe,
          damaged: `its data runs past the end of the file (${source.size} bytes): the file is truncated`,
        };
      }
      return byteRate > 0 ? { ...probe, seconds: size / byteRate } : probe;
    }
    at += 8 + size + (size % 2); // chunks are padded to an even length
  }
  return { ...probe, damaged: "no WAV data chunk: the file is truncated or damaged" };
}

/** MP4, MOV and M4A: the brand tells which; the movie header (`moov` > `mvhd`) the duration. */
async function isoMedia(source: ByteSource, brand: string): Promise<MediaProbe> {
  const probe: MediaProbe =
    brand === "qt  "
      ? { type: "video/quicktime", medium: "video" }
      : brand === "M4A " || brand === "M4B "
        ? { type: "audio/mp4", medium: "audio" }
        : { type: "video/mp4", medium: "video" };
  const moov = await findBox(source, 0, source.size, "moov");
  if (typeof moov === "string") return { ...probe, damaged: moov };
  const mvhd = await findBox(source, moov.start, moov.end, "mvhd");
  if (typeof mvhd === "string") return { ...probe, damaged: mvhd };
  const header = await source.read(mvhd.start, 32);
  const long = header[0] === 1; // version 1: 64-bit times
  const timescale = long ? u32be(header, 20) : u32be(header, 12);
  const duration = long ? u64be(header, 24) : u32be(header, 16);
  return timescale > 0 ? { ...probe, seconds: duration / timescale } : probe;
}

/** The content of the first box named `name` between `from` and `to`, or why there is none. */
async function findBox(
  source: ByteSource,
  from: number,
  to: number,
  name: string,
): Promise<{ start: number; end: number } | string> {
  let at = from;
  // Every box is at least 8 bytes long, so the loop ends at `to`.
  while (at + 8 <= to) {
    const header = await source.read(at, 16);
    let size = u32be(header, 0);
    let start = at + 8;
    if (size === 1) {
      size = u64be(header, 8);
      start += 8;
    } else if (size === 0) size = to - at; // to the end
    if (size < start - at) return `a box of ${size} bytes at byte ${at}: the file is damaged`;
    if (at + size > to) {
      return `the box "${ascii(header, 4, 4)}" runs past the end of the file (${source.size} bytes): the file is truncated`;
    }
    if (ascii(header, 4, 4) === name) return { start, end: at + size };
    at += size;
  }
  return `no "${name}" box: the file is truncated or damaged`;
}
