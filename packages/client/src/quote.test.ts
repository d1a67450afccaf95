import type { CatalogModel, ModelPricing } from "@aimlapi-video/types";
import { describe, expect, it } from "vitest";
import { ModelCatalogue } from "./catalogue.js";
import { quoteBody } from "./quote.js";

const entry = (pricing: ModelPricing | undefined, id = "vendor/model"): CatalogModel => ({
  id,
  type: "internal/video-generations/submit",
  aliases: [],
  ...(pricing && { pricing }),
});

const BY_RESOLUTION: ModelPricing = {
  kind: "variants",
  dimensions: ["resolution"],
  variants: [
    { when: { resolution: "720p" }, price: 0.3, unit: "second", per: 1 },
    { when: { resolution: "1080p" }, price: 0.65, unit: "second", per: 1 },
  ],
};

describe("quoteBody", () => {
  it("prices a variants rate per second: the vendor's example, 5 s at 1080p × $0.65/s = $3.25", () => {
    expect(quoteBody({ duration: 5, resolution: "1080p" }, entry(BY_RESOLUTION))).toEqual({
      status: "priced",
      model: "vendor/model",
      usd: 3.25,
      text: "5 s × $0.65/s at 1080p",
      lines: [{ unit: "second", units: 5, rate: 0.65, usd: 3.25, when: { resolution: "1080p" } }],
    });
  });

  it("always divides by per: $1.20 per 10 s is $0.12 a second", () => {
    const pricing: ModelPricing = {
      kind: "fixed",
      units: [{ name: "video", measure: "second", price: 1.2, per: 10 }],
    };
    expect(quoteBody({ duration: "5" }, entry(pricing))).toMatchObject({
      usd: 0.6,
      text: "5 s × $0.12/s",
    });
  });

  it("prices a fixed rate per video once, and sums several units", () => {
    const pricing: ModelPricing = {
      kind: "fixed",
      units: [
        { name: "base", measure: "video", price: 0.4, per: 1 },
        { name: "length", measure: "second", price: 0.02, per: 1 },
      ],
    };
    expect(quoteBody({ duration: 10 }, entry(pricing))).toMatchObject({
      status: "priced",
      usd: 0.6,
      text: "1 video × $0.4 + 10 s × $0.02/s",
    });
  });

  it("fills what the body omits with the model's defaults, and matches values loosely", () => {
    const pricing: ModelPricing = {
      kind: "variants",
      dimensions: ["resolution", "duration"],
      variants: [
        { when: { resolution: "1080P", duration: 5 }, price: 2, unit: "video", per: 1 },
        { when: { resolution: "1080P", duration: 10 }, price: 3.5, unit: "video", per: 1 },
      ],
    };
    const defaults = { resolution: "1080p", duration: "10" };
    expect(quoteBody({}, entry(pricing), defaults)).toMatchObject({ usd: 3.5 });
    expect(quoteBody({ duration: 5 }, entry(pricing), defaults)).toMatchObject({ usd: 2 });
  });

  it.each([
    [
      { kind: "variable" } as ModelPricing,
      {},
      "vendor/model has a variable price: it is known only after the request",
    ],
    [undefined, {}, "the catalogue lists no price for vendor/model"],
    [
      BY_RESOLUTION,
      { duration: 5, resolution: "4k" },
      "vendor/model has no rate for resolution=4k",
    ],
    [BY_RESOLUTION, { resolution: "720p" }, "the rate is per second and the body has no duration"],
    [
      {
        kind: "fixed",
        units: [{ name: "t", measure: "token", price: 1, per: 1000 }],
      } as ModelPricing,
      {},
      "the rate is per token, and a body does not say how many of those it makes",
    ],
    [
      { kind: "fixed", units: [{ name: "v", measure: "video", price: 1, per: 0 }] } as ModelPricing,
      {},
      "is not a price",
    ],
  ])("answers unknown, with the reason, never a guess: %j", (pricing, body, reason) => {
    const quote = quoteBody(body, entry(pricing));
    expect(quote.status).toBe("unknown");
    expect(quote.status === "unknown" && quote.reason).toContain(reason);
  });
});

describe("ModelCatalogue", () => {
  const catalogue = new ModelCatalogue(
    [
      { ...entry(BY_RESOLUTION, "google/veo-3.1-t2v"), aliases: ["veo-3.1-t2v", "Google/Veo3.1"] },
      entry({ kind: "variable" }, "other/model"),
    ],
    'W/"1"',
    0,
    (id) => (id === "google/veo-3.1-t2v" ? { resolution: "720p" } : {}),
  );

  it("finds a model by id or alias, case-insensitively, and says whether it is served", () => {
    expect(catalogue.find("GOOGLE/VEO-3.1-T2V")?.id).toBe("google/veo-3.1-t2v");
    expect(catalogue.find("google/veo3.1")?.id).toBe("google/veo-3.1-t2v");
    expect(catalogue.isServed("veo-3.1-t2v")).toBe(true);
    expect(catalogue.isServed("retired/model")).toBe(false);
  });

  it("quotes a body named by an alias with the model's defaults", () => {
    expect(catalogue.quote({ model: "veo-3.1-t2v", duration: 8 })).toMatchObject({
      status: "priced",
      model: "google/veo-3.1-t2v",
      usd: 2.4,
      text: "8 s × $0.3/s at 720p",
    });
  });

  it("answers unknown for a model the catalogue does not list", () => {
    expect(catalogue.quote({ model: "retired/model" })).toEqual({
      status: "unknown",
      model: "retired/model",
      reason: "the catalogue does not list retired/model (it may no longer be served)",
    });
  });
});
