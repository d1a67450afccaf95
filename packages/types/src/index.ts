// Named aliases over the generated types, so users never spell out `paths["/v2/…"]["post"]…`.
// Every alias is derived from ./generated/openapi.ts; none restates the spec.
import type { components, paths } from "./generated/openapi.js";

export type { components, operations, paths } from "./generated/openapi.js";

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Create = paths["/v2/video/generations"]["post"];
type Retrieve = paths["/v2/video/generations"]["get"];
type RetrieveLegacy = paths["/v2/generate/video/kling/generation"]["get"];

/** The body of `POST /v2/video/generations`. */
export type CreateGenerationBody = Json<Create["requestBody"]>;
/** What the create call answers: the new task's id and status. */
export type CreatedGeneration = Json<Create["responses"][200]>;
/** A generation as `GET /v2/video/generations` returns it. */
export type Generation = Json<Retrieve["responses"][200]>;
/** A generation as the legacy `GET /v2/generate/video/kling/generation` returns it. */
export type LegacyGeneration = Json<RetrieveLegacy["responses"][200]>;
/** The query of either retrieve call. */
export type RetrieveGenerationQuery = Retrieve["parameters"]["query"];

export type GenerationStatus = Generation["status"];
export type VideoModel = CreateGenerationBody["model"];
export type AspectRatio = NonNullable<CreateGenerationBody["aspect_ratio"]>;
export type VideoDuration = NonNullable<CreateGenerationBody["duration"]>;
export type CameraControl = NonNullable<CreateGenerationBody["camera_control"]>;
export type AdvancedCameraControl = NonNullable<CreateGenerationBody["advanced_camera_control"]>;

/** The body of the API's 4xx and 5xx answers. */
export type ErrorBody = components["schemas"]["ErrorBody"];
