import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createVideoClient } from "../src/index.js";
import {
  type MediaBody,
  MediaInputError,
  type MediaLimit,
  prepareMedia,
  probeMedia,
  readDataUri,
} from "../src/media.js";
import { localFile } from "../src/node.js";
import { startFaultServer } from "./fault-server.js";
import { jpeg, mp4, png, wav, webp } from "./media-fixtures.js";

let dir: string;
const file = async (name: string, bytes: Uint8Array) => {
  const at = path.join(dir, name);
  await writeFile(at, bytes);
  return at;
};
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "media-test-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const bytesOf = (source: Uint8Array) => ({
  size: source.length,
  read: async (offset: number, length: number) => source.subarray(offset, offset + length),
});

/** The bytes a data URI carries, decoded whole (the test's own reading, not the client's). */
const decoded = (uri: string) => Buffer.from(uri.slice(uri.indexOf(",") + 1), "base64");

async function refusal(body: MediaBody & { model: string }): Promise<MediaInputError> {
  // biome-ignore lint/suspicious/noExplicitAny: any model of the catalog, picked at run time
  const error = await prepareMedia(body as any).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MediaInputError);
  return error as MediaInputError;
}
const expectRefused = (
  error: MediaInputError,
  field: string,
  limit: MediaLimit,
  words: string[],
) => {
  expect({ field: error.field, limit: error.limit }).toEqual({ field, limit });
  for (const word of words) expect(error.message).toContain(word);
};

describe("probeMedia: the type from the bytes, the size and duration from the header", () => {
  it.each([
    ["PNG", png(640, 360), { type: "image/png", width: 640, height: 360 }],
    // The frame header lies after a 70 kB EXIF segment: beyond the first read.
    ["JPEG", jpeg(1920, 1080, 70_000), { type: "image/jpeg", width: 1920, height: 1080 }],
    ["WebP (VP8L)", webp(500, 301), { type: "image/webp", width: 500, height: 301 }],
    ["WebP (VP8)", webp(640, 480, "VP8 "), { type: "image/webp", width: 640, height: 480 }],
    ["WebP (VP8X)", webp(4000, 3000, "VP8X"), { type: "image/webp", width: 4000, height: 3000 }],
    ["WAV", wav(2.5), { type: "audio/wav", seconds: 2.5 }],
    // The movie header is after the media data, at the end.
    ["MP4", mp4(7.25, 5000), { type: "video/mp4", seconds: 7.25 }],
    ["MOV", mp4(3, 10, "qt  "), { type: "video/quicktime", seconds: 3 }],
  ])("%s", async (_, bytes, expected) => {
    const probe = await probeMedia(bytesOf(bytes));
    expect(probe).toEqual({ medium: expected.type.split("/")[0], ...expected });
  });

  it("knows the other formats by their signatures, without a size or a duration", async () => {
    const types = await Promise.all(
      [
        Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x40, 0x01, 0xf0, 0x00]), // GIF89a 320×240
        mp4(2, 10, "M4A "),
        Buffer.from("ID3\x04\0\0\0\0\0\0", "latin1"),
        Buffer.from([0xff, 0xfb, 0x90, 0x64]), // an MPEG audio frame
        Buffer.from([0xff, 0xf1, 0x50, 0x80]), // an ADTS (AAC) frame
        Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f]),
        Buffer.from("OggS\0\x02", "latin1"),
        Buffer.from("fLaC\0\0\0\x22", "latin1"),
      ].map(async (bytes) => {
        const probe = await probeMedia(bytesOf(bytes));
        return [probe?.type, probe?.width, probe?.seconds];
      }),
    );
    expect(types).toEqual([
      ["image/gif", 320, undefined],
      ["audio/mp4", undefined, 2],
      ["audio/mpeg", undefined, undefined],
      ["audio/mpeg", undefined, undefined],
      ["audio/aac", undefined, undefined],
      ["video/webm", undefined, undefined],
      ["audio/ogg", undefined, undefined],
      ["audio/flac", undefined, undefined],
    ]);
  });

  it("says why a truncated file cannot be read, and knows no type in bytes of none", async () => {
    expect((await probeMedia(bytesOf(png(400, 400).subarray(0, 20))))?.damaged).toContain(
      "truncated",
    );
    expect((await probeMedia(bytesOf(jpeg(400, 400).subarray(0, 30))))?.damaged).toContain(
      "truncated",
    );
    const movie = mp4(5, 5000);
    expect((await probeMedia(bytesOf(movie.subarray(0, 2000))))?.damaged).toContain(
      'the box "mdat" runs past the end of the file (2000 bytes)',
    );
    expect((await probeMedia(bytesOf(wav(1).subarray(0, 500))))?.damaged).toContain("truncated");
    expect(await probeMedia(bytesOf(Buffer.from("just some text, not media")))).toBeUndefined();
  });

  it("reads a data URI's header without decoding it whole, its size from the Base64 length", async () => {
    for (const bytes of [png(301, 302), png(7, 9, 1001), png(7, 9, 1002)]) {
      const uri = `data:image/png;base64,${bytes.toString("base64")}`;
      const read = readDataUri(uri);
      if (typeof read !== "object") throw new Error("not read");
      expect(read.declared).toBe("image/png");
      expect(read.source.size).toBe(bytes.length);
      expect(Buffer.from(await read.source.read(5, 30))).toEqual(bytes.subarray(5, 35));
    }
    expect(readDataUri("https://example.com/a.png")).toBeUndefined();
    expect(readDataUri("data:image/png,%89PNG")).toContain("not Base64");
  });
});

