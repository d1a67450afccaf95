// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // gen3a_turbo
  "gen3a_turbo": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","maxLength":1000},"image_url":{"type":"string","format":"uri"},"tail_image_url":{"type":"string","format":"uri"},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[5,10]},"seed":{"type":"integer","minimum":0,"maximum":4294967295}},"required":["model","image_url"]},
};
