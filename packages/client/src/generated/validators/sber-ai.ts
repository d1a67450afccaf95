// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // sber-ai/kandinsky5-distill-t2v, sber-ai/kandinsky5-t2v
  "sber-ai.kandinsky5-distill-t2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"aspect_ratio":{"type":"string","enum":["3:2","1:1","2:3"]},"duration":{"type":"integer","enum":[5,10]},"num_inference_steps":{"type":"integer"}},"required":["model","prompt"]},
};
