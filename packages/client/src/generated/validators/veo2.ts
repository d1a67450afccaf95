// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // veo2
  "veo2": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"duration":{"type":"integer","enum":[5,6,7,8]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"negative_prompt":{"type":"string"},"seed":{"type":"integer"},"enhance_prompt":{"type":"boolean"}},"required":["model","prompt"]},
  // veo2/image-to-video
  "veo2.image-to-video": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"tail_image_url":{"type":"string","format":"uri"},"duration":{"type":"integer","enum":[5,6,7,8]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"negative_prompt":{"type":"string"},"seed":{"type":"integer"},"enhance_prompt":{"type":"boolean"}},"required":["model","prompt","image_url"]},
};
