import { afterEach, describe, expect, it, vi } from "vitest";
import { API_KEY, BODY, completed, fakeFetch, generation, hang, json } from "../test/fake-fetch.js";
import { type ClientOptions, createVideoClient } from "./client.js";
import {
  AimlApiError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  OutOfCreditsError,
  PermissionDeniedError,
  PriceLimitError,
  RateLimitError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  ValidationError,
} from "./errors.js";
import { createRequestLimiter } from "./limiter.js";

const client = (fetch: typeof globalThis.fetch, extra = {}) =>
  createVideoClient({
    apiKey: API_KEY,
    baseUrl: "http://api.test",
    fetch,
    maxRetries: 0,
    ...extra,
  });

afterEach(() => vi.unstubAllEnvs());

describe("createVideoClient", () => {
  it("says how to provide a key when there is none", () => {
    vi.stubEnv("AIMLAPI_API_KEY", "");
    expect(() => createVideoClient()).toThrow(
      /Missing API key: pass \{ apiKey \}.*AIMLAPI_API_KEY/,
    );
  });

  it("reads the key and the base URL from the environment", async () => {
    vi.stubEnv("AIMLAPI_API_KEY", API_KEY);
    vi.stubEnv("AIMLAPI_BASE_URL", "http://env.test/");
    const { fetch, calls } = fakeFetch(json(200, generation("queued")));
    await createVideoClient({ fetch }).getGeneration("gen-1");
    expect(calls[0]?.url).toBe("http://env.test/v2/video/generations?generation_id=gen-1");
    expect(calls[0]?.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
  });

  it("defaults to the vendor's host", async () => {
    vi.stubEnv("AIMLAPI_BASE_URL", undefined as unknown as string);
    const { fetch, calls } = fakeFetch(json(200, generation("queued")));
    await createVideoClient({ apiKey: API_KEY, fetch }).getGeneration("gen-1");
    expect(calls[0]?.url).toMatch(/^https:\/\/api\.aimlapi\.com\/v2\/video\/generations\?/);
  });

  it.each([
    [{ apiKey: `${API_KEY}\n` }, /Invalid API key/],
    [
      { baseUrl: "api.aimlapi.com" },
      /Invalid baseUrl: expected an absolute http\(s\) URL, received "api/,
    ],
    [{ baseUrl: "ftp://api.test" }, /Invalid baseUrl: .*received a ftp: URL/],
    [{ baseUrl: "file:///etc/passwd" }, /Invalid baseUrl: .*received a file: URL/],
    [{ baseUrl: "http://127.0.0.1:6000" }, /Invalid baseUrl: port 6000 is one that fetch refuses/],
    [{ baseUrl: `http://user:${API_KEY}@api.test` }, /Invalid baseUrl: expected no user name/],
    [{ fetch: "nope" }, /Invalid fetch: expected a function, received string/],
    [{ headers: { "x-trace": "a\nb" } }, /Invalid header "x-trace"/],
    [{ maxRetries: -1 }, /Invalid maxRetries: expected a whole number from 0 to 10, received -1/],
    [{ maxRetries: 1.5 }, /Invalid maxRetries: .*received 1.5/],
    [{ timeoutMs: 0 }, /Invalid timeoutMs: expected a number from 1 to 2147483647 ms, received 0/],
    [{ timeoutMs: Number.NaN }, /Invalid timeoutMs: .*received NaN/],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, /Invalid timeoutMs: .*received Infinity/],
    [{ timeoutMs: 3e9 }, /Invalid timeoutMs: .*received 3000000000/],
    [{ timeoutMs: "5000" }, /Invalid timeoutMs: .*received the string "5000"/],
    [{ poll: { intervalMs: 0 } }, /Invalid intervalMs: expected a number from 100 to/],
    [{ poll: { intervalMs: Number.NaN } }, /Invalid intervalMs: .*received NaN/],
    [{ poll: { backoff: 0 } }, /Invalid backoff: expected a number from 1 to 10, received 0/],
    [{ poll: { jitter: 2 } }, /Invalid jitter: expected a number from 0 to 1, received 2/],
    [
      { poll: { intervalMs: 5_000, maxIntervalMs: 1_000 } },
      /Invalid maxIntervalMs: expected a number from 5000/,
    ],
  ])("rejects bad options %j", (options, message) => {
    expect(() => createVideoClient({ apiKey: API_KEY, ...(options as ClientOptions) })).toThrow(
      message,
    );
  });
});

