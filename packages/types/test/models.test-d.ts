import { describe, expectTypeOf, it } from "vitest";
import type {
  AspectRatio,
  CreateGenerationBody,
  ModelId,
  ModelParameter,
  VideoDuration,
  VideoModel,
} from "../src/index.js";

describe("ModelId", () => {
  it("lists every model, the first one included", () => {
    expectTypeOf<"google/veo-3.1-t2v">().toExtend<ModelId>();
    expectTypeOf<"openai/sora-2-t2v">().toExtend<ModelId>();
    expectTypeOf<"kling-video/v1/standard/text-to-video">().toExtend<ModelId>();
    expectTypeOf<VideoModel>().toEqualTypeOf<ModelId>();
  });

  it("is not just string", () => {
    expectTypeOf<"acme/not-a-model">().not.toExtend<ModelId>();
  });
});

describe("CreateGenerationBody<M>", () => {
  it("is the model's own body", () => {
    expectTypeOf<
      CreateGenerationBody<"google/veo-3.1-t2v">["model"]
    >().toEqualTypeOf<"google/veo-3.1-t2v">();
    expectTypeOf<ModelParameter<"google/veo-3.1-t2v", "duration">>().toEqualTypeOf<4 | 6 | 8>();
  });

  it("Veo 3.1 takes duration 8 and refuses 5", () => {
    const ok = {
      model: "google/veo-3.1-t2v",
      prompt: "A fox",
      duration: 8,
    } satisfies CreateGenerationBody;
    expectTypeOf(ok).toExtend<CreateGenerationBody<"google/veo-3.1-t2v">>();
    const wrong: CreateGenerationBody = {
      model: "google/veo-3.1-t2v",
      prompt: "A fox",
      // @ts-expect-error Veo 3.1 lasts 4, 6 or 8 seconds
      duration: 5,
    };
    void wrong;
  });

  it("Veo 3.1 refuses the duration as a string, as the vendor's samples send it", () => {
    const wrong: CreateGenerationBody<"google/veo-3.1-t2v"> = {
      model: "google/veo-3.1-t2v",
      prompt: "A fox",
      // @ts-expect-error a number, not "8"
      duration: "8",
    };
    void wrong;
  });

  it("Kling v1 has no generate_audio", () => {
    const wrong: CreateGenerationBody = {
      model: "kling-video/v1/standard/text-to-video",
      prompt: "A fox",
      // @ts-expect-error Kling v1 makes no sound
      generate_audio: true,
    };
    void wrong;
  });

  it("an image-to-video model requires image_url", () => {
    // @ts-expect-error image_url is required
    const missing: CreateGenerationBody = { model: "google/veo-3.1-i2v", prompt: "A fox" };
    void missing;
    const ok = {
      model: "google/veo-3.1-i2v",
      prompt: "A fox",
      image_url: "https://example.com/fox.png",
    } satisfies CreateGenerationBody;
    void ok;
  });

  it("an unknown model is a type error", () => {
    // @ts-expect-error no such model
    const wrong: CreateGenerationBody = { model: "acme/not-a-model", prompt: "A fox" };
    void wrong;
  });

  it("keeps the first model's field aliases", () => {
    expectTypeOf<AspectRatio>().toEqualTypeOf<"16:9" | "9:16" | "1:1">();
    expectTypeOf<VideoDuration>().toEqualTypeOf<5 | 10>();
  });
});
