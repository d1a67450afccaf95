// `pnpm bench`, part 1: what the SDK adds to each call, measured with an in-memory fetch so the
// network does not drown it, each group beside its baseline from the same run (vitest prints how
// many times faster each is). Part 2 (bench/loopback.ts) compares the CPU of real loopback calls
// with raw fetch and openapi-fetch alone.
import { bench, describe } from "vitest";
import { UNPACED } from "../bench/limits.js";
import { ModelCatalogue, VIDEO_MODEL_TYPE } from "./catalogue.js";
import { createVideoClient } from "./client.js";
import { getModel, models } from "./models.js";
import { createRedactor } from "./redact.js";
import { errorFromResponse } from "./responses.js";
import { assertValidCreateBody } from "./validate.js";

const BODY = {
  model: "kling-video/v1/standard/text-to-video",
  prompt: "A red fox trotting through fresh snow at dawn",
  duration: 5,
  aspect_ratio: "16:9",
} as const;
const created = '{"id":"gen-1","status":"queued"}';
const inMemoryFetch = async (_input: RequestInfo | URL, _init?: RequestInit) =>
  new Response(created, { headers: { "content-type": "application/json" } });
const client = createVideoClient({
  apiKey: "bench-key",
  baseUrl: "http://bench.test",
  fetch: inMemoryFetch,
  limiter: UNPACED, // the call's cost, not the default budget's pacing (50 a second)
});

// A failed run fails the bench with its error (vitest alone prints NaN and exits 0).
const options = { throws: true };

describe("per call", () => {
  bench(
    "baseline: the same in-memory fetch, its JSON parsed, no client",
    async () => {
      const response = await inMemoryFetch("http://bench.test/v2/video/generations", {
        method: "POST",
        body: JSON.stringify(BODY),
      });
      await response.json();
    },
    options,
  );
  bench(
    "createGeneration: validate, send, parse",
    async () => {
      await client.createGeneration(BODY);
    },
    options,
  );
  bench(
    "getGeneration: send, parse",
    async () => {
      await client.getGeneration("gen-1");
    },
    options,
  );
});

// A live catalogue as the API would list it: every model, priced per second by resolution and
// duration; the defaults from the typed catalog.
const catalogue = new ModelCatalogue(
  models.map((model) => ({
    id: model.id,
    type: VIDEO_MODEL_TYPE,
    aliases: [model.id.replaceAll("/", "-")],
    pricing: {
      kind: "variants" as const,
      dimensions: ["duration", "aspect_ratio"],
      variants: [5, 10].flatMap((duration) =>
        ["16:9", "9:16", "1:1"].map((aspect_ratio) => ({
          when: { duration, aspect_ratio },
          price: duration / 100,
          unit: "second",
          per: 1,
        })),
      ),
    },
  })),
  undefined,
  Date.now(),
  (id) =>
    Object.fromEntries(
      (getModel(id)?.parameters ?? []).flatMap((p) =>
        p.default === undefined ? [] : [[p.name, p.default]],
      ),
    ),
);
catalogue.quote(BODY); // the model's defaults are looked up once, as after the first quote

describe("pieces", () => {
  bench(
    "baseline: JSON.stringify the body (every create does)",
    () => {
      JSON.stringify(BODY);
    },
    options,
  );
  // Side by side: what a create costs the SDK before it is sent (target: a quote under 1 µs).
  bench(
    "quote a create body (catalogue cached)",
    () => {
      catalogue.quote(BODY);
    },
    options,
  );
  bench(
    "validate a create body",
    async () => {
      await assertValidCreateBody(BODY);
    },
    options,
  );
  const redact = createRedactor("bench-key-0123456789abcdef");
  bench(
    "type an HTML 502",
    () => {
      errorFromResponse(new Response(null, { status: 502 }), "<html>Bad gateway</html>", {
        mayHaveCreatedTask: true,
        redact,
      });
    },
    options,
  );
});