describe("createGeneration", () => {
  it("posts the body with the key and the caller's headers", async () => {
    const { fetch, calls } = fakeFetch(json(200, { id: "gen-1", status: "queued" }));
    const created = await client(fetch, { headers: { "x-trace": "t1" } }).createGeneration({
      ...BODY,
      duration: 10,
    });
    expect(created).toEqual({
      id: "gen-1",
      status: "queued",
      clientRequestId: calls[0]?.headers.get("x-client-request-id"),
      inferenceId: undefined,
      echoedClientRequestId: undefined,
    });
    // A fresh random id when the caller gives none.
    expect(created.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[0]).toMatchObject({ method: "POST", url: "http://api.test/v2/video/generations" });
    expect(JSON.parse(calls[0]?.body ?? "")).toEqual({ ...BODY, duration: 10 });
    expect(calls[0]?.headers.get("x-trace")).toBe("t1");
    expect(calls[0]?.headers.get("content-type")).toBe("application/json");
  });

  it("checks the body against the spec and sends nothing when it is wrong", async () => {
    const { fetch, calls } = fakeFetch(json(200, { id: "x", status: "queued" }));
    const bad = { model: BODY.model, duration: 7, aspect_ratio: "4:3", cfg_scale: 2 };
    const error = await client(fetch)
      .createGeneration(bad as never)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { field: "body.prompt", expected: "a value (required)", received: "nothing" },
        { field: "body.duration", expected: "one of 5 | 10", received: "7 (number)" },
        {
          field: "body.aspect_ratio",
          expected: 'one of "16:9" | "9:16" | "1:1"',
          received: '"4:3" (string)',
        },
        { field: "body.cfg_scale", expected: "a number <= 1", received: "2 (number)" },
      ]),
    );
    expect(error.message).toContain("body.duration: expected one of 5 | 10, received 7 (number)");
    expect(calls).toHaveLength(0);
  });

  it("checks nested fields and types", async () => {
    const { fetch } = fakeFetch(json(200, { id: "x", status: "queued" }));
    const error = await client(fetch)
      .createGeneration({
        ...BODY,
        duration: "5",
        advanced_camera_control: { movement_type: "pan", movement_value: 11 },
      } as never)
      .catch((e) => e);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        {
          field: "body.duration",
          expected: 'one of 5 | 10 (send a number: 5, not the string "5")',
          received: '"5" (string)',
        },
        {
          field: "body.advanced_camera_control.movement_value",
          expected: "a number <= 10",
          received: "11 (number)",
        },
      ]),
    );
  });

  it("sends an invalid body when validation is off, per client or per call", async () => {
    const { fetch, calls } = fakeFetch(json(200, { id: "x", status: "queued" }));
    await client(fetch, { validate: false }).createGeneration({ ...BODY, duration: 7 } as never);
    await client(fetch).createGeneration({ ...BODY, duration: 7 } as never, { validate: false });
    expect(calls).toHaveLength(2);
  });
});

