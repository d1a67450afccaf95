// `@aimlapi-video/client/models`: every model the API serves, with its parameters, as data.
// A CLI or a UI lists the models and builds its forms from this; it is generated from the same
// spec as the types and the validators, so the three always agree.
import type { CreateGenerationBody, ModelId } from "@aimlapi-video/types";
import { modelCatalog } from "./generated/models.js";

/** What a model makes from what: a required video makes it video-to-video, a required image image-to-video. */
export type ModelKind = "text-to-video" | "image-to-video" | "video-to-video";

/** The media a model's body can carry, from its fields (prompt, image_url, video_url, audio_url…). */
export type ModelInput = "text" | "image" | "video" | "audio";

/** A JSON Schema, reduced to what a form needs. Unions are `anyOf`; null alone is `type: "null"`. */
export interface ParameterSchema {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object" | "null";
  format?: string;
  /** The allowed values, when the API lists them. */
  enum?: readonly (string | number | boolean | null)[];
  /** What the API uses when the field is left out, of the field's own type. */
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  description?: string;
  anyOf?: readonly ParameterSchema[];
  items?: ParameterSchema;
  /** An object's fields, each with its name and whether it is required. */
  properties?: readonly ParameterInfo[];
  /** For a field that takes media (for a list, each item): what it takes and the stated limits. */
  media?: MediaFacts;
}

/** A stated limit left out is unknown, not absent: the vendor may state it elsewhere. */
export interface MediaFacts {
  medium: "image" | "video" | "audio";
  /** A `data:<type>;base64,…` URI is taken besides a URL, so a local file can be sent inline. */
  dataUri: boolean;
  /** The vendor says only public URLs work. */
  urlOnly?: boolean;
  /** An asset id of the vendor's is taken too. */
  assetId?: boolean;
  /** The media types taken, e.g. `image/jpeg`. */
  formats?: readonly string[];
  /** The largest file, in bytes. */
  maxBytes?: number;
  /** The shortest side's least length, in pixels. */
  minSidePx?: number;
  /** The longest duration, in seconds. */
  maxSeconds?: number;
}

/** One field of a model's body (`model` itself excepted), or of an object in it. */
export interface ParameterInfo extends ParameterSchema {
  name: string;
  required: boolean;
}

export interface ModelInfo {
  id: ModelId;
  /** Who makes the model, e.g. "Google" or "Kling AI". */
  vendor: string;
  kind: ModelKind;
  inputs: readonly ModelInput[];
  /** The fields the body must have besides `model`. */
  required: readonly string[];
  parameters: readonly ParameterInfo[];
  /** A body the model accepts, to start from. */
  example?: CreateGenerationBody;
}

/** Every model, sorted by id. */
export const models: readonly ModelInfo[] = modelCatalog;

/** The model's entry, or undefined for an id the API does not serve. */
export function getModel(id: string): ModelInfo | undefined {
  return models.find((model) => model.id === id);
}
