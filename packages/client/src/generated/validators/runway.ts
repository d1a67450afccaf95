// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // runway/act_two
  "runway.act_two": {"type":"object","properties":{"model":{"type":"string"},"character":{"oneOf":[{"type":"object","properties":{"type":{"type":"string","enum":["video"]},"url":{"type":"string","format":"uri"}},"required":["type","url"]},{"type":"object","properties":{"type":{"type":"string","enum":["image"]},"url":{"type":"string","format":"uri"}},"required":["type","url"]}]},"reference":{"type":"object","properties":{"type":{"type":"string","enum":["video"]},"url":{"type":"string","format":"uri"}},"required":["type","url"]},"frame_size":{"type":"string","enum":["1280:720","720:1280","1104:832","832:1104","960:960","1584:672","848:480","640:480"]},"body_control":{"type":"boolean"},"expression_intensity":{"type":"integer","minimum":1,"maximum":5},"seed":{"type":"integer","minimum":0,"maximum":4294967295}},"required":["model","character","reference"]},
  // runway/gen4_aleph
  "runway.gen4_aleph": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","maxLength":1000},"video_url":{"type":"string","format":"uri"},"references":{"type":"array","items":{"type":"object","properties":{"type":{"type":"string","enum":["image"]},"url":{"type":"string","format":"uri"}},"required":["type","url"]}},"frame_size":{"type":"string","enum":["1280:720","720:1280","1104:832","832:1104","960:960","1584:672","848:480","640:480"]},"duration":{"type":"number","enum":[5]},"seed":{"type":"integer","minimum":0,"maximum":4294967295}},"required":["model","prompt","video_url"]},
  // runway/gen4_turbo
  "runway.gen4_turbo": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","maxLength":1000},"image_url":{"type":"string","format":"uri"},"tail_image_url":{"type":"string","format":"uri"},"aspect_ratio":{"type":"string","enum":["16:9","9:16","4:3","3:4","1:1","21:9"]},"duration":{"type":"integer","enum":[5,10]},"seed":{"type":"integer","minimum":0,"maximum":4294967295}},"required":["model","image_url"]},
};