describe("middleware on client.raw", () => {
  it("sees real Requests, may replace them, and the SDK's calls keep their signal", async () => {
    const { fetch, calls } = fakeFetch(json(200, generation("queued")), hang);
    const client = createVideoClient({ apiKey: API_KEY, baseUrl: "http://api.test", fetch });
    const seen: string[] = [];
    client.raw.use({
      onRequest: ({ request }) => {
        seen.push(
          `${request.method} ${request.headers.get("authorization") ? "with" : "without"} key`,
        );
        const headers = new Headers(request.headers);
        headers.set("x-trace", "t1");
        return new Request(request, { headers });
      },
    });
    await client.getGeneration("gen-1");
    expect(seen).toEqual(["GET with key"]);
    expect(calls[0]?.headers.get("x-trace")).toBe("t1");
    const controller = new AbortController();
    const pending = client.getGeneration("gen-1", { signal: controller.signal }).catch((e) => e);
    controller.abort("stop");
    expect(await pending).toBeInstanceOf(APIUserAbortError);
  });
});

describe("getGeneration", () => {
  it("uses the universal path by default and the legacy path on request", async () => {
    const { fetch, calls } = fakeFetch(json(200, generation("queued")));
    await client(fetch).getGeneration("a b");
    await client(fetch).getGeneration("a b", { legacy: true });
    expect(calls.map((c) => c.url)).toEqual([
      "http://api.test/v2/video/generations?generation_id=a%20b",
      "http://api.test/v2/generate/video/kling/generation?generation_id=a%20b",
    ]);
  });

  it("returns the legacy body shape as sent (string error, tokens_used)", async () => {
    const legacy = generation("error", {
      error: "Prompt rejected",
      duration: null,
      meta: { usage: { tokens_used: 12 } },
    });
    const { fetch } = fakeFetch(json(200, legacy));
    const result = await client(fetch).getGeneration("gen-1", { legacy: true });
    expect(result).toEqual(legacy);
  });

  it("passes a status the spec does not list through without failing", async () => {
    const { fetch } = fakeFetch(json(200, generation("cancelled")));
    expect((await client(fetch).getGeneration("gen-1")).status).toBe("cancelled");
  });

  it("rejects an empty id before sending", async () => {
    const { fetch, calls } = fakeFetch(json(200, completed()));
    await expect(client(fetch).getGeneration("")).rejects.toThrow(
      'Invalid generation id: expected a non-empty string of at most 1024 characters, received "".',
    );
    expect(calls).toHaveLength(0);
  });

  it.each([
    ["HTML", new Response("<html>oops</html>", { status: 200 })],
    ["empty", new Response("", { status: 200 })],
    ["not a generation", json(200, { hello: "world" })],
  ])("turns a 200 with a %s body into UnexpectedResponseError", async (_, response) => {
    const { fetch } = fakeFetch(response);
    const error = await client(fetch)
      .getGeneration("gen-1")
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(
      /Expected a generation \(\{ id, status \} with a non-empty id\) in the 200 answer/,
    );
  });
});

