// The API key must never show in an error, a log event, a URL or an inspected object.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createVideoClient, type RetryEvent, ValidationError } from "../src/index.js";
import { MIN_PREFIX_LENGTH } from "../src/redact.js";
import { API_KEY, BODY, fakeFetch, generation, hang, json, networkError } from "./fake-fetch.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A server that is careless with the key: it echoes it in messages, bodies and headers. */
const echo = (status: number) =>
  json(
    status,
    { message: `Key ${API_KEY} rejected`, requestId: "r1", statusCode: status, detail: API_KEY },
    {
      "x-echo": API_KEY,
      "sl-violations": JSON.stringify([{ location: ["header"], message: API_KEY }]),
    },
  );

const scenarios: [string, Parameters<typeof fakeFetch>, "get" | "create" | "wait", object?][] = [
  ...[400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504].map(
    (s) => [`HTTP ${s}`, [echo(s)], "get"] as [string, Parameters<typeof fakeFetch>, "get"],
  ),
  ["create 500", [echo(500)], "create"],
  ["connection error", [networkError("ECONNRESET")], "create"],
  ["timeout", [hang], "get"],
  ["malformed 200", [new Response(`not json ${API_KEY}`)], "get"],
  [
    "generation failed",
    [json(200, generation("error", { error: { name: API_KEY, message: API_KEY } }))],
    "wait",
  ],
  [
    "wait timeout",
    [json(200, generation("queued", { id: "g", meta: { note: API_KEY } }))],
    "wait",
    { timeoutMs: 30_000 },
  ],
  ["validation", [], "create", { body: { ...BODY, prompt: 1, negative_prompt: API_KEY } }],
  ["abort", [hang], "create", { abort: true }],
];

describe("the API key stays secret", () => {
  it.each(scenarios)(
    "in every error: %s",
    async (_, steps, call, extra: { body?: object; timeoutMs?: number; abort?: boolean } = {}) => {
      const { fetch, calls } = fakeFetch(...(steps.length ? steps : [json(200, {})]));
      const events: RetryEvent[] = [];
      const client = createVideoClient({
        apiKey: API_KEY,
        baseUrl: "http://api.test",
        fetch,
        maxRetries: 1,
        timeoutMs: 1_000,
        onRetry: (e) => events.push(e),
      });
      const promise =
        call === "get"
          ? client.getGeneration("g")
          : call === "create"
            ? client.createGeneration((extra.body ?? BODY) as never, {
                signal: extra.abort ? AbortSignal.abort() : undefined,
              })
            : client.waitForGeneration("g", { timeoutMs: extra.timeoutMs ?? 60_000 });
      const result = promise.catch((e) => e);
      await vi.runAllTimersAsync();
      const error = await result;
      expect(error).toBeInstanceOf(Error);

      const views = [
        String(error),
        error.stack,
        JSON.stringify(error),
        JSON.stringify({ ...error }),
        inspect(error, { depth: 20, showHidden: true }),
        JSON.stringify(events),
        ...calls.map((c) => c.url),
        inspect(client, { depth: 20, showHidden: true }),
      ];
      for (const view of views) expect(view).not.toContain(API_KEY);
      expect(calls.every((c) => c.headers.get("authorization") === `Bearer ${API_KEY}`)).toBe(true);
    },
  );
});

describe("a key too short to be real (the mock's `any`) leaves the messages readable", () => {
  const invalid = { ...BODY, prompt: 1 } as never;
  const messageWith = async (apiKey: string, ...steps: Parameters<typeof fakeFetch>) => {
    const { fetch } = fakeFetch(...(steps.length ? steps : [json(200, {})]));
    const client = createVideoClient({ apiKey, baseUrl: "http://api.test", fetch, maxRetries: 0 });
    const error = await (steps.length
      ? client.getGeneration("g")
      : client.createGeneration(invalid)
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    return error?.message ?? "";
  };

  it.each(["any", "e", "redacted", "[redacted]"])("key %j", async (key) => {
    const reference = await messageWith(API_KEY);
    expect(reference).toMatch(/send it anyway\.$/);
    expect(await messageWith(key)).toBe(reference);
    // Echoed as a word, it goes, and the marker stays whole.
    const echoed = await messageWith(key, json(401, { message: `key ${key} rejected` }));
    expect(echoed).toContain("401 key [redacted] rejected");
    expect(echoed.match(/\[redacted\]/g)).toHaveLength(1);
  });
});

it("a body value quoting the key, shortened in a ValidationError at any length: no start of it shows", async () => {
  const client = createVideoClient({ apiKey: API_KEY, baseUrl: "http://api.test" });
  // The value is shown as JSON, cut to 77 characters and "...": the cut walks through the key.
  for (let before = 50; before <= 77; before++) {
    const body = {
      ...BODY,
      prompt: 1,
      negative_prompt: 2,
      aspect_ratio: `${"x".repeat(before)} ${API_KEY}`,
    };
    const error = await client.createGeneration(body as never).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(String(error), `${before}`).not.toContain(API_KEY.slice(0, MIN_PREFIX_LENGTH));
  }
});
