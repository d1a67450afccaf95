// `pnpm bench`, part 1: what the SDK adds to each call, measured with an in-memory fetch so the
// network does not drown it. Part 2 (bench/loopback.ts) compares the CPU of real loopback calls
// with raw fetch and openapi-fetch alone.
import { bench, describe } from "vitest";
import { createVideoClient } from "./client.js";
import { errorFromResponse } from "./responses.js";
import { assertValidCreateBody } from "./validate.js";

const BODY = {
  model: "kling-video/v1/standard/text-to-video",
  prompt: "A red fox trotting through fresh snow at dawn",
  duration: 5,
  aspect_ratio: "16:9",
} as const;
const created = '{"id":"gen-1","status":"queued"}';
const client = createVideoClient({
  apiKey: "bench-key",
  baseUrl: "http://bench.test",
  fetch: async () => new Response(created, { headers: { "content-type": "application/json" } }),
});

describe("per call", () => {
  bench("createGeneration: validate, send, parse", async () => {
    await client.createGeneration(BODY);
  });
  bench("getGeneration: send, parse", async () => {
    await client.getGeneration("gen-1");
  });
});

describe("pieces", () => {
  bench("validate a create body", async () => {
    await assertValidCreateBody(BODY);
  });
  bench("type an HTML 502", () => {
    errorFromResponse(new Response(null, { status: 502 }), "<html>Bad gateway</html>", {
      mayHaveCreatedTask: true,
    });
  });
});
