// What a video costs before it is made: the quote `generate` prints before its create, and
// `models --prices`, the live catalogue's price of each model. Both read the client's catalogue,
// which it keeps for the run: the quote, the price limit and the tracker share one read.
import type { CatalogModel, CreateGenerationBody, Quote, VideoClient } from "@aimlapi-video/client";
import { findModel, listModels } from "./catalog.js";
import type { Session } from "./session.js";

/** Dollars with cents, and the fractions of a cent the API charges. */
export function usd(amount: number): string {
  const [whole, cents = ""] = String(Number(amount.toFixed(4))).split(".");
  return `$${whole}.${cents.padEnd(2, "0")}`;
}

/**
 * The body's quote; a catalogue that cannot be read makes it unknown (as the client's price limit
 * does), not a failed run: the price is information, the limit is what refuses.
 */
export async function quoteOf(client: VideoClient, body: CreateGenerationBody): Promise<Quote> {
  try {
    return await client.quote(body);
  } catch (error) {
    const reason = `the catalogue could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { status: "unknown", model: body.model, reason };
  }
}

/** `≈ $3.25: 5 s × $0.65/s at 1080p`, or `Price unknown: <reason>`. */
export const describeQuote = (quote: Quote): string =>
  quote.status === "priced"
    ? `≈ ${usd(quote.usd)}: ${quote.text}`
    : `Price unknown: ${quote.reason}`;

/** `models --prices`: every model the API serves with its price and aliases, and the typed ones it no longer serves. */
export async function listPrices(session: Session, client: VideoClient): Promise<void> {
  const catalogue = await client.listModels();
  const rows = [...catalogue.models]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((model) => ({
      id: model.id,
      aliases: model.aliases ?? [],
      price: describePricing(model.pricing),
      pricing: model.pricing,
      // Only the typed catalog's models have options for `generate`.
      typed: [model.id, ...(model.aliases ?? [])].some((name) => findModel(name) !== undefined),
    }));
  const notServed = listModels()
    .map((m) => m.id)
    .filter((id) => !catalogue.isServed(id));
  const width = Math.max(0, ...rows.map((r) => r.id.length));
  const lines = rows.flatMap((r) => [
    `${r.id.padEnd(width)}  ${r.price}${r.typed ? "" : "  (not in this CLI's catalog)"}`,
    ...(r.aliases.length > 0 ? [`  aliases: ${r.aliases.join(", ")}`] : []),
  ]);
  const served = `${rows.length} model${rows.length === 1 ? "" : "s"} served`;
  lines.push("", `${served}, prices from the API's catalogue (GET /v1/models).`);
  if (notServed.length > 0) {
    lines.push(`In this CLI's catalog, not served any more: ${notServed.length}`);
    lines.push(...notServed.map((id) => `  ${id}`));
  }
  session.result(lines.join("\n"), {
    fetchedAt: new Date(catalogue.fetchedAt).toISOString(),
    models: rows,
    notServed,
  });
}

/** `$0.65/s`, `by resolution: 720p $0.4/s, 1080p $0.65/s`, `$0.4 per video + …`, `variable: …`. */
export function describePricing(pricing: CatalogModel["pricing"]): string {
  if (!pricing) return "no price listed";
  switch (pricing.kind) {
    case "fixed":
      return pricing.units.map((u) => rate(u.price, u.per, u.measure)).join(" + ");
    case "variants":
      return `by ${pricing.dimensions.join(", ")}: ${pricing.variants
        .map((v) => `${Object.values(v.when).join(" ")} ${rate(v.price, v.per, v.unit)}`)
        .join(", ")}`;
    case "variable":
      return `variable: ${pricing.description ?? "known after the request"}`;
  }
}

const SECONDS = /^(s|sec|seconds?)$/i;

/** One rate as the quote writes it: `$0.65/s`, `$0.4 per video`. */
function rate(price: number, per: number, unit: string): string {
  const amount = `$${Number((price / per).toFixed(4))}`;
  return SECONDS.test(unit) ? `${amount}/s` : `${amount} per ${unit}`;
}
