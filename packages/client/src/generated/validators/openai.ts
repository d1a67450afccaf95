// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // openai/sora-2-i2v
  "openai.sora-2-i2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"resolution":{"type":"string","enum":["720p"]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[4,8,12]}},"required":["model","prompt","image_url"]},
  // openai/sora-2-pro-i2v
  "openai.sora-2-pro-i2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"resolution":{"type":"string","enum":["720p","1080p"]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[4,8,12]}},"required":["model","prompt","image_url"]},
  // openai/sora-2-pro-t2v
  "openai.sora-2-pro-t2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"resolution":{"type":"string","enum":["720p","1080p"]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[4,8,12]}},"required":["model","prompt"]},
  // openai/sora-2-t2v
  "openai.sora-2-t2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"resolution":{"type":"string","enum":["720p"]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[4,8,12]}},"required":["model","prompt"]},
};
