// The fixture price rule and the quote the mock charges, on schemas made for the purpose; the
// catalogue of the bundled spec is checked through the mock in catalogue.test.ts.
import type { ModelPricing } from "@aimlapi-video/types";
import { describe, expect, it } from "vitest";
import {
  checkedPricing,
  fixturePricing,
  type ModelSchema,
  quote,
  VARIABLE_PRICE_USD,
} from "../src/prices.js";

const schema = (properties: ModelSchema["properties"], required: string[] = ["model"]) => ({
  properties: { model: {}, ...properties },
  required,
});
const RESOLUTION = { enum: ["480p", "720p", "1080p"], default: "720p" };
const DURATION = { enum: [5, 10], default: 5 };

describe("fixturePricing", () => {
  it("prices a resolution enum by the second, the i-th value at $0.05 × (i + 1), when duration has a default", () => {
    expect(fixturePricing(schema({ resolution: RESOLUTION, duration: DURATION }))).toEqual({
      kind: "variants",
      dimensions: ["resolution"],
      variants: [
        { when: { resolution: "480p" }, price: 0.05, unit: "second", per: 1 },
        { when: { resolution: "720p" }, price: 0.1, unit: "second", per: 1 },
        { when: { resolution: "1080p" }, price: 0.15, unit: "second", per: 1 },
      ],
    });
  });

  it("prices a resolution enum by the video, at $0.25 × (i + 1), when duration has no default", () => {
    const pricing = fixturePricing(schema({ resolution: RESOLUTION, duration: { enum: [5, 10] } }));
    expect(pricing).toMatchObject({
      kind: "variants",
      variants: [
        { price: 0.25, unit: "video" },
        { price: 0.5, unit: "video" },
        { price: 0.75, unit: "video" },
      ],
    });
  });

  it("prices a duration enum with a default by the video, d seconds at $0.06 × d", () => {
    expect(fixturePricing(schema({ duration: DURATION }))).toEqual({
      kind: "variants",
      dimensions: ["duration"],
      variants: [
        { when: { duration: 5 }, price: 0.3, unit: "video", per: 1 },
        { when: { duration: 10 }, price: 0.6, unit: "video", per: 1 },
      ],
    });
  });

  it("gives a fixed price per 10 seconds to a duration with a default and no enum (or one value)", () => {
    const perTenSeconds = {
      kind: "fixed",
      units: [{ name: "output", measure: "second", price: 0.4, per: 10 }],
    };
    expect(fixturePricing(schema({ duration: { default: 6 } }))).toEqual(perTenSeconds);
    expect(
      fixturePricing(
        schema({ duration: { enum: [7], default: 7 }, resolution: { enum: ["720p"] } }),
      ),
    ).toEqual(perTenSeconds);
  });

  it("gives $0.50 a video to anything else, e.g. a duration without a default", () => {
    const perVideo = {
      kind: "fixed",
      units: [{ name: "generation", measure: "video", price: 0.5, per: 1 }],
    };
    expect(fixturePricing(schema({ prompt: {}, duration: { enum: [5, 10] } }))).toEqual(perVideo);
    expect(fixturePricing(schema({ prompt: {} }, ["model", "image_url"]))).toEqual(perVideo);
  });

  it("makes a price variable when the length comes from a required video or audio input", () => {
    for (const input of ["video_url", "audio_url"]) {
      expect(fixturePricing(schema({ [input]: {} }, ["model", input]))).toMatchObject({
        kind: "variable",
      });
    }
    // Not a media input, and not when the body sets the length.
    expect(fixturePricing(schema({ video_quality: {} }, ["model", "video_quality"])).kind).toBe(
      "fixed",
    );
    expect(
      fixturePricing(schema({ video_url: {}, duration: DURATION }, ["model", "video_url"])).kind,
    ).toBe("variants");
  });
});

describe("quote", () => {
  const byResolution = fixturePricing(schema({ resolution: RESOLUTION, duration: DURATION }));
  const defaults = { resolution: "720p", duration: 5 };

  it("multiplies a rate per second by the body's duration, matching its parameters as a client does", () => {
    expect(quote(byResolution, { resolution: "1080p", duration: 10 }, defaults)).toBe(1.5);
    expect(quote(byResolution, { resolution: "1080P", duration: "10" }, defaults)).toBe(1.5);
    // The defaults stand for what the body leaves out: 720p for 5 s.
    expect(quote(byResolution, {}, defaults)).toBe(0.5);
  });

  it("divides by per, and adds up every unit of a fixed price", () => {
    const pricing: ModelPricing = {
      kind: "fixed",
      units: [
        { name: "output", measure: "second", price: 0.4, per: 10 },
        { name: "setup", measure: "video", price: 0.3, per: 3 },
      ],
    };
    expect(quote(pricing, { duration: 6 }, {})).toBe(0.34);
  });

  it("has no quote for a variable price, a body no variant fits, or seconds without a duration", () => {
    expect(quote({ kind: "variable" }, {}, {})).toBeUndefined();
    expect(quote(byResolution, { resolution: "4k" }, defaults)).toBeUndefined();
    expect(quote(byResolution, {}, { resolution: "720p" })).toBeUndefined();
  });

  it("is a whole number of millionths of a dollar", () => {
    const pricing: ModelPricing = {
      kind: "fixed",
      units: [{ name: "x", measure: "video", price: 1, per: 3 }],
    };
    expect(quote(pricing, {}, {})).toBe(0.333333);
    expect(VARIABLE_PRICE_USD).toBe(0.33);
  });
});

describe("checkedPricing", () => {
  it("takes a number as USD for one video", () => {
    expect(checkedPricing('prices["m"]', 0.42)).toEqual({
      kind: "fixed",
      units: [{ name: "generation", measure: "video", price: 0.42, per: 1 }],
    });
  });

  it.each([
    [-1, 'prices["m"] must be a number at least 0; received -1'],
    [{ kind: "free" }, 'prices["m"] must be a number of USD or a pricing object of kind fixed'],
    [{ kind: "fixed", units: [] }, 'prices["m"].units must be a non-empty array; received []'],
    [
      { kind: "fixed", units: [{ name: "x", measure: "video", price: 1, per: 0 }] },
      'prices["m"].units[0].per must be a number above 0; received 0',
    ],
    [
      { kind: "fixed", units: [{ name: "x", price: 1, per: 1 }] },
      'prices["m"].units[0].measure must be a string; received undefined',
    ],
    [
      { kind: "variants", dimensions: ["resolution"], variants: [{ price: 1, unit: "s", per: 1 }] },
      'prices["m"].variants[0].when must be an object; received undefined',
    ],
    [
      {
        kind: "variants",
        dimensions: ["resolution"],
        variants: [{ when: {}, price: Number.NaN, unit: "second", per: 1 }],
      },
      'prices["m"].variants[0].price must be a number at least 0; received NaN',
    ],
  ])("refuses %j, naming where", (override, message) => {
    expect(() => checkedPricing('prices["m"]', override)).toThrow(message);
  });
});
