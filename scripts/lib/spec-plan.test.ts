import { describe, expect, it } from "vitest";
import {
  addressOf,
  type DocumentModels,
  placeVendorFile,
  sizeWarning,
  type VendorFile,
  vendorName,
} from "./spec-plan.ts";

const doc = (file: string, models: string[], size = 6_000): DocumentModels => ({
  file,
  origin: file.startsWith("vendor/") ? "vendor" : "authored",
  models,
  operations: ["POST /v2/video/generations"],
  size,
});

/** A vendor file serving `models`, with or without an example body. */
const vendorFile = (models: string[], example?: object): VendorFile => ({
  models,
  doc: {
    openapi: "3.0.0",
    paths: {
      "/v2/video/generations": {
        post: {
          requestBody: {
            content: {
              "application/json": {
                schema: { type: "object", ...(example ? { example } : {}) },
              },
            },
          },
        },
      },
    },
  },
});

const KLING = "kling-video/v1/standard/text-to-video";
const VEO = "google/veo-3.1-t2v";
const documents = [
  doc("vendor/kling-v1-standard-text-to-video.json", [KLING]),
  doc("authored/models/Kling-AI/v1-standard-text-to-video.json", [KLING]),
  doc("authored/models/Google/veo-3.1-t2v.json", [VEO]),
  doc("authored/video-generations-retrieve.json", []),
];
const name = () => "Google/veo-3.1-t2v.json";

describe("placeVendorFile", () => {
  it("never puts one model's file over another model's", () => {
    const place = placeVendorFile(documents, vendorFile([VEO], { model: VEO }), name, "veo.json");
    expect(place.file).toBe("vendor/Google/veo-3.1-t2v.json");
    expect(place.removes.map((d) => d.file)).toEqual(["authored/models/Google/veo-3.1-t2v.json"]);
    expect(place.keeps).toEqual([]);
  });

  it("overwrites the vendor's file of the same model, and keeps ours when it brings the only example", () => {
    const place = placeVendorFile(documents, vendorFile([KLING]), name, "kling.json");
    expect(place.file).toBe("vendor/kling-v1-standard-text-to-video.json");
    expect(place.removes).toEqual([]);
    expect(place.keeps.map((d) => d.file)).toEqual([
      "authored/models/Kling-AI/v1-standard-text-to-video.json",
    ]);
  });

  it("adds a model no document serves", () => {
    const place = placeVendorFile(documents, vendorFile(["openai/sora-2-t2v"]), name, "sora.json");
    expect(place).toEqual({
      file: "vendor/Google/veo-3.1-t2v.json",
      removes: [],
      keeps: [],
      dropped: [],
    });
  });

  it("refuses a file for one model of a document that serves two", () => {
    const both = [doc("vendor/two.json", [KLING, VEO])];
    expect(() => placeVendorFile(both, vendorFile([KLING]), name, "kling.json")).toThrow(
      `kling.json serves "${KLING}" but specs/vendor/two.json also serves "${VEO}", which it does not`,
    );
  });
});

describe("placeVendorFile, for the same file's new version", () => {
  const OLD = "klingai/video-v2-6-pro-motion-control";
  const NEW = "klingai/video-v2-6-motion-control";
  const FILE = "Kling-AI/video-v2-6-pro-motion-control.json";
  const address = `aimlapi/api-docs docs/api-references/video-models/${FILE}`;
  const stored = { ...doc(`vendor/${FILE}`, [OLD]), source: address };
  const ours = doc(`authored/models/${FILE}`, [NEW]);

  it("follows a model renamed inside the file: the file is overwritten, the old model dropped", () => {
    const place = placeVendorFile(
      [stored, ours],
      vendorFile([NEW], { model: NEW }),
      () => FILE,
      FILE,
      { address },
    );
    expect(place.file).toBe(`vendor/${FILE}`);
    expect(place.overwrites).toBe(stored);
    expect(place.removes).toEqual([ours]);
    expect(place.dropped).toEqual([OLD]);
    expect(place.renamed).toEqual({ from: OLD, to: NEW });
  });

  it("knows the earlier version by its place too, when it was taken from another address", () => {
    const fromUrl = { ...stored, source: `https://example.com/video-models/${FILE}` };
    const place = placeVendorFile([fromUrl], vendorFile([NEW]), () => FILE, FILE, {
      address,
      rel: FILE,
    });
    expect(place.overwrites).toBe(fromUrl);
    expect(place.renamed).toEqual({ from: OLD, to: NEW });
  });

  it("still refuses a file that another file's document holds the name of", () => {
    const elsewhere = { ...stored, source: "https://example.com/other.json" };
    expect(() =>
      placeVendorFile([elsewhere], vendorFile([NEW]), () => FILE, FILE, { address }),
    ).toThrow(`would be stored as specs/vendor/${FILE}, which serves "${OLD}"`);
  });
});

describe("where a vendor file is named and recorded", () => {
  it.each([
    [
      "../api-docs/docs/api-references/video-models/Google/veo-3.1-t2v.json",
      "Google/veo-3.1-t2v.json",
    ],
    ["https://raw.example.com/x/video-models/OpenAi/sora-2.json?raw=1", "OpenAi/sora-2.json"],
    ["/tmp/downloads/veo.json", "veo.json"],
  ])("%s → vendor/%s", (source, expected) => {
    expect(vendorName(source, [])).toBe(expected);
  });

  it("takes the path of our document it replaces when the source does not show the vendor's", () => {
    expect(vendorName("/tmp/veo.json", [documents[2] as DocumentModels])).toBe(
      "Google/veo-3.1-t2v.json",
    );
  });

  it("records a URL, a vendor checkout's file by the folder's address, and no local path", () => {
    expect(addressOf("https://example.com/a.json")).toBe("https://example.com/a.json");
    expect(
      addressOf("/home/me/api-docs/docs/api-references/video-models/VEED/fabric-1.0.json"),
    ).toBe("aimlapi/api-docs docs/api-references/video-models/VEED/fabric-1.0.json");
    expect(addressOf("/home/me/veo.json")).toBeUndefined();
  });
});

describe("sizeWarning", () => {
  const usual = [doc("a.json", [], 4_000), doc("b.json", [], 6_000), doc("c.json", [], 8_000)];
  it("warns over 5× the median of the documents in specs/", () => {
    expect(sizeWarning("x.json", 30_000, usual)).toBeUndefined();
    expect(sizeWarning("x.json", 30_001, usual)).toBe(
      "x.json is 29.3 kB, more than 5× the median document in specs/ (5.9 kB): check it is only its models' spec",
    );
  });
  it("warns over 256 kB whatever the others", () => {
    const large = [doc("a.json", [], 200_000)];
    expect(sizeWarning("x.json", 262_145, large)).toMatch(/^x\.json is 256\.0 kB, over 256\.0 kB/);
    expect(sizeWarning("x.json", 262_144, large)).toBeUndefined();
  });
});
