// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // ltxv/ltxv-2, ltxv/ltxv-2-fast
  "ltxv.ltxv-2": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"duration":{"type":"integer","enum":[6,8,10]},"resolution":{"type":"string","enum":["1080p","1440p","2160p"]},"aspect_ratio":{"type":"string","enum":["16:9"]},"fps":{"type":"integer","enum":[25,50]},"generate_audio":{"type":"boolean"}},"required":["model","prompt"]},
};
