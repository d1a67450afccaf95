import type { CatalogModel } from "@aimlapi-video/types";

/** One priced part of a create: `units` of `unit` at `rate` USD each. */
export interface QuoteLine {
  /** What is counted: `second`, `video`… as the catalogue names it. */
  unit: string;
  units: number;
  /** USD per unit (the catalogue's price divided by its `per`). */
  rate: number;
  usd: number;
  /** The body's parameters that chose this rate (a `variants` price). */
  when?: Record<string, string | number | boolean> | undefined;
}

/**
 * What a create body would cost, from the model's price in the catalogue: `priced` with the USD
 * amount and how it was reached (`text`: `5 s × $0.65/s at 1080p`), or `unknown` with the reason
 * (a `variable` price, no rate for the body's parameters, no price listed). Never a guess.
 */
export type Quote =
  | { status: "priced"; model: string; usd: number; lines: QuoteLine[]; text: string }
  | { status: "unknown"; model: string; reason: string };

/** The parameter values the API uses when a body leaves them out, by name. */
export type Defaults = Readonly<Record<string, unknown>>;

type Body = Readonly<Record<string, unknown>>;

/** A model's price, ready to apply to bodies: `ModelCatalogue` keeps one per model. */
export type Pricer = (body: Body, defaults: Defaults) => Quote;

const SECONDS = new Set(["second", "seconds", "sec", "s"]);
const ONCE = new Set([
  "video",
  "videos",
  "generation",
  "generations",
  "request",
  "requests",
  "item",
  "output",
]);

/** Prices a create body with its model's catalogue entry; `defaults` fill what the body omits. */
export const quoteBody = (body: Body, entry: CatalogModel, defaults: Defaults = {}): Quote =>
  pricerOf(entry)(body, defaults);

/** A rate as applied to a body: what it counts and how to describe it, worked out once. */
interface Rate {
  unit: string;
  perSecond: boolean;
  rate: number;
  /** `$0.65/s at 1080p`, `$0.4`. */
  label: string;
  when?: QuoteLine["when"];
}

/** Works out a model's rates once, so that pricing a body is a few comparisons. */
export function pricerOf(entry: CatalogModel): Pricer {
  const model = entry.id;
  const unknown = (reason: string): Quote => ({ status: "unknown", model, reason });
  const pricing = entry.pricing;
  if (!pricing) return () => unknown(`the catalogue lists no price for ${model}`);
  if (pricing.kind === "variable") {
    return () => unknown(`${model} has a variable price: it is known only after the request`);
  }
  if (pricing.kind === "fixed") {
    const rates = pricing.units.map((part) => rateOf(part.measure, part.price, part.per));
    const broken = rates.find((rate) => typeof rate === "string");
    if (broken !== undefined) return () => unknown(broken as string);
    if (rates.length === 0) return () => unknown(`the catalogue lists an empty price for ${model}`);
    return (body, defaults) => priced(model, rates as Rate[], body, defaults, unknown);
  }
  const variants = pricing.variants.map((variant) => {
    const conditions = Object.entries(variant.when).map(
      ([name, wanted]) => [name, String(wanted).toLowerCase()] as const,
    );
    const rate = rateOf(variant.unit, variant.price, variant.per, variant.when);
    return { conditions, rate };
  });
  return (body, defaults) => {
    const value = (name: string) => body[name] ?? defaults[name];
    const chosen = variants.find(({ conditions }) =>
      conditions.every(([name, wanted]) => {
        const actual = value(name);
        return actual !== undefined && String(actual).toLowerCase() === wanted;
      }),
    );
    if (!chosen) {
      const asked = pricing.dimensions.map((name) => `${name}=${String(value(name) ?? "(none)")}`);
      return unknown(`${model} has no rate for ${asked.join(", ")}`);
    }
    if (typeof chosen.rate === "string") return unknown(chosen.rate);
    return priced(model, [chosen.rate], body, defaults, unknown);
  };
}

function rateOf(
  unit: string,
  price: number,
  per: number,
  when?: Record<string, unknown>,
): Rate | string {
  if (!(Number.isFinite(price) && price >= 0 && Number.isFinite(per) && per > 0)) {
    return `the catalogue's rate (${price} per ${per} ${unit}) is not a price`;
  }
  const name = unit.toLowerCase();
  const perSecond = SECONDS.has(name);
  if (!perSecond && !ONCE.has(name)) {
    return `the rate is per ${unit}, and a body does not say how many of those it makes`;
  }
  // Always divide by `per`: a price per 10 seconds is a tenth of it per second.
  const rate = price / per;
  const at = when ? ` at ${Object.values(when).join(", ")}` : "";
  return {
    unit,
    perSecond,
    rate,
    label: `${dollars(rate)}${perSecond ? "/s" : ""}${at}`,
    ...(when && { when: when as QuoteLine["when"] }),
  };
}

function priced(
  model: string,
  rates: readonly Rate[],
  body: Body,
  defaults: Defaults,
  unknown: (reason: string) => Quote,
): Quote {
  const lines: QuoteLine[] = [];
  let usd = 0;
  let text = "";
  for (const rate of rates) {
    let units = 1;
    if (rate.perSecond) {
      const seconds = secondsOf(body.duration ?? defaults.duration);
      if (seconds === undefined) {
        return unknown(
          "the rate is per second and the body has no duration (nor does the model have a default)",
        );
      }
      units = seconds;
    }
    const line: QuoteLine = {
      unit: rate.unit,
      units,
      rate: rate.rate,
      usd: round(rate.rate * units),
    };
    if (rate.when) line.when = rate.when;
    lines.push(line);
    usd += line.usd;
    text += `${text ? " + " : ""}${units} ${rate.perSecond ? "s" : rate.unit} × ${rate.label}`;
  }
  return { status: "priced", model, usd: round(usd), lines, text };
}

/** `5`, `"5"` and `"5s"` are five seconds. */
function secondsOf(duration: unknown): number | undefined {
  const seconds =
    typeof duration === "number" ? duration : Number.parseFloat(String(duration ?? ""));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

const dollars = (usd: number) => `$${Number(usd.toFixed(4))}`;
