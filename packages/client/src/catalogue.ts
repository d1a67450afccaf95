import type { CatalogModel } from "@aimlapi-video/types";
import { type Defaults, type Pricer, pricerOf, type Quote } from "./quote.js";

/** The catalogue's type for the models the video endpoint serves. */
export const VIDEO_MODEL_TYPE = "internal/video-generations/submit";

/**
 * The API's model catalogue as it is now (`GET /v1/models`): which video models are served, under
 * which ids and aliases, at which price. The SDK's typed catalog (`@aimlapi-video/client/models`)
 * is generated from the spec; this is the live view, read with `client.listModels()`.
 */
export class ModelCatalogue {
  /** Every id and alias, lower-cased, to its model. */
  readonly #byName = new Map<string, CatalogModel>();
  /** Each name's parameter defaults and its model's rates, worked out once. */
  readonly #pricing = new Map<string, { defaults: Defaults; price: Pricer }>();

  constructor(
    readonly models: readonly CatalogModel[],
    /** The catalogue's ETag, sent back as `If-None-Match` to learn whether it changed. */
    readonly etag: string | undefined,
    /** When it was read (epoch ms). */
    readonly fetchedAt: number,
    /** The defaults a body may omit, from the SDK's typed catalog. */
    readonly defaultsOf: (id: string) => Defaults = () => ({}),
  ) {
    for (const model of models) {
      for (const name of [model.id, ...(model.aliases ?? [])]) {
        const key = name.toLowerCase();
        // An id wins over another model's alias of the same name.
        if (!this.#byName.has(key) || name === model.id) this.#byName.set(key, model);
      }
    }
  }

  /** The model an id or alias names (ids and aliases together, case-insensitively). */
  find(idOrAlias: string): CatalogModel | undefined {
    return this.#byName.get(idOrAlias.toLowerCase());
  }

  /** Whether the API still serves a model by this id or alias. */
  isServed(idOrAlias: string): boolean {
    return this.#byName.has(idOrAlias.toLowerCase());
  }

  /** The price of a create body before it is sent; `unknown` with the reason when it cannot be known. */
  quote(body: { model: string } & Readonly<Record<string, unknown>>): Quote {
    const entry = this.find(body.model);
    if (!entry) {
      return {
        status: "unknown",
        model: body.model,
        reason: `the catalogue does not list ${body.model} (it may no longer be served)`,
      };
    }
    let pricing = this.#pricing.get(body.model);
    if (!pricing) {
      // A body names its model by id or alias; the typed catalog may know either.
      const defaults = { ...this.defaultsOf(entry.id), ...this.defaultsOf(body.model) };
      pricing = { defaults, price: pricerOf(entry) };
      this.#pricing.set(body.model, pricing);
    }
    return pricing.price(body, pricing.defaults);
  }
}
