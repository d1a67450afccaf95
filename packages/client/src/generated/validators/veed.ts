// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // veed/fabric-1.0
  "veed.fabric-1.0": {"type":"object","properties":{"model":{"type":"string"},"image_url":{"type":"string","format":"uri"},"audio_url":{"type":"string","format":"uri"},"resolution":{"type":"string","enum":["480p","720p"]}},"required":["model","image_url","audio_url"]},
};
