import { createHash } from "node:crypto";
import type { CatalogModel } from "@aimlapi-video/types";
import {
  bodyOf,
  type CatalogueChanges,
  type ModelDocument,
  modelIdOf,
  renamedDocument,
} from "./docs-json.js";
import type { SpecOperation } from "./model-routes.js";
import { bundledSpecPath } from "./paths.js";
import {
  checkedPricing,
  fixturePricing,
  type ModelSchema,
  mediaOf,
  type PriceOverride,
  quote,
  VARIABLE_PRICE_USD,
} from "./prices.js";
import { operationsOf } from "./prism.js";

/** The catalogue's type for the models the video endpoint serves. */
export const VIDEO_MODEL_TYPE = "internal/video-generations/submit";
const CREATE_PATH = "/v2/video/generations";
const DEFAULT_API_ORIGIN = "https://api.aimlapi.com";
const SECTIONS = ["pricing", "modalities", "capabilities"] as const;
type Section = (typeof SECTIONS)[number];

interface Modalities {
  input: string[];
  output: string[];
}

const modalities = (model: CatalogModel) => model.modalities as Modalities | undefined;

/** The filters of `GET /v1/models`, each with the values of a model it matches. */
const FILTERS: Record<string, (model: CatalogModel) => readonly string[]> = {
  id: (model) => [model.id, ...(model.aliases ?? [])],
  type: (model) => [model.type],
  tags: (model) => model.tags ?? [],
  modalities: (model) => [
    ...(modalities(model)?.input ?? []),
    ...(modalities(model)?.output ?? []),
  ],
  input_modalities: (model) => modalities(model)?.input ?? [],
  output_modalities: (model) => modalities(model)?.output ?? [],
  capabilities: (model) => model.capabilities ?? [],
};

export interface CatalogueOptions {
  /** The spec whose models to list; default the spec bundled in this package. */
  specPath?: string;
  /**
   * Prices to list and charge instead of the fixtures, by model id: a pricing object, or USD for
   * one video (a `fixed` price per video).
   */
  prices?: Readonly<Record<string, PriceOverride>>;
}

/**
 * The model catalogue the mock serves: one entry per model of the spec's create body, with
 * fixture aliases and prices. Every model answers to `legacy-<its id, each "/" a "-">` too
 * (`legacy-google-veo-3.1-t2v`), so that aliases can be tested.
 */
export class Catalogue {
  /** Every model with every section, in the spec's order. */
  readonly models: readonly CatalogModel[];
  /** A weak validator of the whole catalogue: any change to a model or a price changes it. */
  readonly etag: string;
  /** Every id and alias, lower-cased, to its model; an id wins over another model's alias. */
  readonly #byName = new Map<string, CatalogModel>();
  /** The parameter defaults of each model, which a body may omit. */
  readonly #defaults = new Map<string, Record<string, unknown>>();
  /** Each listed model's OpenAPI document, served at `/docs-json`, by id. */
  readonly #documents = new Map<string, ModelDocument>();

