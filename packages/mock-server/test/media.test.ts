// Data URIs in create bodies, checked against the limits the served spec states (x-media), on
// real Prism: what the API refuses is a 400 in its error body and creates nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jpeg, mp4, png, wav } from "../../client/test/media-fixtures.js";
import { type MockServer, start } from "../src/index.js";
import { createGeneration } from "./support.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await start({ lifecycle: { pollsPerStep: 1 } });
}, 60_000);
afterAll(() => mock?.close());

const dataUri = (type: string, bytes: Uint8Array) =>
  `data:${type};base64,${Buffer.from(bytes).toString("base64")}`;
const hailuo = (image_url: string) => ({ model: "minimax/hailuo-02", prompt: "A cat", image_url });

async function refused(body: object, words: string[]) {
  const before = mock.generations().length;
  const answer = await createGeneration(mock.url, body);
  const error = await answer.json();
  expect(answer.status).toBe(400);
  expect(error).toMatchObject({ statusCode: 400, path: "/v2/video/generations" });
  for (const word of words) expect(error.message).toContain(word);
  expect(mock.generations()).toHaveLength(before);
}

describe("data URIs in a create", () => {
  it("accepts them where the spec does, within its limits", async () => {
    for (const body of [
      hailuo(dataUri("image/png", png(400, 300))),
      hailuo(dataUri("image/jpeg", jpeg(1280, 720))),
      {
        model: "bytedance/seedance-2-0",
        prompt: "x",
        audio_url: dataUri("audio/wav", wav(3)),
        video_url: "https://example.com/clip.mp4",
      },
    ]) {
      const answer = await createGeneration(mock.url, body);
      expect(answer.status, JSON.stringify(await answer.clone().text())).toBe(200);
    }
  });

  it("refuses what breaks the stated limits with a 400 in the API's error body, creating nothing", async () => {
    await refused(hailuo(dataUri("image/png", png(64, 48))), [
      "Body validation error:",
      "shortest side is at least 300 px",
      "received 64×48 px",
      'at "image_url"',
    ]);
    await refused(hailuo(dataUri("image/png", png(400, 400).subarray(0, 20))), ["truncated"]);
    await refused(hailuo(dataUri("image/png", mp4(2))), ["received video (video/mp4)"]);
    await refused(
      { model: "bytedance/seedance-2-0", prompt: "x", audio_url: dataUri("audio/wav", wav(16)) },
      ["at most 15.2 s", "received 16 s", 'at "audio_url"'],
    );
    await refused(
      { model: "bytedance/seedance-2-0", prompt: "x", video_url: dataUri("video/mp4", mp4(2)) },
      ["takes only URLs here", 'at "video_url"'],
    );
  });

  it("checks the key first, as the API does", async () => {
    const answer = await createGeneration(mock.url, hailuo(dataUri("image/png", png(8, 8))), {
      authorization: "",
    });
    expect(answer.status).toBe(401);
  });

  it("answers a 20 MB data URI from its header and its length: no full decode, no megabytes through Prism", async () => {
    const MB = 1024 * 1024;
    const timed = async (body: object) => {
      const started = performance.now();
      const answer = await createGeneration(mock.url, body);
      await answer.arrayBuffer();
      return { status: answer.status, ms: performance.now() - started };
    };
    const small = await timed(hailuo(dataUri("image/png", png(400, 300))));
    const big = await timed(hailuo(dataUri("image/png", png(400, 300, 20 * MB - 1024))));
    const over = await timed(hailuo(dataUri("image/png", png(400, 300, 20 * MB + 1))));
    expect([small.status, big.status, over.status]).toEqual([200, 200, 400]);
    // A generous bound, not a benchmark (bench/media.bench.ts measures it): reading the 27 MB
    // body and parsing its JSON is the cost; Prism's schema check on the whole string would be
    // many seconds.
    expect(big.ms).toBeLessThan(small.ms + 5_000);
  });
});
