// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // video-01
  "video-01": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","maxLength":2000},"image_url":{"type":"string","format":"uri"},"enhance_prompt":{"type":"boolean"}},"required":["model","prompt"]},
};