describe("HTTP errors", () => {
  const errorBody = (statusCode: number | string, message: string) => ({
    message,
    path: "/v2/video/generations",
    requestId: "req-42",
    statusCode,
    timestamp: "2026-11-25T10:00:00.000Z",
  });

  it.each([
    [400, BadRequestError, "Body validation error: Invalid enum value"],
    [401, AuthenticationError, "Unauthorized"],
    [403, OutOfCreditsError, "You've run out of credits. Please top up your balance."],
    [403, PermissionDeniedError, "Forbidden"],
    [404, NotFoundError, "Not found"],
    [409, APIError, "Conflict"],
    [429, RateLimitError, "Too Many Requests"],
    [500, InternalServerError, "Internal server error"],
    [503, InternalServerError, "Service unavailable"],
    [504, InternalServerError, "Generation timeout"],
  ])("maps %i to %o", async (status, ErrorClass, message) => {
    const { fetch } = fakeFetch(json(status, errorBody(String(status), message)));
    const error = await client(fetch)
      .getGeneration("gen-1")
      .catch((e) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(AimlApiError);
    expect(error).toMatchObject({ status, requestId: "req-42", mayHaveCreatedTask: false });
    expect(error.message).toContain(`${status} ${message}`);
    expect(error.message).toContain("(request id req-42)");
    expect(error.body).toEqual(errorBody(String(status), message));
  });

  it("says what to do about 401 and 403", async () => {
    const { fetch } = fakeFetch(json(401, errorBody(401, "Unauthorized")));
    await expect(client(fetch).getGeneration("g")).rejects.toThrow(/AIMLAPI_API_KEY/);
    const { fetch: f2 } = fakeFetch(json(403, errorBody(403, "Forbidden")));
    await expect(client(f2).getGeneration("g")).rejects.toThrow(/out of credits/);
  });

  it("tells out of credits from a permission problem: its own error, which says to top up", async () => {
    const { fetch } = fakeFetch(
      json(403, errorBody(403, "You've run out of credits. Please top up your balance.")),
    );
    const error = await client(fetch)
      .createGeneration(BODY)
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutOfCreditsError);
    expect(error).not.toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, mayHaveCreatedTask: false });
    expect(error.message).toMatch(/Top up the balance: nothing runs until then/);
  });

  it("gives 429 its Retry-After", async () => {
    const { fetch } = fakeFetch(
      json(429, errorBody("429", "Too Many Requests"), { "retry-after": "7" }),
    );
    const error = await client(fetch)
      .getGeneration("g")
      .catch((e) => e);
    expect(error).toMatchObject({ retryAfterMs: 7000 });
    expect(error.message).toContain("retry after 7s");
  });

  it.each([
    [
      "an HTML page",
      "<html><body>502 Bad Gateway</body></html>",
      "text/html",
      /text\/html.*502 Bad Gateway/,
    ],
    ["an empty body", "", "text/plain", /with an empty body/],
    ["malformed JSON", '{"message": ', "application/json", /not the API's JSON/],
  ])("types a 502 with %s", async (_, text, type, message) => {
    const { fetch } = fakeFetch(
      new Response(text, {
        status: 502,
        statusText: "Bad Gateway",
        headers: { "content-type": type },
      }),
    );
    const error = await client(fetch)
      .getGeneration("g")
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(message);
  });

  it("reads a validating proxy's violations from a problem body and from sl-violations", async () => {
    const problem = {
      type: "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
      title: "Invalid request",
      status: 422,
      detail: "Your request is not valid and no HTTP validation response was found in the spec.",
      validation: [
        {
          location: ["body", "duration"],
          severity: "Error",
          code: "enum",
          message: "must be equal to one of the allowed values: 5, 10",
        },
      ],
    };
    const { fetch } = fakeFetch(json(422, problem));
    const error = await client(fetch, { validate: false })
      .createGeneration({ ...BODY, duration: 7 } as never)
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.violations).toEqual([
      { location: "body.duration", message: "must be equal to one of the allowed values: 5, 10" },
    ]);
    expect(error.message).toContain("body.duration: must be equal to one of the allowed values");

    const header = JSON.stringify([
      {
        location: ["body"],
        severity: "Error",
        code: "required",
        message: "must have required property 'prompt'",
      },
    ]);
    const { fetch: f2 } = fakeFetch(
      json(400, errorBody(400, "Bad request"), { "sl-violations": header }),
    );
    const e2 = await client(f2, { validate: false })
      .createGeneration({ model: BODY.model } as never)
      .catch((e) => e);
    expect(e2).toBeInstanceOf(BadRequestError);
    expect(e2.violations).toEqual([
      { location: "body", message: "must have required property 'prompt'" },
    ]);
  });

  it("marks a 5xx answer to the create call as possibly created, and does not retry it", async () => {
    const { fetch, calls } = fakeFetch(json(500, errorBody(500, "Internal server error")));
    const error = await client(fetch, { maxRetries: 3 })
      .createGeneration(BODY)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.mayHaveCreatedTask).toBe(true);
    expect(error.message).toContain("may have been created");
    expect(calls).toHaveLength(1);
  });
});

