// A small consumer of the types: what `pnpm bench` type-checks (see tsc.bench.ts).
import type { CreateGenerationBody, ModelId } from "../src/index.js";

declare function generateVideo<M extends ModelId>(
  body: CreateGenerationBody<M> & { model: M },
): Promise<{ url: string }>;

const body: CreateGenerationBody = {
  model: "kling-video/v1/standard/text-to-video",
  prompt: "A fox",
  duration: 5,
};
export const kling = generateVideo(body);
export const veo = generateVideo({ model: "google/veo-3.1-t2v", prompt: "A fox", duration: 8 });
