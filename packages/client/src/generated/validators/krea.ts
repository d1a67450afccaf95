// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // krea/krea-wan-14b/text-to-video
  "krea.krea-wan-14b.text-to-video": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"num_frames":{"type":"integer","minimum":18,"maximum":162},"enable_prompt_expansion":{"type":"boolean"},"seed":{"type":"integer"}},"required":["model","prompt"]},
  // krea/krea-wan-14b/video-to-video
  "krea.krea-wan-14b.video-to-video": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"video_url":{"type":"string","format":"uri"},"strength":{"type":"number","minimum":0,"maximum":1},"enable_prompt_expansion":{"type":"boolean"},"seed":{"type":"integer"}},"required":["model","prompt","video_url"]},
};
