// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // x-ai/grok-imagine-video
  "x-ai.grok-imagine-video": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"reference_images":{"type":"array","minItems":1,"maxItems":7,"items":{"type":"string","format":"uri"}},"duration":{"type":"integer","minimum":1,"maximum":15},"aspect_ratio":{"type":"string","enum":["1:1","16:9","9:16","4:3","3:4","3:2","2:3"]},"resolution":{"type":"string","enum":["480p","720p","1080p"]}},"required":["model"]},
  // x-ai/grok-imagine-video-1.5-preview
  "x-ai.grok-imagine-video-1.5-preview": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"duration":{"type":"integer","minimum":1,"maximum":15},"aspect_ratio":{"type":"string","enum":["1:1","16:9","9:16","4:3","3:4","3:2","2:3"]},"resolution":{"type":"string","enum":["480p","720p","1080p"]}},"required":["model","image_url"]},
};
