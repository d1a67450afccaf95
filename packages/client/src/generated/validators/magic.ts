// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // magic/image-to-video
  "magic.image-to-video": {"type":"object","properties":{"model":{"type":"string"},"image_url":{"type":"string","format":"uri"},"template":{"type":"string","enum":["Thailand Street","Times Square Billboard","New York Times Square (77)","Phone Social","Art Gallery","New York Times Square (66)","Dubai Museum","Digital Float","Rotating Cards","Desktop Reveal","Egypt Pyramid","Frames Drop","Cappadocia Balloons","Times Square Round Screen","Stockholm Metro","Tokyo Billboard","San Francisco Skyscrapers","Malaysia Shop","Las Vegas LED","Phone App","Paris Eiffel Tower"]}},"required":["model","image_url"]},
  // magic/text-to-video
  "magic.text-to-video": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string"},"template":{"type":"string","enum":["Shanghai Drone Show"]}},"required":["model","prompt"]},
  // magic/video-to-video
  "magic.video-to-video": {"type":"object","properties":{"model":{"type":"string"},"video_url":{"type":"string","format":"uri"},"template":{"type":"string","enum":["Thailand Street","Times Square Billboard","New York Times Square (78)","Phone Social","Art Gallery","New York Times Square (67)","Dubai Museum","Rotating Cards","Desktop Reveal","Egypt Pyramid","Cappadocia Balloons","Times Square Round Screen","Stockholm Metro","Tokyo Billboard","San Francisco Skyscrapers","Malaysia Shop","Las Vegas LED","Phone App","Paris Eiffel Tower"]}},"required":["model","video_url"]},
};