describe("prepareMedia: local media checked against the model's limits, then a data URI", () => {
  it("takes a file path, a file: URL, a Blob, a Uint8Array and an ArrayBuffer; the data URI round-trips byte for byte", async () => {
    const image = png(400, 300);
    const at = await file("cat.png", image);
    const inputs = [
      localFile(at),
      localFile(pathToFileURL(at)),
      new Blob([new Uint8Array(image)]),
      new Uint8Array(image),
      new Uint8Array(image).buffer,
    ];
    for (const input of inputs) {
      const body = await prepareMedia({
        model: "minimax/hailuo-02",
        prompt: "A cat",
        image_url: input,
        last_image_url: new URL("https://example.com/end.png"),
      });
      expect(body.image_url?.startsWith("data:image/png;base64,")).toBe(true);
      expect(decoded(body.image_url as string)).toEqual(image);
      expect(body.last_image_url).toBe("https://example.com/end.png");
      expect(body.prompt).toBe("A cat");
    }
  });

  it("tells the type from the bytes, not the name: a PNG named .jpg is sent as a PNG", async () => {
    const at = await file("really-a-png.jpg", png(320, 320));
    const body = await prepareMedia({
      model: "minimax/hailuo-02",
      prompt: "x",
      image_url: localFile(at),
    });
    expect(body.image_url?.slice(0, 22)).toBe("data:image/png;base64,");
  });

  it("takes a JPEG, a WAV and an MP4 where the model allows them, lists item by item", async () => {
    const body = await prepareMedia({
      model: "bytedance/seedance-2-0",
      prompt: "x",
      audio_url: localFile(await file("voice.wav", wav(10))),
    });
    expect(decoded(body.audio_url as string)).toEqual(wav(10));
    const edit = await prepareMedia({
      model: "alibaba/happyhorse-1-0",
      prompt: "x",
      image_url: jpeg(800, 600),
      video_url: mp4(4),
      reference_image_urls: ["https://example.com/a.png"],
    });
    expect(edit.image_url?.slice(0, 23)).toBe("data:image/jpeg;base64,");
    expect(decoded(edit.video_url as string)).toEqual(mp4(4));
  });

  it("refuses, naming the field, the limit and the value found", async () => {
    const hailuo = { model: "minimax/hailuo-02", prompt: "x" } as const;
    expectRefused(
      await refusal({ ...hailuo, image_url: webp(800, 800) }),
      "body.image_url",
      "formats",
      ["image/jpeg or image/png", "received image/webp"],
    );
    expectRefused(
      await refusal({ ...hailuo, image_url: localFile(await file("small.png", png(299, 600))) }),
      "body.image_url",
      "minSidePx",
      ["shortest side is at least 300 px", "299×600 px"],
    );
    expectRefused(
      await refusal({ ...hailuo, image_url: png(400, 400).subarray(0, 20) }),
      "body.image_url",
      "damaged",
      ["truncated"],
    );
    expectRefused(await refusal({ ...hailuo, image_url: mp4(3) }), "body.image_url", "medium", [
      "video (video/mp4)",
    ]);
    expectRefused(
      await refusal({ model: "bytedance/seedance-2-0", prompt: "x", audio_url: wav(16) }),
      "body.audio_url",
      "maxSeconds",
      ["at most 15.2 s", "received 16 s"],
    );
    expectRefused(
      await refusal({
        model: "alibaba/happyhorse-1-0",
        prompt: "x",
        video_url: mp4(3, 5000).subarray(0, 3000),
      }),
      "body.video_url",
      "damaged",
      ["runs past the end of the file (3000 bytes)"],
    );
  });

  it("refuses a file over the size limit from its size alone, before reading it", async () => {
    const big = await file("big.png", png(400, 400, 20 * 1024 * 1024 + 1));
    expectRefused(
      await refusal({ model: "minimax/hailuo-02", prompt: "x", image_url: localFile(big) }),
      "body.image_url",
      "maxBytes",
      ["at most 20 MB (20971520 bytes)", "received 20 MB (20971521 bytes)"],
    );
  });

  it("refuses a local file or a data URI for a field that takes only URLs, saying so", async () => {
    const error = await refusal({
      model: "bytedance/seedance-2-0",
      prompt: "x",
      video_url: localFile(await file("clip.mp4", mp4(3))),
    });
    expectRefused(error, "body.video_url", "dataUri", [
      "takes only URLs here: only public URLs work",
      "received the file clip.mp4",
    ]);
    expectRefused(
      await refusal({
        model: "klingai/video-v3-pro-image-to-video",
        prompt: "x",
        elements: [
          {
            reference_image_urls: ["https://example.com/a.png", png(400, 400)],
            frontal_image_url: "https://example.com/b.png",
          },
        ],
      }),
      "body.elements[0].reference_image_urls[1]",
      "dataUri",
      ["no data URI is documented"],
    );
    expectRefused(
      await refusal({
        model: "bytedance/seedance-2-0",
        prompt: "x",
        video_url: `data:video/mp4;base64,${mp4(1).toString("base64")}`,
      }),
      "body.video_url",
      "dataUri",
      ["received a data URI"],
    );
  });

  it("checks a data URI given as text; refuses text that is neither a URL nor a data URI, bytes in a field without media, a missing file, an unknown model", async () => {
    const small = `data:image/png;base64,${png(100, 100).toString("base64")}`;
    expectRefused(
      await refusal({ model: "minimax/hailuo-02", prompt: "x", image_url: small }),
      "body.image_url",
      "minSidePx",
      ["100×100 px"],
    );
    expectRefused(
      await refusal({ model: "minimax/hailuo-02", prompt: "x", image_url: "./cat.png" }),
      "body.image_url",
      "source",
      ["localFile(path) from @aimlapi-video/client/node", 'received "./cat.png"'],
    );
    expectRefused(
      // biome-ignore lint/suspicious/noExplicitAny: bytes where the types allow them, in a field that takes no media
      await refusal({ model: "minimax/hailuo-02", prompt: png(400, 400) as any }),
      "body.prompt",
      "medium",
      ["this field takes no media"],
    );
    expectRefused(
      await refusal({
        model: "minimax/hailuo-02",
        prompt: "x",
        image_url: localFile(path.join(dir, "nowhere.png")),
      }),
      "body.image_url",
      "source",
      ["nowhere.png (ENOENT)"],
    );
    expectRefused(await refusal({ model: "acme/none", prompt: "x" }), "body.model", "source", [
      '"acme/none"',
    ]);
  });
});