  constructor(
    operations: readonly SpecOperation[],
    prices: Readonly<Record<string, PriceOverride>> = {},
    /** The spec's model documents (see modelDocuments) and a test's changes to the catalogue. */
    { documents = new Map(), changes = {} }: CatalogueData = {},
  ) {
    const spec = specModels(operations);
    const { origin } = spec;
    const ids = new Set(spec.models.map((model) => model.id));
    for (const id of Object.keys(prices)) {
      if (!ids.has(id)) {
        throw new RangeError(
          `prices must be keyed by model ids of the spec; received "${id}", which it does not have`,
        );
      }
    }
    const models = changed(spec.models, documents, changes);
    for (const { id, document } of models) if (document) this.#documents.set(id, document);
    this.models = models.map(({ id, schema, was }) => {
      const override = prices[was ?? id];
      const pricing =
        override === undefined
          ? fixturePricing(schema)
          : checkedPricing(`prices["${id}"]`, override);
      this.#defaults.set(id, defaultsOf(schema));
      const entry = entryOf(id, schema, origin, pricing);
      if (was !== undefined) entry.aliases = [was, ...(entry.aliases ?? [])];
      return entry;
    });
    for (const model of this.models) {
      for (const name of [model.id, ...(model.aliases ?? [])]) {
        const key = name.toLowerCase();
        if (!this.#byName.has(key) || name === model.id) this.#byName.set(key, model);
      }
    }
    const digest = createHash("sha256").update(JSON.stringify(this.models)).digest("hex");
    this.etag = `W/"${digest.slice(0, 16)}"`;
  }

  /** The model an id or alias names, case-insensitively. */
  find(idOrAlias: string): CatalogModel | undefined {
    return this.#byName.get(idOrAlias.toLowerCase());
  }

  /**
   * `GET /v1/models`: the models every filter of the query keeps (values case-insensitive, comma
   * separated or repeated: any value of a filter, every filter given), with the sections asked for.
   */
  list(query: URLSearchParams): CatalogModel[] {
    const filters = Object.entries(FILTERS).flatMap(([name, valuesOf]) => {
      const wanted = values(query, name);
      return wanted.length === 0 ? [] : [{ wanted, valuesOf }];
    });
    const sections = sectionsOf(query);
    return this.models
      .filter((model) =>
        filters.every(({ wanted, valuesOf }) =>
          valuesOf(model).some((value) => wanted.includes(value.toLowerCase())),
        ),
      )
      .map((model) => withSections(model, sections));
  }

  /** `GET /docs-json?model=<id>`: the OpenAPI document of the model an id or alias names. */
  document(idOrAlias: string): ModelDocument | undefined {
    const model = this.find(idOrAlias);
    const document = model && this.#documents.get(model.id);
    return document && structuredClone(document);
  }

  /** `GET /model/{id}`: the model an id or alias names, with the sections asked for. */
  one(idOrAlias: string, query: URLSearchParams): CatalogModel | undefined {
    const model = this.find(idOrAlias);
    return model && withSections(model, sectionsOf(query));
  }

  /**
   * What the mock charges for a create body: its quote from the catalogue (see `quote`), or
   * `VARIABLE_PRICE_USD` when it has none.
   */
  priceOf(body: Readonly<Record<string, unknown>>): number {
    const model = typeof body.model === "string" ? this.find(body.model) : undefined;
    const pricing = model?.pricing;
    const usd = pricing && quote(pricing, body, this.#defaults.get(model.id) ?? {});
    return usd ?? VARIABLE_PRICE_USD;
  }
}

/**
 * The catalogue the mock serves for a spec (default the bundled one), every model with every
 * section: what a test needs to work out the price of a create.
 */
export async function mockCatalogue(options: CatalogueOptions = {}): Promise<CatalogModel[]> {
  const { operations } = await operationsOf(options.specPath ?? bundledSpecPath);
  return structuredClone([...new Catalogue(operations, options.prices).models]);
}

export interface CatalogueData {
  documents?: ReadonlyMap<string, ModelDocument>;
  changes?: CatalogueChanges;
}

interface Listed {
  id: string;
  schema: ModelSchema;
  document?: ModelDocument;
  /** The id the spec has for a renamed model. */
  was?: string;
}

/** The spec's models with a test's changes: removed, renamed (in place), added (at the end). */
function changed(
  models: readonly { id: string; schema: ModelSchema }[],
  documents: ReadonlyMap<string, ModelDocument>,
  { add = [], remove = [], rename = {} }: CatalogueChanges,
): Listed[] {
  const ids = new Set(models.map((model) => model.id));
  for (const id of [...remove, ...Object.keys(rename)]) {
    if (!ids.has(id)) {
      throw new RangeError(
        `catalogue changes must name model ids of the spec; received "${id}", which it does not have`,
      );
    }
  }
  const listed: Listed[] = models
    .filter((model) => !remove.includes(model.id))
    .map(({ id, schema }) => {
      const to = rename[id];
      const document = documents.get(id);
      if (to === undefined) return { id, schema, ...(document && { document }) };
      const title = schema.title === id ? { title: to } : {};
      return {
        id: to,
        schema: { ...schema, ...title },
        was: id,
        ...(document && { document: renamedDocument(document, id, to) }),
      };
    });
  for (const { id, document } of add) {
    const schema = bodyOf(document);
    if (!schema || modelIdOf(schema) !== id) {
      throw new RangeError(
        `catalogue.add: the document of "${id}" must have a POST ${CREATE_PATH} body whose model enum is ["${id}"]`,
      );
    }
    if (listed.some((model) => model.id === id)) {
      throw new RangeError(`catalogue.add: "${id}" is listed already`);
    }
    listed.push({ id, schema, document: structuredClone(document) });
  }
  return listed;
}

/** The models of the create body's `oneOf`, by their `model` value, and the API's origin. */
function specModels(operations: readonly SpecOperation[]) {
  const create = operations.find((op) => op.method === "post" && op.path === CREATE_PATH);
  const union = create?.request?.body?.contents?.find((content) => content.schema)?.schema as
    | { oneOf?: (ModelSchema & { properties?: { model?: { enum?: unknown[] } } })[] }
    | undefined;
  const models = (union?.oneOf ?? []).flatMap((schema) => {
    const id = schema.properties?.model?.enum?.[0];
    return typeof id === "string" ? [{ id, schema }] : [];
  });
  const origin = (create?.servers?.[0]?.url ?? DEFAULT_API_ORIGIN).replace(/\/$/, "");
  return { models, origin };
}

function entryOf(
  id: string,
  schema: ModelSchema,
  origin: string,
  pricing: CatalogModel["pricing"],
): CatalogModel {
  const vendor = schema["x-vendor"];
  const parameters = Object.keys(schema.properties ?? {});
  const required = mediaOf(schema.required ?? []);
  const text = parameters.includes("prompt") ? ["text"] : [];
  return {
    id,
    aliases: [`legacy-${id.replaceAll("/", "-")}`],
    type: VIDEO_MODEL_TYPE,
    info: {
      name: schema.title ?? id,
      ...(vendor !== undefined && { developer: vendor }),
      docsJson: new URL(`/docs-json?model=${id}&endpoint=${VIDEO_MODEL_TYPE}`, origin).href,
    },
    tags: [
      "playground:video",
      ...(vendor === undefined ? [] : [`developer:${vendor.toLowerCase().replace(/\W+/g, "-")}`]),
    ],
    pricing,
    modalities: { input: [...text, ...mediaOf(parameters)], output: ["video"] },
    // What a body must give: text alone, or the media it requires.
    capabilities:
      required.length > 0
        ? required.map((kind) => `${kind}_to_video`)
        : text.length > 0
          ? ["text_to_video"]
          : [],
  };
}

function defaultsOf(schema: ModelSchema): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
      property.default === undefined ? [] : [[name, property.default]],
    ),
  );
}

/** A parameter's values, lower-cased: comma-separated, repeated, or both. */
function values(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== "");
}

/** The sections `include` asks for (unknown ones ignored); `details=true` or `all` for every one. */
function sectionsOf(query: URLSearchParams): Set<Section> {
  const include = values(query, "include");
  if (query.get("details") === "true" || include.includes("all")) return new Set(SECTIONS);
  return new Set(SECTIONS.filter((section) => include.includes(section)));
}

function withSections(model: CatalogModel, sections: Set<Section>): CatalogModel {
  const copy = structuredClone(model);
  for (const section of SECTIONS) if (!sections.has(section)) delete copy[section];
  return copy;
}