describe("client request ids", () => {
  it("sends the caller's id when the API accepts it, and keeps the echoed ids", async () => {
    const { fetch, calls } = fakeFetch(
      json(
        200,
        { id: "gen-1", status: "queued" },
        { "x-inference-id": "gen-1", "x-client-request-id": "order-7" },
      ),
    );
    const created = await client(fetch).createGeneration(BODY, { clientRequestId: "order-7" });
    expect(calls[0]?.headers.get("x-client-request-id")).toBe("order-7");
    expect(created).toMatchObject({
      clientRequestId: "order-7",
      inferenceId: "gen-1",
      echoedClientRequestId: "order-7",
    });
  });

  it("never sends an id the API would drop: one outside its alphabet goes out derived", async () => {
    const { fetch, calls } = fakeFetch(json(200, { id: "gen-1", status: "queued" }));
    const created = await client(fetch).createGeneration(BODY, { clientRequestId: "order 7/b" });
    const sent = calls[0]?.headers.get("x-client-request-id");
    expect(sent).toMatch(/^order_7_b:[0-9a-f]{32}$/);
    expect(created.clientRequestId).toBe(sent);
  });

  it("puts the id and the send time on a create's error that may have created the task", async () => {
    const { fetch } = fakeFetch(json(500, { message: "Internal server error" }));
    const before = Date.now();
    const error = (await client(fetch)
      .createGeneration(BODY, { clientRequestId: "order-8" })
      .catch((e: unknown) => e)) as AimlApiError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ mayHaveCreatedTask: true, clientRequestId: "order-8" });
    expect(error.sentAt).toBeGreaterThanOrEqual(before);
    expect(error.message).toContain("client request id is order-8");
  });

  it("passes the id through generateVideo to onCreated", async () => {
    const { fetch, calls } = fakeFetch(
      json(200, { id: "gen-1", status: "queued" }),
      json(200, completed()),
    );
    const seen: string[] = [];
    await client(fetch).generateVideo(BODY, {
      clientRequestId: "order-9",
      firstDelayMs: 0,
      onCreated: (created) => seen.push(created.clientRequestId),
    });
    expect(seen).toEqual(["order-9"]);
    expect(calls[0]?.headers.get("x-client-request-id")).toBe("order-9");
  });
});

