import { describe, expect, it } from "vitest";
import { getModel, type MediaFacts, models, type ParameterInfo } from "./models.js";
import { assertValidCreateBody } from "./validate.js";

describe("the model catalog", () => {
  it("lists every model once, sorted by id", () => {
    const ids = models.map((m) => m.id);
    expect(ids.length).toBeGreaterThanOrEqual(141);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("describes a model's parameters with their types, enums, ranges and defaults", () => {
    const veo = getModel("google/veo-3.1-t2v");
    expect(veo).toMatchObject({ vendor: "Google", kind: "text-to-video", required: ["prompt"] });
    expect(veo?.inputs).toEqual(["text"]);
    const duration = veo?.parameters.find((p) => p.name === "duration");
    // The vendor writes this default as the string "8"; the catalog has the number.
    expect(duration).toMatchObject({
      type: "integer",
      enum: [4, 6, 8],
      default: 8,
      required: false,
    });
    const cfg = getModel("kling-video/v1/standard/text-to-video")?.parameters.find(
      (p) => p.name === "cfg_scale",
    );
    expect(cfg).toMatchObject({ type: "number", minimum: 0, maximum: 1 });
  });

  it("describes nested objects field by field", () => {
    const camera = getModel("kling-video/v1/standard/text-to-video")?.parameters.find(
      (p) => p.name === "advanced_camera_control",
    );
    expect(camera?.properties?.map((p) => [p.name, p.required, p.type])).toEqual([
      ["movement_type", true, "string"],
      ["movement_value", true, "integer"],
    ]);
  });

  it("tells what each model makes from what", () => {
    expect(getModel("google/veo-3.1-i2v")).toMatchObject({
      kind: "image-to-video",
      required: ["prompt", "image_url"],
    });
    expect(getModel("google/veo3-1-extend-video")?.kind).toBe("video-to-video");
    // Its image is optional in the schema, but the id says what it is for.
    expect(getModel("bytedance/seedance-1-0-pro-i2v")?.kind).toBe("image-to-video");
    expect(getModel("klingai/avatar-pro")?.inputs).toEqual(["text", "image", "audio"]);
    const kinds = new Set(models.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(["image-to-video", "text-to-video", "video-to-video"]);
  });

  it("says per media field the medium, whether a data URI is taken, and the stated limits", () => {
    const field = (id: string, name: string) =>
      getModel(id)?.parameters.find((p) => p.name === name)?.media;
    expect(field("minimax/hailuo-02", "image_url")).toEqual({
      medium: "image",
      dataUri: true,
      formats: ["image/jpeg", "image/png"],
      maxBytes: 20 * 1024 * 1024,
      minSidePx: 300,
    });
    expect(field("bytedance/seedance-2-0", "video_url")).toEqual({
      medium: "video",
      dataUri: false,
      urlOnly: true,
    });
    expect(field("bytedance/seedance-2-0", "audio_url")).toMatchObject({ maxSeconds: 15.2 });
    // Nested in a list of objects.
    const elements = getModel("klingai/video-v3-pro-image-to-video")?.parameters.find(
      (p) => p.name === "elements",
    );
    expect(elements?.items?.properties?.find((p) => p.name === "video_url")?.media).toEqual({
      medium: "video",
      dataUri: false,
    });
    expect(getModel("klingai/video-v3-pro-image-to-video")?.inputs).toContain("video");
    // The vendor's documentation: 102 models take media, 81 of them a data URI somewhere.
    const media = (params: readonly ParameterInfo[] | undefined): MediaFacts[] =>
      (params ?? []).flatMap((p) => [
        ...(p.media ? [p.media] : []),
        ...media(p.properties),
        ...media(p.items ? [p.items as ParameterInfo] : []),
      ]);
    const withMedia = models.filter((m) => media(m.parameters).length > 0);
    expect(withMedia).toHaveLength(102);
    expect(withMedia.filter((m) => media(m.parameters).some((f) => f.dataUri))).toHaveLength(81);
  });

  it("gives every model an example body that its validator accepts", async () => {
    for (const model of models) {
      expect(model.example?.model, model.id).toBe(model.id);
      await expect(assertValidCreateBody(model.example), model.id).resolves.toBeUndefined();
    }
  });

  it("has no entry for an id the API does not serve", () => {
    expect(getModel("acme/not-a-model")).toBeUndefined();
  });
});
