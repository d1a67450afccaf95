// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // beeble/switchx-video-to-video
  "beeble.switchx-video-to-video": {"type":"object","properties":{"model":{"type":"string"},"video_url":{"type":"string","format":"uri"},"alpha_url":{"type":"string","format":"uri"},"reference_image_url":{"type":"string","format":"uri"},"alpha_mode":{"type":"string","enum":["auto","fill","custom","select"]},"max_resolution":{"type":"integer","enum":[720,1080]},"alpha_keyframe_index":{"type":"integer","minimum":0},"seed":{"type":"integer","minimum":0,"maximum":4294967295},"prompt":{"type":"string","maxLength":2000}},"required":["model","video_url"]},
};