describe("findGeneration", () => {
  const page = (data: unknown[], hasMore = false) =>
    json(200, {
      data,
      pagination: { limit: 100, offset: 0, total: data.length, has_more: hasMore },
    });
  const row = {
    created: "2026-12-06T10:00:01.000Z",
    status: "succeeded",
    origin: "api",
    model: BODY.model,
    cost: { usd: 0.42, credits: 840_000 },
    tokens: { input: 0, output: 0, total: 0 },
    request_id: null,
    inference_id: "gen-42",
    client_request_id: "order-1",
  };

  it("reads GET /v2/logs for the model in the window and answers the generation", async () => {
    const { fetch, calls } = fakeFetch(page([row]));
    const sentAt = Date.parse("2026-12-06T10:00:00.000Z");
    const result = await client(fetch).findGeneration("order-1", { model: BODY.model, sentAt });
    expect(result).toMatchObject({ status: "found", id: "gen-42", cost: { usd: 0.42 } });
    const url = new URL(calls[0]?.url ?? "");
    expect(url.pathname).toBe("/v2/logs");
    expect(url.searchParams.getAll("model")).toEqual([BODY.model]);
    expect(url.searchParams.get("start")).toBe("2026-12-06T09:50:00.000Z");
    expect(url.searchParams.get("end")).toBe("2026-12-06T10:10:00.000Z");
    expect(url.searchParams.get("limit")).toBe("100");
  });

  it("looks for the derived id of a value outside the API's alphabet", async () => {
    const derived = await import("./request-id.js").then((m) => m.toClientRequestId("order 1"));
    const { fetch } = fakeFetch(page([{ ...row, client_request_id: derived }]));
    const result = await client(fetch).findGeneration("order 1", {
      model: BODY.model,
      sentAt: Date.now(),
    });
    expect(result.status).toBe("found");
  });

  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [429, RateLimitError],
    [500, InternalServerError],
  ])(
    "could not look: %i is a typed error that says nothing was created or not",
    async (status, type) => {
      const { fetch } = fakeFetch(json(status, { message: "no" }));
      const error = await client(fetch)
        .findGeneration("order-1", { model: BODY.model, sentAt: Date.now() })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ mayHaveCreatedTask: false });
    },
  );

  it("waits for the endpoint's own budget: a limiter shared by the clients of one account", async () => {
    const logsLimiter = createRequestLimiter({ maxConcurrent: 1, requestsPerSecond: 1 });
    vi.useFakeTimers();
    try {
      const { fetch, calls } = fakeFetch(page([], false));
      const c = client(fetch, { logsLimiter });
      const first = c.findGeneration("a", { model: BODY.model, sentAt: Date.now() });
      const second = c.findGeneration("b", { model: BODY.model, sentAt: Date.now() });
      await vi.advanceTimersByTimeAsync(10);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1_000);
      await Promise.all([first, second]);
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("prices", () => {
  const catalogue = {
    object: "list",
    data: [
      {
        id: BODY.model,
        type: "internal/video-generations/submit",
        aliases: ["kling-v1-std"],
        pricing: {
          kind: "variants",
          dimensions: ["duration"],
          variants: [
            { when: { duration: 5 }, price: 0.5, unit: "video", per: 1 },
            { when: { duration: 10 }, price: 1, unit: "video", per: 1 },
          ],
        },
      },
    ],
  };
  const models = (etag = 'W/"v1"') => json(200, catalogue, { etag });

  it("reads the catalogue once, then revalidates it with its ETag (304: nothing re-read)", async () => {
    const { fetch, calls } = fakeFetch(models(), new Response(null, { status: 304 }));
    const c = client(fetch, { catalogueMaxAgeMs: 0 });
    const first = await c.listModels();
    expect(first.isServed("kling-v1-std")).toBe(true);
    const url = new URL(calls[0]?.url ?? "");
    expect(url.pathname).toBe("/v1/models");
    expect(url.searchParams.getAll("include")).toEqual(["pricing"]);
    const second = await c.listModels();
    expect(calls[1]?.headers.get("if-none-match")).toBe('W/"v1"');
    expect(second.models).toBe(first.models);
  });

  it("reuses the catalogue within catalogueMaxAgeMs, sharing one request between callers", async () => {
    const { fetch, calls } = fakeFetch(models());
    const c = client(fetch);
    await Promise.all([c.listModels(), c.listModels(), c.quote({ ...BODY, duration: 10 })]);
    expect(calls).toHaveLength(1);
    expect(await c.quote({ ...BODY, duration: 10 })).toMatchObject({ status: "priced", usd: 1 });
  });

  it("asks again for a catalogue it could not read only after 10 s", async () => {
    vi.useFakeTimers();
    try {
      const { fetch, calls } = fakeFetch(json(503, { message: "Service unavailable" }), models());
      const c = client(fetch);
      await expect(c.listModels()).rejects.toBeInstanceOf(InternalServerError);
      await expect(c.quote(BODY)).rejects.toBeInstanceOf(InternalServerError);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(10_000);
      expect((await c.listModels()).isServed(BODY.model)).toBe(true);
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a create above maxUsdPerCreate before anything is sent", async () => {
    const { fetch, calls } = fakeFetch(models(), json(200, { id: "gen-1", status: "queued" }));
    const c = client(fetch, { maxUsdPerCreate: 0.75 });
    const error = await c.createGeneration({ ...BODY, duration: 10 }).catch((e) => e);
    expect(error).toBeInstanceOf(PriceLimitError);
    expect(error).toMatchObject({ limitUsd: 0.75, mayHaveCreatedTask: false, quote: { usd: 1 } });
    expect(error.message).toBe(
      "Not sent: it would cost ≈ $1 (1 video × $1 at 10), above the limit of $0.75.",
    );
    expect(calls.map((call) => new URL(call.url).pathname)).toEqual(["/v1/models"]);
    // Under the limit it goes, with its quote; a per-call limit overrides the client's.
    const created = await c.createGeneration({ ...BODY, duration: 5 });
    expect(created.quote).toMatchObject({ usd: 0.5 });
    await expect(
      c.createGeneration({ ...BODY, duration: 5 }, { maxUsd: 0.25 }),
    ).rejects.toBeInstanceOf(PriceLimitError);
  });

  it("sends an unknown price unless refuseUnknownPrice, which refuses it with the reason", async () => {
    const down = json(503, { message: "Service unavailable" });
    const { fetch, calls } = fakeFetch(down, json(200, { id: "gen-1", status: "queued" }));
    const lenient = client(fetch, { maxUsdPerCreate: 1 });
    expect((await lenient.createGeneration(BODY)).quote).toMatchObject({
      status: "unknown",
      reason: expect.stringContaining("the catalogue could not be read"),
    });
    const strict = client(fakeFetch(down).fetch, { maxUsdPerCreate: 1, refuseUnknownPrice: true });
    await expect(strict.createGeneration(BODY)).rejects.toThrow(
      /Not sent: its price is unknown \(the catalogue could not be read: 503/,
    );
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(1);
  });

  it("puts what a generation cost on it, from meta.usage (or the answer's cost headers)", async () => {
    const usage = { meta: { usage: { credits_used: 1_000_000, usd_spent: 0.5 } } };
    const { fetch } = fakeFetch(
      json(200, { ...completed(), ...usage }),
      json(200, completed(), {
        "x-aimlapi-usd-spent": "0.75",
        "x-aimlapi-credits-used": "1500000",
      }),
      json(200, completed(), { "x-aimlapi-usd-spent": "0", "x-aimlapi-credits-used": "0" }),
    );
    const c = client(fetch);
    expect((await c.getGeneration("gen-1")).cost).toEqual({ usd: 0.5, credits: 1_000_000 });
    expect((await c.getGeneration("gen-1")).cost).toEqual({ usd: 0.75, credits: 1_500_000 });
    // A poll is free: a zero there says nothing about the generation.
    expect(await c.getGeneration("gen-1")).not.toHaveProperty("cost");
  });

  it("reads the balance, and the ledger page by page with the cursor as received", async () => {
    const entry = (ref: string) => ({
      created_at: "2026-12-06T10:00:00.000Z",
      direction: "CHARGE",
      type: "MODEL_USAGE",
      amount: { usd: 0.5, credits: 1_000_000 },
      model: BODY.model,
      reference_id: ref,
    });
    const { fetch, calls } = fakeFetch(
      json(200, { current_balance: 12.5, currency: "USD" }),
      json(200, { data: [entry("a"), entry("b")], pagination: { next_cursor: "c/1+=" } }),
      json(200, { data: [entry("c")], pagination: { next_cursor: null } }),
    );
    const c = client(fetch);
    expect(await c.getBalance()).toEqual({ current_balance: 12.5, currency: "USD" });
    const seen: string[] = [];
    for await (const tx of c.transactions({ type: "MODEL_USAGE" }))
      seen.push(tx.reference_id ?? "");
    expect(seen).toEqual(["a", "b", "c"]);
    const second = new URL(calls[2]?.url ?? "");
    expect(second.searchParams.get("cursor")).toBe("c/1+=");
    expect(second.searchParams.get("type")).toBe("MODEL_USAGE");
  });

  it("stops reading the ledger at maxPages with an error, rather than end early", async () => {
    const page = json(200, { data: [], pagination: { next_cursor: "more" } });
    const { fetch } = fakeFetch(page);
    const read = async () => {
      for await (const _ of client(fetch).transactions({}, { maxPages: 2 })) {
      }
    };
    await expect(read()).rejects.toThrow("The ledger has more than 2 pages in this window");
  });
});
