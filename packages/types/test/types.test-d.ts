import { describe, expectTypeOf, it } from "vitest";
import type {
  CreateGenerationBody,
  ErrorBody,
  Generation,
  GenerationStatus,
  LegacyGeneration,
} from "../src/index.js";

describe("CreateGenerationBody", () => {
  it("accepts a body with the required fields", () => {
    const body = {
      model: "kling-video/v1/standard/text-to-video",
      prompt: "A red fox in the snow",
      duration: 10,
      aspect_ratio: "9:16",
    } satisfies CreateGenerationBody;
    expectTypeOf(body).toExtend<CreateGenerationBody>();
  });

  it("rejects a body without a prompt", () => {
    // @ts-expect-error prompt is required
    const body: CreateGenerationBody = { model: "kling-video/v1/standard/text-to-video" };
    void body;
  });

  it("rejects a duration outside 5 | 10", () => {
    const body: CreateGenerationBody = {
      model: "kling-video/v1/standard/text-to-video",
      prompt: "x",
      // @ts-expect-error duration is 5 or 10
      duration: 7,
    };
    void body;
  });

  it("rejects an aspect ratio the spec does not list", () => {
    const body: CreateGenerationBody = {
      model: "kling-video/v1/standard/text-to-video",
      prompt: "x",
      // @ts-expect-error aspect_ratio is 16:9, 9:16 or 1:1
      aspect_ratio: "4:3",
    };
    void body;
  });
});

describe("Generation", () => {
  it("has exactly the four statuses", () => {
    expectTypeOf<GenerationStatus>().toEqualTypeOf<
      "queued" | "generating" | "completed" | "error"
    >();
  });

  it("has a nullable video", () => {
    expectTypeOf<Generation["video"]>().toEqualTypeOf<{ url: string } | null | undefined>();
  });

  it("types the legacy body's looser error and usage", () => {
    expectTypeOf<string>().toExtend<NonNullable<LegacyGeneration["error"]>>();
    expectTypeOf<NonNullable<NonNullable<LegacyGeneration["meta"]>["usage"]>>().toHaveProperty(
      "tokens_used",
    );
  });

  it("types the error body's statusCode as seen in the wild", () => {
    expectTypeOf<ErrorBody["statusCode"]>().toEqualTypeOf<number | string>();
  });
});
