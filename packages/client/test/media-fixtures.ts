// Media files made by the tests themselves, of known sizes, dimensions and durations: a real PNG,
// headers of JPEG, WebP, MP4/MOV and WAV as their formats lay them out. The media tests of the
// CLI and the mock use them too.
import { crc32, deflateSync } from "node:zlib";

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
}

/** A real grey PNG of `width` × `height`; `padTo` adds a private chunk to reach that many bytes. */
export function png(width: number, height: number, padTo = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter: none
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(rows)),
  ];
  const end = pngChunk("IEND", Buffer.alloc(0));
  const size = parts.reduce((n, p) => n + p.length, 0) + end.length;
  if (padTo > size + 12) parts.push(pngChunk("prVt", Buffer.alloc(padTo - size - 12, 7)));
  return Buffer.concat([...parts, end]);
}

/** A JPEG's header: JFIF, an EXIF-sized APP1 of `exifBytes` (so the size lies beyond the first read), then the frame. */
export function jpeg(width: number, height: number, exifBytes = 100): Buffer {
  const segment = (marker: number, data: Buffer) =>
    Buffer.concat([Buffer.from([0xff, marker]), u32(data.length + 2).subarray(2), data]);
  const frame = Buffer.from([
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    1,
    1,
    0x11,
    0,
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1")),
    // A segment holds at most 65533 bytes: a large EXIF takes several.
    ...Array.from({ length: Math.ceil(exifBytes / 60_000) }, (_, i) =>
      segment(0xe1, Buffer.alloc(Math.min(60_000, exifBytes - i * 60_000), 0x45)),
    ),
    segment(0xc0, frame),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0xd9]),
  ]);
}

/** A WebP's header of `width` × `height`: lossless (VP8L), lossy (VP8) or extended (VP8X). */
export function webp(
  width: number,
  height: number,
  kind: "VP8L" | "VP8 " | "VP8X" = "VP8L",
): Buffer {
  let data: Buffer;
  if (kind === "VP8L") {
    const bits = Buffer.alloc(4);
    bits.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14));
    data = Buffer.concat([Buffer.from([0x2f]), bits, Buffer.alloc(8)]);
  } else if (kind === "VP8 ") {
    // A frame tag, the start code, then the 14-bit width and height.
    data = Buffer.alloc(20);
    data.set([0x9d, 0x01, 0x2a], 3);
    data.writeUInt16LE(width, 6);
    data.writeUInt16LE(height, 8);
  } else {
    // Flags and reserved bytes, then width - 1 and height - 1 on 24 bits each.
    data = Buffer.alloc(10);
    data.writeUIntLE(width - 1, 4, 3);
    data.writeUIntLE(height - 1, 7, 3);
  }
  const chunk = Buffer.concat([Buffer.from(kind, "latin1"), le32(data.length), data]);
  return Buffer.concat([
    Buffer.from("RIFF", "latin1"),
    le32(chunk.length + 4),
    Buffer.from("WEBP", "latin1"),
    chunk,
  ]);
}

function le32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** A WAV of `seconds` of silence, 8 kHz mono 8-bit (8000 bytes a second). */
export function wav(seconds: number): Buffer {
  const data = Buffer.alloc(Math.round(seconds * 8000), 0x80);
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(8000, 4);
  fmt.writeUInt32LE(8000, 8); // byte rate
  fmt.writeUInt16LE(1, 12);
  fmt.writeUInt16LE(8, 14);
  const chunks = Buffer.concat([
    Buffer.from("fmt ", "latin1"),
    le32(16),
    fmt,
    Buffer.from("data", "latin1"),
    le32(data.length),
    data,
  ]);
  return Buffer.concat([
    Buffer.from("RIFF", "latin1"),
    le32(chunks.length + 4),
    Buffer.from("WAVE", "latin1"),
    chunks,
  ]);
}

const box = (type: string, ...content: Buffer[]) => {
  const data = Buffer.concat(content);
  return Buffer.concat([u32(data.length + 8), Buffer.from(type, "latin1"), data]);
};

/**
 * An MP4 (or, with brand `qt  `, a MOV) that lasts `seconds`: ftyp, then `mediaBytes` of media
 * data, then the movie header (moov > mvhd) at the end, as many encoders write it.
 */
export function mp4(seconds: number, mediaBytes = 1000, brand = "isom"): Buffer {
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale: ms (version 0)
  mvhd.writeUInt32BE(Math.round(seconds * 1000), 16);
  return Buffer.concat([
    box("ftyp", Buffer.from(`${brand}\0\0\0\0isommp41`, "latin1")),
    box("mdat", Buffer.alloc(mediaBytes, 1)),
    box("moov", box("mvhd", mvhd)),
  ]);
}
