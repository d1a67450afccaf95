// Named aliases over the generated types, so users never spell out `paths["/v2/…"]["post"]…`.
// Every alias is derived from ./generated/openapi.ts; none restates the spec.
import type { components, paths } from "./generated/openapi.js";

export type { components, operations, paths } from "./generated/openapi.js";

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Create = paths["/v2/video/generations"]["post"];
type Retrieve = paths["/v2/video/generations"]["get"];
type RetrieveLegacy = paths["/v2/generate/video/kling/generation"]["get"];

/** The body of `POST /v2/video/generations` for any model: a union discriminated by `model`. */
type AnyBody = Json<Create["requestBody"]>;

/** Every model the create call takes. */
export type ModelId = AnyBody["model"];

/** Each model's body, by model id. */
export type CreateGenerationBodies = { [Body in AnyBody as Body["model"]]: Body };

/**
 * The body of `POST /v2/video/generations`: `CreateGenerationBody<"google/veo-3.1-t2v">` is Veo
 * 3.1's; without an argument, the union of every model's body (an object literal is checked
 * against the body its `model` names).
 */
export type CreateGenerationBody<M extends ModelId = ModelId> = CreateGenerationBodies[M];
/** What the create call answers: the new task's id and status. */
export type CreatedGeneration = Json<Create["responses"][200]>;
/** A generation as `GET /v2/video/generations` returns it. */
export type Generation = Json<Retrieve["responses"][200]>;
/** A generation as the legacy `GET /v2/generate/video/kling/generation` returns it. */
export type LegacyGeneration = Json<RetrieveLegacy["responses"][200]>;
/** The query of either retrieve call. */
export type RetrieveGenerationQuery = Retrieve["parameters"]["query"];

export type GenerationStatus = Generation["status"];
/** Every model the create call takes (an older name of ModelId). */
export type VideoModel = ModelId;

/** A field of one model's body, without undefined: `ModelParameter<"google/veo-3.1-t2v", "duration">`. */
export type ModelParameter<
  M extends ModelId,
  K extends keyof CreateGenerationBody<M>,
> = NonNullable<CreateGenerationBody<M>[K]>;

// The first model's field unions, kept under their first names for the code written against it.
type KlingV1 = "kling-video/v1/standard/text-to-video";
/** Kling v1 standard text-to-video's aspect ratios; use ModelParameter for another model's. */
export type AspectRatio = ModelParameter<KlingV1, "aspect_ratio">;
/** Kling v1 standard text-to-video's durations; use ModelParameter for another model's. */
export type VideoDuration = ModelParameter<KlingV1, "duration">;
export type CameraControl = ModelParameter<KlingV1, "camera_control">;
export type AdvancedCameraControl = ModelParameter<KlingV1, "advanced_camera_control">;

/** The body of the API's 4xx and 5xx answers. */
export type ErrorBody = components["schemas"]["ErrorBody"];

type Logs = paths["/v2/logs"]["get"];
/** A page of `GET /v2/logs`: the account's requests, newest first. */
export type RequestLogPage = Json<Logs["responses"][200]>;
/** One request in the account's log; for a video create, `inference_id` is the generation id. */
export type RequestLogEntry = components["schemas"]["RequestLogEntry"];
/** The query of `GET /v2/logs`. */
export type RequestLogQuery = NonNullable<Logs["parameters"]["query"]>;

type Models = paths["/v1/models"]["get"];
type Transactions = paths["/v2/billing/transactions"]["get"];
/** `GET /v1/models`: the model catalogue (prices with `include=pricing`). */
export type ModelCatalog = Json<Models["responses"][200]>;
/** One model of the catalogue: its id, the aliases it also answers to, and its price. */
export type CatalogModel = components["schemas"]["CatalogModel"];
/** How a model is charged: `fixed`, `variants` (a rate per parameter combination) or `variable`. */
export type ModelPricing = components["schemas"]["ModelPricing"];
export type FixedPricing = components["schemas"]["FixedPricing"];
export type VariantPricing = components["schemas"]["VariantPricing"];
export type VariablePricing = components["schemas"]["VariablePricing"];
/** The query of `GET /v1/models`. */
export type ModelCatalogQuery = NonNullable<Models["parameters"]["query"]>;
/** `GET /v2/billing`: the balance in USD. */
export type Balance = components["schemas"]["Balance"];
/** One entry of the account's ledger (`GET /v2/billing/transactions`). */
export type Transaction = components["schemas"]["Transaction"];
export type TransactionPage = Json<Transactions["responses"][200]>;
/** The query of `GET /v2/billing/transactions`. */
export type TransactionQuery = NonNullable<Transactions["parameters"]["query"]>;
