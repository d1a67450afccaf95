// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // tencent/hunyuan-video-foley
  "tencent.hunyuan-video-foley": {"type":"object","properties":{"model":{"type":"string"},"video_url":{"type":"string","format":"uri"},"prompt":{"type":"string"},"negative_prompt":{"type":"string"},"guidance_scale":{"type":"number"},"num_inference_steps":{"type":"integer"},"seed":{"type":"integer"}},"required":["model","video_url","prompt"]},
};
