// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // veo-3.1-lite-generate-001
  "veo-3.1-lite-generate-001": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"last_image_url":{"type":"string","format":"uri"},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"resolution":{"type":"string","enum":["720P","1080P"]},"duration":{"type":"integer","enum":[4,6,8]},"generate_audio":{"type":"boolean"},"person_generation":{"type":"string","enum":["dont_allow","allow_adult"]}},"required":["model","prompt"]},
};
