import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { assertValidCreateBody } from "./validate.js";
import { closest } from "./validate-issues.js";

async function issuesOf(body: unknown) {
  const error = await assertValidCreateBody(body).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
}

describe("assertValidCreateBody", () => {
  it("accepts each model's own body", async () => {
    await expect(
      assertValidCreateBody({ model: "google/veo-3.1-t2v", prompt: "A fox", duration: 8 }),
    ).resolves.toBeUndefined();
    await expect(
      assertValidCreateBody({
        model: "kling-video/v1/standard/text-to-video",
        prompt: "A fox",
        duration: 10,
      }),
    ).resolves.toBeUndefined();
  });

  it("checks the body against the schema of the model it names", async () => {
    expect(await issuesOf({ model: "google/veo-3.1-t2v", prompt: "A fox", duration: 10 })).toEqual([
      { field: "body.duration", expected: "one of 4 | 6 | 8", received: "10 (number)" },
    ]);
    // 10 is fine for Kling v1.
    await expect(
      assertValidCreateBody({
        model: "kling-video/v1/standard/text-to-video",
        prompt: "A fox",
        duration: 10,
      }),
    ).resolves.toBeUndefined();
  });

  it("tells to send a number when the duration comes as a string, as in the vendor's samples", async () => {
    expect(await issuesOf({ model: "google/veo-3.1-t2v", prompt: "A fox", duration: "8" })).toEqual(
      [
        {
          field: "body.duration",
          expected: 'one of 4 | 6 | 8 (send a number: 8, not the string "8")',
          received: '"8" (string)',
        },
      ],
    );
  });

  it("reports each wrong field once", async () => {
    const issues = await issuesOf({
      model: "kling-video/v1/standard/text-to-video",
      prompt: 3,
      duration: "5",
      aspect_ratio: "4:3",
    });
    expect(issues.map((i) => i.field)).toEqual([
      "body.prompt",
      "body.aspect_ratio",
      "body.duration",
    ]);
  });

  it("reports a value that fits no member of a union once, at its field", async () => {
    const issues = await issuesOf({
      model: "runway/act_two",
      character: { type: "audio", url: "https://example.com/a.mp3" },
      reference: { type: "video", url: "https://example.com/b.mp4" },
    });
    expect(issues).toEqual([
      {
        field: "body.character",
        expected: "a value of one of the allowed shapes",
        received: '{"type":"audio","url":"https://example.com/a.mp3"} (object)',
      },
    ]);
  });

  it("requires an image-to-video model's image", async () => {
    expect(await issuesOf({ model: "google/veo-3.1-i2v", prompt: "A fox" })).toEqual([
      { field: "body.image_url", expected: "a value (required)", received: "nothing" },
    ]);
  });

  it("checks that a URL field holds an absolute URL or a data: URI, naming the value", async () => {
    const model = "google/veo-3.1-i2v";
    for (const image_url of [
      "https://example.com/fox.png",
      "http://127.0.0.1:4010/fox.png?x=1",
      "data:image/png;base64,iVBORw0KGgo=",
    ]) {
      await expect(assertValidCreateBody({ model, prompt: "A fox", image_url })).resolves.toBe(
        undefined,
      );
    }
    const refused = ["not-a-url", "fox.png", "/tmp/fox.png", "C:\\fox.png", "https://"];
    for (const image_url of [...refused, "data:image/png;base64"]) {
      expect(await issuesOf({ model, prompt: "A fox", image_url })).toEqual([
        {
          field: "body.image_url",
          expected: "an absolute URL, such as https://example.com/image.png",
          received: `${JSON.stringify(image_url)} (string)`,
        },
      ]);
    }
    // In a list too: each item is checked.
    const listed = "kling-video/v1.6/standard/multi-image-to-video";
    const issues = await issuesOf({
      model: listed,
      prompt: "A fox",
      image_list: ["https://example.com/a.png", "nope"],
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ field: "body.image_list.1", received: '"nope" (string)' }),
    );
  });

  it("counts a prompt's length in characters, an emoji as one", async () => {
    const model = "klingai/video-v3-turbo-pro-text-to-video";
    await expect(
      assertValidCreateBody({ model, prompt: "🦊".repeat(3072) }),
    ).resolves.toBeUndefined();
    expect(await issuesOf({ model, prompt: "a".repeat(3073) })).toEqual([
      expect.objectContaining({
        field: "body.prompt",
        expected: "a string of at most 3072 characters",
      }),
    ]);
  });

  it("names the closest ids for a model it does not know", async () => {
    expect(await issuesOf({ model: "google/veo-3.1-t2x", prompt: "A fox" })).toEqual([
      {
        field: "body.model",
        expected:
          "a model the API serves; the closest: google/veo-3.1-t2v, google/veo-3.1-i2v, google/veo-3.0-i2v",
        received: '"google/veo-3.1-t2x" (string)',
      },
    ]);
    const [issue] = await issuesOf({ prompt: "A fox" });
    expect(issue).toMatchObject({ field: "body.model", received: "undefined" });
    expect(issue?.expected).toMatch(/^a model id \(string\), such as /);
  });

  it("refuses a body that is not an object", async () => {
    for (const body of [null, [], "x", 5]) {
      expect((await issuesOf(body))[0]).toMatchObject({
        field: "body",
        expected: "an object with a model",
      });
    }
  });

  it("does not take an inherited property for a model", async () => {
    expect((await issuesOf({ model: "toString", prompt: "A fox" }))[0]?.field).toBe("body.model");
  });
});

describe("closest", () => {
  it("orders by edit distance, then by name", () => {
    expect(closest("kitten", ["sitting", "kitten", "mitten", "bitten"], 3)).toEqual([
      "kitten",
      "bitten",
      "mitten",
    ]);
  });
});
