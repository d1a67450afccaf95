import type { ModelPricing, VariantPricing } from "@aimlapi-video/types";
import { checkOption } from "./check-option.js";

// The mock's prices are fixtures, not the vendor's figures: a rule picks one from each model's
// create schema, so that every pricing kind appears and every valid body has a price.

/** What the mock charges a create it cannot quote: a `variable` model, or a body no rate fits. */
export const VARIABLE_PRICE_USD = 0.33;

/** The parts of a property's schema the rule reads. */
export interface PropertySchema {
  enum?: unknown[];
  default?: unknown;
}

/** The parts of a model's create schema the catalogue reads. */
export interface ModelSchema {
  title?: string;
  description?: string;
  "x-vendor"?: string;
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

/** What a pricing override may be: a pricing object, or USD for one video. */
export type PriceOverride = ModelPricing | number;

const SECONDS = new Set(["second", "seconds", "sec", "s"]);

/** Whole cents as USD, without 0.15000000000000002. */
const cents = (n: number) => Math.round(n) / 100;

/**
 * The fixture price of a model, from its create schema:
 * - no `duration` nor `resolution` and a required video or audio input (its length sets the
 *   output's): `variable`;
 * - a `resolution` enum with a default: `variants` by resolution, the i-th value (from 0) at
 *   $0.05 × (i + 1) a second when `duration` has a default, else $0.25 × (i + 1) a video;
 * - a `duration` enum with a default: `variants` by duration, d seconds at $0.06 × d a video;
 * - a `duration` default: `fixed`, $0.40 per 10 seconds;
 * - anything else: `fixed`, $0.50 a video.
 * Only parameters with a default choose a rate, so that a body that omits them has one too.
 */
export function fixturePricing(schema: ModelSchema): ModelPricing {
  const { resolution, duration } = schema.properties ?? {};
  const perSecond = duration?.default !== undefined;
  if (!resolution && !duration && mediaOf(schema.required ?? []).some((m) => m !== "image")) {
    return {
      kind: "variable",
      description: "Charged by the length of the input video or audio, known after the request.",
    };
  }
  const resolutions = choices(resolution);
  if (resolutions.length > 1) {
    return variants(
      "resolution",
      resolutions.map((value, i) => ({
        value,
        price: cents((perSecond ? 5 : 25) * (i + 1)),
        unit: perSecond ? "second" : "video",
      })),
    );
  }
  const durations = choices(duration);
  if (durations.length > 1) {
    return variants(
      "duration",
      durations.map((value) => ({ value, price: cents(6 * Number(value)), unit: "video" })),
    );
  }
  return {
    kind: "fixed",
    units: [
      perSecond
        ? { name: "output", measure: "second", price: 0.4, per: 10 }
        : { name: "generation", measure: "video", price: 0.5, per: 1 },
    ],
  };
}

/**
 * The media that these body parameters take, by their names: `image_url`, `tail_image_url` and
 * `image_list` take images; `generate_audio` or `video_quality` take none.
 */
export function mediaOf(names: readonly string[]): ("image" | "video" | "audio")[] {
  const inputs = names.filter((name) => /_(url|urls|list)$/.test(name));
  const kinds = ["image", "video", "audio"] as const;
  return kinds.filter((kind) => inputs.some((name) => name.includes(kind)));
}

/** The enum of a parameter that always has a value: one with a default. */
function choices(property: PropertySchema | undefined): (string | number | boolean)[] {
  if (property?.default === undefined || !Array.isArray(property.enum)) return [];
  return property.enum.filter(
    (value): value is string | number | boolean =>
      typeof value === "string" || typeof value === "number" || typeof value === "boolean",
  );
}

function variants(
  dimension: string,
  rates: { value: string | number | boolean; price: number; unit: string }[],
): VariantPricing {
  return {
    kind: "variants",
    dimensions: [dimension],
    variants: rates.map(({ value, price, unit }) => ({
      when: { [dimension]: value },
      price,
      unit,
      per: 1,
    })),
  };
}

/**
 * The price in USD of a create body, quoted as a client quotes it from the catalogue: the rate
 * for the body's parameters (`defaults` where it omits them), divided by its `per`, times what it
 * counts (the body's seconds for a rate per `second`, one for any other unit). Undefined when it
 * cannot be quoted: a `variable` price, no variant for the body, a rate per second and no duration.
 */
export function quote(
  pricing: ModelPricing,
  body: Readonly<Record<string, unknown>>,
  defaults: Readonly<Record<string, unknown>>,
): number | undefined {
  const value = (name: string) => body[name] ?? defaults[name];
  const line = (unit: string, price: number, per: number) => {
    if (!SECONDS.has(unit.toLowerCase())) return price / per;
    const seconds = Number.parseFloat(String(value("duration")));
    return Number.isFinite(seconds) && seconds > 0 ? (price / per) * seconds : undefined;
  };
  let usd: number | undefined;
  if (pricing.kind === "fixed") {
    usd = 0;
    for (const unit of pricing.units) {
      const part = line(unit.measure, unit.price, unit.per);
      if (part === undefined) return undefined;
      usd += part;
    }
  } else if (pricing.kind === "variants") {
    // A body's 5 matches a rate's "5", and "1080P" matches "1080p", as the client compares them.
    const same = (actual: unknown, wanted: unknown) =>
      actual !== undefined && String(actual).toLowerCase() === String(wanted).toLowerCase();
    const rate = pricing.variants.find((variant) =>
      Object.entries(variant.when).every(([name, wanted]) => same(value(name), wanted)),
    );
    usd = rate && line(rate.unit, rate.price, rate.per);
  }
  return usd === undefined ? undefined : Math.round(usd * 1e6) / 1e6;
}

/** A `prices` override as a pricing object, checked; a number is a fixed price per video. */
export function checkedPricing(name: string, override: unknown): ModelPricing {
  if (typeof override === "number") {
    checkPrice(name, override);
    return {
      kind: "fixed",
      units: [{ name: "generation", measure: "video", price: override, per: 1 }],
    };
  }
  const pricing = override as Partial<Record<string, unknown>> | null;
  const list = (field: string) => {
    const value = pricing?.[field];
    if (!Array.isArray(value) || value.length === 0) {
      throw new TypeError(`${name}.${field} must be a non-empty array; received ${show(value)}`);
    }
    return value as Record<string, unknown>[];
  };
  const rate = (at: string, rate: Record<string, unknown>, unitField: "measure" | "unit") => {
    if (typeof rate[unitField] !== "string") {
      throw new TypeError(`${at}.${unitField} must be a string; received ${show(rate[unitField])}`);
    }
    checkPrice(`${at}.price`, rate.price);
    const per = rate.per;
    checkOption(
      `${at}.per`,
      per as number,
      typeof per === "number" && Number.isFinite(per) && per > 0,
      "above 0",
    );
  };
  switch (pricing?.kind) {
    case "variable":
      break;
    case "fixed":
      for (const [i, unit] of list("units").entries()) rate(`${name}.units[${i}]`, unit, "measure");
      break;
    case "variants":
      list("dimensions");
      for (const [i, variant] of list("variants").entries()) {
        const at = `${name}.variants[${i}]`;
        if (typeof variant.when !== "object" || variant.when === null) {
          throw new TypeError(`${at}.when must be an object; received ${show(variant.when)}`);
        }
        rate(at, variant, "unit");
      }
      break;
    default:
      throw new TypeError(
        `${name} must be a number of USD or a pricing object of kind fixed, variants or variable; received ${show(override)}`,
      );
  }
  return override as ModelPricing;
}

function checkPrice(name: string, usd: unknown): void {
  const ok = typeof usd === "number" && Number.isFinite(usd) && usd >= 0;
  checkOption(name, usd as number, ok, "at least 0");
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