describe("against a server: a refused input costs no request", () => {
  it("sends nothing when a limit is broken, and the data URI it sends round-trips byte for byte", async () => {
    const server = await startFaultServer(() => ({ body: { id: "gen-1", status: "queued" } }));
    try {
      const client = createVideoClient({ apiKey: "sk-media-test", baseUrl: server.url });
      const small = localFile(await file("tiny.png", png(64, 64)));
      await expect(
        prepareMedia({ model: "minimax/hailuo-02", prompt: "x", image_url: small }).then((body) =>
          client.createGeneration(body),
        ),
      ).rejects.toBeInstanceOf(MediaInputError);
      expect(server.received).toHaveLength(0);
      expect(server.creates()).toBe(0);

      const image = jpeg(1024, 768);
      const body = await prepareMedia({
        model: "minimax/hailuo-02",
        prompt: "x",
        image_url: localFile(await file("frame.jpeg", image)),
      });
      await client.createGeneration(body);
      expect(server.creates()).toBe(1);
      const sent = JSON.parse(server.received[0]?.body ?? "{}");
      expect(sent.image_url.slice(0, 23)).toBe("data:image/jpeg;base64,");
      expect(decoded(sent.image_url)).toEqual(image);
    } finally {
      await server.close();
    }
  });
});

describe("without Buffer (browsers, edge runtimes)", () => {
  it("encodes and decodes Base64 with the platform's own functions, byte for byte", async () => {
    // Not a multiple of btoa's piece (3 × 8192 bytes) nor of 3.
    const bytes = new Uint8Array(100_001).map((_, i) => (i * 7919) % 256);
    const expected = Buffer.from(bytes).toString("base64");
    vi.stubGlobal("Buffer", undefined);
    vi.resetModules();
    try {
      const { readDataUri: read, toBase64 } = await import("../src/media-data-uri.js");
      expect(toBase64(bytes)).toBe(expected);
      const uri = read(`data:application/octet-stream;base64,${expected}`);
      if (typeof uri !== "object") throw new Error("not read");
      expect([...(await uri.source.read(99_990, 20))]).toEqual([...bytes.subarray(99_990)]);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
