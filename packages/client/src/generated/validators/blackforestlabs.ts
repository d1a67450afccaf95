// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { BodySchema } from "../../body-schema.js";

/** The body schemas of this chunk's models, by the key the index gives them. */
export const schemas: Record<string, BodySchema> = {
  // blackforestlabs/flux-3-video-draft-i2v
  "blackforestlabs.flux-3-video-draft-i2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","minLength":1},"aspect_ratio":{"type":"string","enum":["auto","21:9","2:1","16:9","4:3","1:1","3:4","9:16"]},"duration":{"type":"integer","minimum":5,"maximum":20},"generate_audio":{"type":"boolean"},"safety_tolerance":{"type":"integer","minimum":0,"maximum":4},"image_url":{"type":"string","format":"uri"},"last_image_url":{"type":"string","format":"uri"},"image_urls":{"type":"array","maxItems":10,"items":{"type":"string","format":"uri"}},"resolution":{"type":"string","enum":["hd"]}},"required":["model","prompt","image_url"]},
  // blackforestlabs/flux-3-video-draft-t2v
  "blackforestlabs.flux-3-video-draft-t2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","minLength":1},"aspect_ratio":{"type":"string","enum":["auto","21:9","2:1","16:9","4:3","1:1","3:4","9:16"]},"duration":{"type":"integer","minimum":5,"maximum":20},"generate_audio":{"type":"boolean"},"safety_tolerance":{"type":"integer","minimum":0,"maximum":4},"resolution":{"type":"string","enum":["hd"]}},"required":["model","prompt"]},
  // blackforestlabs/flux-3-video-draft-v2v
  "blackforestlabs.flux-3-video-draft-v2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","minLength":1},"aspect_ratio":{"type":"string","enum":["auto","21:9","2:1","16:9","4:3","1:1","3:4","9:16"]},"duration":{"type":"integer","minimum":5,"maximum":20},"generate_audio":{"type":"boolean"},"safety_tolerance":{"type":"integer","minimum":0,"maximum":4},"video_url":{"type":"string","format":"uri"},"resolution":{"type":"string","enum":["hd"]}},"required":["model","prompt","video_url"]},
  // blackforestlabs/flux-3-video-i2v
  "blackforestlabs.flux-3-video-i2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","minLength":1},"aspect_ratio":{"type":"string","enum":["auto","21:9","2:1","16:9","4:3","1:1","3:4","9:16"]},"duration":{"type":"integer","minimum":5,"maximum":20},"generate_audio":{"type":"boolean"},"safety_tolerance":{"type":"integer","minimum":0,"maximum":4},"image_url":{"type":"string","format":"uri"},"last_image_url":{"type":"string","format":"uri"},"image_urls":{"type":"array","maxItems":10,"items":{"type":"string","format":"uri"}},"resolution":{"type":"string","enum":["hd","fhd"]}},"required":["model","prompt","image_url"]},
  // blackforestlabs/flux-3-video-t2v
  "blackforestlabs.flux-3-video-t2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","minLength":1},"aspect_ratio":{"type":"string","enum":["auto","21:9","2:1","16:9","4:3","1:1","3:4","9:16"]},"duration":{"type":"integer","minimum":5,"maximum":20},"generate_audio":{"type":"boolean"},"safety_tolerance":{"type":"integer","minimum":0,"maximum":4},"resolution":{"type":"string","enum":["hd","fhd"]}},"required":["model","prompt"]},
  // blackforestlabs/flux-3-video-v2v
  "blackforestlabs.flux-3-video-v2v": {"type":"object","properties":{"model":{"type":"string"},"prompt":{"type":"string","minLength":1},"aspect_ratio":{"type":"string","enum":["auto","21:9","2:1","16:9","4:3","1:1","3:4","9:16"]},"duration":{"type":"integer","minimum":5,"maximum":20},"generate_audio":{"type":"boolean"},"safety_tolerance":{"type":"integer","minimum":0,"maximum":4},"video_url":{"type":"string","format":"uri"},"resolution":{"type":"string","enum":["hd","fhd"]}},"required":["model","prompt","video_url"]},
};
