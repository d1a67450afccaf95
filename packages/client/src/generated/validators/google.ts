// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // google/gemini-omni-flash-preview
  "google.gemini-omni-flash-preview": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","minLength":1},"image_url":{"type":"string","format":"uri"},"image_urls":{"type":"array","maxItems":6,"items":{"type":"string","format":"uri"}},"video_url":{"type":"string","format":"uri"},"audio_url":{"type":"string","format":"uri"},"previous_interaction_id":{"type":"string"},"task":{"type":"string","enum":["text_to_video","image_to_video","reference_to_video","edit"]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[3,4,5,6,7,8,9,10]},"delivery":{"type":"string","enum":["uri"]}},"required":["model","prompt"]},
  // google/veo-3-1-lite-generate-preview
  "google.veo-3-1-lite-generate-preview": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"last_image_url":{"type":"string","format":"uri"},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"resolution":{"type":"string","enum":["720p","1080p"]},"duration":{"type":"integer","enum":[4,6,8]},"generate_audio":{"type":"boolean"},"provider":{"type":"string"}},"required":["model","prompt"]},
  // google/veo-3.0-fast, google/veo3
  "google.veo-3.0-fast": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"duration":{"type":"integer","enum":[4,6,8]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"resolution":{"type":"string","enum":["720P","1080P"]},"negative_prompt":{"type":"string"},"seed":{"type":"integer"},"enhance_prompt":{"type":"boolean"},"generate_audio":{"type":"boolean"}},"required":["model","prompt"]},
  // google/veo-3.0-i2v, google/veo-3.0-i2v-fast
  "google.veo-3.0-i2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"duration":{"type":"integer","enum":[4,6,8]},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"resolution":{"type":"string","enum":["720P","1080P"]},"negative_prompt":{"type":"string"},"seed":{"type":"integer"},"enhance_prompt":{"type":"boolean"},"generate_audio":{"type":"boolean"}},"required":["model","prompt","image_url"]},
  // google/veo-3.1-first-last-image-to-video, google/veo-3.1-first-last-image-to-video-fast
  "google.veo-3.1-first-last-image-to-video": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"last_image_url":{"type":"string","format":"uri"},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[4,6,8]},"resolution":{"type":"string","enum":["720p","1080p"]},"generate_audio":{"type":"boolean"},"provider":{"type":"string"}},"required":["model","prompt","image_url","last_image_url"]},
  // google/veo-3.1-i2v, google/veo-3.1-i2v-fast
  "google.veo-3.1-i2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_url":{"type":"string","format":"uri"},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[4,6,8]},"resolution":{"type":"string","enum":["720p","1080p"]},"generate_audio":{"type":"boolean"},"provider":{"type":"string"}},"required":["model","prompt","image_url"]},
  // google/veo-3.1-reference-to-video
  "google.veo-3.1-reference-to-video": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"image_urls":{"type":"array","items":{"type":"string","format":"uri"}},"duration":{"type":"integer","enum":[8]},"resolution":{"type":"string","enum":["720p","1080p"]},"generate_audio":{"type":"boolean"},"provider":{"type":"string"}},"required":["model","prompt","image_urls"]},
  // google/veo-3.1-t2v, google/veo-3.1-t2v-fast
  "google.veo-3.1-t2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"aspect_ratio":{"type":"string","enum":["16:9","9:16"]},"duration":{"type":"integer","enum":[4,6,8]},"resolution":{"type":"string","enum":["720p","1080p"]},"generate_audio":{"type":"boolean"},"seed":{"type":"integer"},"auto_fix":{"type":"boolean"},"negative_prompt":{"type":"string"},"enhance_prompt":{"type":"boolean"},"provider":{"type":"string"}},"required":["model","prompt"]},
  // google/veo3-1-extend-video, google/veo3-1-fast-extend-video
  "google.veo3-1-extend-video": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"video_url":{"type":"string","format":"uri"},"aspect_ratio":{"type":"string","enum":["auto","16:9","9:16"]},"duration":{"type":"integer","enum":[7]},"resolution":{"type":"string","enum":["720p"]},"generate_audio":{"type":"boolean"},"auto_fix":{"type":"boolean"},"provider":{"type":"string"}},"required":["model","prompt","video_url"]},
};
