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
export function quoteBody(
  body: Readonly<Record<string, unknown>>,
  entry: CatalogModel,
  defaults: Defaults = {},
): Quote {
  const model = entry.id;
  const unknown = (reason: string): Quote => ({ status: "unknown", model, reason });
  const pricing = entry.pricing;
  if (!pricing) return unknown(`the catalogue lists no price for ${model}`);
  const value = (name: string) => body[name] ?? defaults[name];
  const lines: QuoteLine[] = [];
  if (pricing.kind === "variable") {
    return unknown(`${model} has a variable price: it is known only after the request`);
  }
  if (pricing.kind === "fixed") {
    for (const part of pricing.units) {
      const line = priceLine(part.measure, part.price, part.per, value);
      if (typeof line === "string") return unknown(line);
      lines.push(line);
    }
  } else {
    const chosen = pricing.variants.find((variant) =>
      Object.entries(variant.when).every(([name, wanted]) => same(value(name), wanted)),
    );
    if (!chosen) {
      const asked = pricing.dimensions.map((name) => `${name}=${String(value(name) ?? "(none)")}`);
      return unknown(`${model} has no rate for ${asked.join(", ")}`);
    }
    const line = priceLine(chosen.unit, chosen.price, chosen.per, value);
    if (typeof line === "string") return unknown(line);
    lines.push({ ...line, when: chosen.when as QuoteLine["when"] });
  }
  if (lines.length === 0) return unknown(`the catalogue lists an empty price for ${model}`);
  const usd = round(lines.reduce((sum, line) => sum + line.usd, 0));
  return { status: "priced", model, usd, lines, text: lines.map(describeLine).join(" + ") };
}

/** One rate applied to what the body asks for, or why it cannot be. */
function priceLine(
  unit: string,
  price: number,
  per: number,
  value: (name: string) => unknown,
): QuoteLine | string {
  if (!(Number.isFinite(price) && price >= 0 && Number.isFinite(per) && per > 0)) {
    return `the catalogue's rate (${price} per ${per} ${unit}) is not a price`;
  }
  const rate = price / per;
  const name = unit.toLowerCase();
  let units: number;
  if (SECONDS.has(name)) {
    const seconds = secondsOf(value("duration"));
    if (seconds === undefined) {
      return `the rate is per second and the body has no duration (nor does the model have a default)`;
    }
    units = seconds;
  } else if (ONCE.has(name)) {
    units = 1;
  } else {
    return `the rate is per ${unit}, and a body does not say how many of those it makes`;
  }
  return { unit, units, rate, usd: round(rate * units) };
}

/** `5`, `"5"` and `"5s"` are five seconds. */
function secondsOf(duration: unknown): number | undefined {
  const seconds =
    typeof duration === "number" ? duration : Number.parseFloat(String(duration ?? ""));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** A body's value matches a variant's: `5` and `"5"`, `"1080P"` and `"1080p"` alike. */
const same = (actual: unknown, wanted: unknown) =>
  actual !== undefined && String(actual).toLowerCase() === String(wanted).toLowerCase();

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

const dollars = (usd: number) => `$${Number(usd.toFixed(4))}`;

/** `5 s × $0.65/s at 1080p`, `1 video × $0.4`. */
function describeLine(line: QuoteLine): string {
  const seconds = SECONDS.has(line.unit.toLowerCase());
  const count = seconds ? `${line.units} s` : `${line.units} ${line.unit}`;
  const rate = seconds ? `${dollars(line.rate)}/s` : dollars(line.rate);
  const at = line.when ? ` at ${Object.values(line.when).join(", ")}` : "";
  return `${count} × ${rate}${at}`;
}
