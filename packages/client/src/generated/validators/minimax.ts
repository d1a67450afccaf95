// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // minimax/h3
  "minimax.h3": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","maxLength":7000},"image_url":{"type":"string","format":"uri"},"last_image_url":{"type":"string","format":"uri"},"reference_image_urls":{"type":"array","maxItems":9,"items":{"type":"string","format":"uri"}},"video_urls":{"type":"array","maxItems":3,"items":{"type":"string","format":"uri"}},"audio_urls":{"type":"array","maxItems":3,"items":{"type":"string","format":"uri"}},"duration":{"type":"integer","minimum":4,"maximum":15},"resolution":{"type":"string","enum":["2K"]},"ratio":{"type":"string","enum":["adaptive","21:9","16:9","4:3","1:1","3:4","9:16"]}},"required":["model","prompt"]},
  // minimax/hailuo-02
  "minimax.hailuo-02": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","maxLength":2000},"image_url":{"type":"string","format":"uri"},"last_image_url":{"type":"string","format":"uri"},"resolution":{"type":"string","enum":["768P","1080P"]},"duration":{"type":"integer","enum":[6,10]},"enhance_prompt":{"type":"boolean"}},"required":["model","prompt"]},
  // minimax/hailuo-2.3
  "minimax.hailuo-2.3": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","maxLength":2000},"image_url":{"type":"string","format":"uri"},"resolution":{"type":"string","enum":["768P","1080P"]},"duration":{"type":"integer","enum":[6,10]},"enhance_prompt":{"type":"boolean"}},"required":["model","prompt"]},
  // minimax/hailuo-2.3-fast
  "minimax.hailuo-2.3-fast": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","maxLength":2000},"image_url":{"type":"string","format":"uri"},"resolution":{"type":"string","enum":["768P","1080P"]},"duration":{"type":"integer","enum":[6,10]},"enhance_prompt":{"type":"boolean"}},"required":["model","prompt","image_url"]},
};
