// The models the CLI offers and their parameters: the client's generated catalog, the same spec
// the types and the validators come from.
import { getModel, type ModelInfo, models } from "@aimlapi-video/client/models";

export type {
  MediaFacts,
  ModelInfo,
  ParameterInfo,
  ParameterSchema,
} from "@aimlapi-video/client/models";

export const listModels = (): readonly ModelInfo[] => models;

export const findModel = (id: string): ModelInfo | undefined => getModel(id);

/** Up to three ids that share the most words with `id` (`kling`, `v1`, `text-to-video`…). */
export function closestModels(id: string): string[] {
  const words = id
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .filter(Boolean);
  return models
    .map((m) => ({ id: m.id, score: words.filter((w) => m.id.toLowerCase().includes(w)).length }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((m) => m.id);
}
