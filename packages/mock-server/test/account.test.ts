// The account side, through the mock's server: request ids on every answer, the rows of
// GET /v2/logs, its query, its rate limit and its lag.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CLIENT_REQUEST_ID_HEADER,
  FAULT_HEADER,
  INFERENCE_ID_HEADER,
  type MockServer,
  REQUEST_LOG_PATH,
  start,
} from "../src/index.js";
import {
  AUTH,
  createGeneration,
  LEGACY_RETRIEVE,
  MODEL,
  RETRIEVE,
  retrieve,
  violations,
} from "./support.js";

const BODY = { model: MODEL, prompt: "A red fox in the snow" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOGS = "/v2/logs";

const withId = (id: string, headers: object = {}) => ({
  [CLIENT_REQUEST_ID_HEADER]: id,
  ...headers,
});
const fault = (value: string) => ({ [FAULT_HEADER]: value });

function logs(mock: MockServer, query = "", headers: object = AUTH) {
  return fetch(`${mock.url}${LOGS}?${query}`, { headers: { ...headers } });
}

async function page(mock: MockServer, query = "", headers: object = AUTH) {
  const response = await logs(mock, query, headers);
  expect(response.status).toBe(200);
  return response.json();
}

describe("request ids", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start();
  });
  afterAll(() => mock?.close());

  const rowOf = (clientRequestId: string) =>
    mock.requestLog().filter((row) => row.client_request_id === clientRequestId);

  it("echoes a valid X-Client-Request-Id, and names the generation as the create's inference id", async () => {
    const response = await createGeneration(mock.url, BODY, withId("order-1.A_b:c-9"));
    expect(response.status).toBe(200);
    const { id } = await response.json();
    expect(response.headers.get(CLIENT_REQUEST_ID_HEADER)).toBe("order-1.A_b:c-9");
    expect(response.headers.get(INFERENCE_ID_HEADER)).toBe(id);
    expect(rowOf("order-1.A_b:c-9")).toHaveLength(1);
  });

  it.each([
    ["a character outside the alphabet", "order 1"],
    ["a slash", "order/1"],
    ["129 characters", "x".repeat(129)],
  ])(
    "drops an id with %s silently: the request runs, nothing is echoed or recorded",
    async (_, value) => {
      const before = mock.requestLog().length;
      const response = await createGeneration(mock.url, BODY, withId(value));
      expect(response.status).toBe(200);
      const { id } = await response.json();
      expect(response.headers.get(CLIENT_REQUEST_ID_HEADER)).toBeNull();
      expect(mock.requestLog().slice(before)).toEqual([
        expect.objectContaining({ inference_id: id, client_request_id: null }),
      ]);
    },
  );

  it("takes an id of 128 characters", async () => {
    const value = "y".repeat(128);
    const response = await createGeneration(mock.url, BODY, withId(value));
    expect(response.headers.get(CLIENT_REQUEST_ID_HEADER)).toBe(value);
  });

  it("names the generation on a poll of a known generation, on both paths", async () => {
    const { id } = await (await createGeneration(mock.url, BODY)).json();
    for (const path of [RETRIEVE, LEGACY_RETRIEVE]) {
      const response = await retrieve(mock.url, path, id, { ...AUTH, ...withId("poll-1") });
      expect(response.headers.get(INFERENCE_ID_HEADER)).toBe(id);
      expect(response.headers.get(CLIENT_REQUEST_ID_HEADER)).toBe("poll-1");
    }
  });

  it("leaves x-inference-id out on a poll of an id the API could not have issued", async () => {
    const response = await retrieve(mock.url, RETRIEVE, "not-an-id", { ...AUTH, ...withId("p-2") });
    expect(response.status).toBe(404);
    // Not even the placeholder Prism makes up for a header the spec declares.
    expect(response.headers.get(INFERENCE_ID_HEADER)).toBeNull();
    expect(response.headers.get(CLIENT_REQUEST_ID_HEADER)).toBe("p-2");
  });

  it("gives a fresh inference id to a poll of a well-formed id it does not know, and to other requests", async () => {
    const unknown = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d:kling-video/v1/standard/text-to-video";
    const polled = await retrieve(mock.url, RETRIEVE, unknown);
    expect(polled.headers.get(INFERENCE_ID_HEADER)).toMatch(UUID);
    const listed = await logs(mock);
    expect(listed.headers.get(INFERENCE_ID_HEADER)).toMatch(UUID);
    expect(listed.headers.get(INFERENCE_ID_HEADER)).not.toBe(
      polled.headers.get(INFERENCE_ID_HEADER),
    );
    expect(listed.headers.get(CLIENT_REQUEST_ID_HEADER)).toBeNull();
  });
});

describe("the rows", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ prices: { [MODEL]: 0.42 } });
  });
  afterAll(() => mock?.close());

  const rowsOf = (clientRequestId: string) =>
    mock.requestLog().filter((row) => row.client_request_id === clientRequestId);

  it("records a create that made a generation: succeeded, the generation id, its price", async () => {
    const started = Date.now();
    const response = await createGeneration(mock.url, BODY, withId("create-ok"));
    const { id } = await response.json();
    const [row] = rowsOf("create-ok");
    expect(row).toEqual({
      created: expect.any(String),
      status: "succeeded",
      origin: "api",
      model: MODEL,
      cost: { usd: 0.42, credits: 840_000 },
      tokens: { input: 0, output: 0, total: 0 },
      request_id: expect.stringMatching(/^req_/),
      inference_id: id,
      client_request_id: "create-ok",
    });
    expect(Date.parse(row?.created ?? "")).toBeGreaterThanOrEqual(started - 1);
    // Listed in /v2/logs too, and found there by model as a caller would.
    const listed = await page(mock, `model=${encodeURIComponent(MODEL)}`);
    expect(listed.data).toContainEqual(row);
  });

  it("records a create Prism refused as failed, at no cost, under the answer's inference id", async () => {
    const response = await createGeneration(mock.url, { model: MODEL }, withId("create-bad"));
    expect(response.status).toBe(400);
    const inferenceId = response.headers.get(INFERENCE_ID_HEADER);
    expect(inferenceId).toMatch(UUID);
    expect(rowsOf("create-bad")).toEqual([
      expect.objectContaining({
        status: "failed",
        model: MODEL,
        cost: { usd: 0, credits: 0 },
        inference_id: inferenceId,
      }),
    ]);
  });

  it("records the model as sent, even one the API does not know", async () => {
    await createGeneration(
      mock.url,
      { model: "no/such-model", prompt: "x" },
      withId("create-unknown"),
    );
    expect(rowsOf("create-unknown")).toEqual([
      expect.objectContaining({ status: "failed", model: "no/such-model" }),
    ]);
  });

  it("records a create answered by an injected 500 as failed, at no cost", async () => {
    const response = await createGeneration(mock.url, BODY, withId("create-500", fault("500")));
    expect(response.status).toBe(500);
    expect(rowsOf("create-500")).toEqual([
      expect.objectContaining({ status: "failed", cost: { usd: 0, credits: 0 } }),
    ]);
    expect(rowsOf("create-500")[0]?.inference_id).toMatch(UUID);
  });

  it("records a create whose answer never came (timeout-after-create): succeeded, with the generation id", async () => {
    const before = mock.generations().length;
    const error = await fetch(`${mock.url}/v2/video/generations`, {
      method: "POST",
      headers: {
        ...AUTH,
        "content-type": "application/json",
        ...withId("create-lost", fault("timeout-after-create")),
      },
      body: JSON.stringify(BODY),
      signal: AbortSignal.timeout(300),
    }).catch((e: Error) => e);
    expect(error).toMatchObject({ name: "TimeoutError" });
    // On a busy machine the client may give up before Prism has answered the create.
    await expect.poll(() => rowsOf("create-lost").length).toBe(1);
    const id = mock.generations()[before]?.id;
    expect(rowsOf("create-lost")).toEqual([
      expect.objectContaining({
        status: "succeeded",
        inference_id: id,
        cost: { usd: 0.42, credits: 840_000 },
      }),
    ]);
  });

  it("records a create whose answer was cut after some bytes", async () => {
    const response = await createGeneration(
      mock.url,
      BODY,
      withId("create-cut", fault("reset; after-bytes=10")),
    );
    await expect(response.text()).rejects.toThrow();
    expect(rowsOf("create-cut")).toEqual([expect.objectContaining({ status: "succeeded" })]);
  });

  it("records nothing for a create cut before it was handled", async () => {
    const error = await createGeneration(
      mock.url,
      BODY,
      withId("create-reset", fault("reset")),
    ).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(rowsOf("create-reset")).toEqual([]);
  });

  it("records nothing for a request without a valid key: it belongs to no account", async () => {
    const response = await fetch(`${mock.url}/v2/video/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", ...withId("create-401") },
      body: JSON.stringify(BODY),
    });
    expect(response.status).toBe(401);
    expect(rowsOf("create-401")).toEqual([]);
  });

  it("records each poll of a known generation, free, under its id and model", async () => {
    const { id } = await (await createGeneration(mock.url, BODY)).json();
    await retrieve(mock.url, RETRIEVE, id, { ...AUTH, ...withId("poll-known") });
    await retrieve(mock.url, LEGACY_RETRIEVE, id, { ...AUTH, ...withId("poll-known") });
    await retrieve(mock.url, RETRIEVE, "not-an-id", { ...AUTH, ...withId("poll-known") });
    const row = {
      status: "succeeded",
      model: MODEL,
      inference_id: id,
      cost: { usd: 0, credits: 0 },
    };
    expect(rowsOf("poll-known")).toEqual([
      expect.objectContaining(row),
      expect.objectContaining(row),
    ]);
  });

  it("records nothing for /v2/logs itself, the mock's own paths and video downloads", async () => {
    const { id } = await (await createGeneration(mock.url, BODY)).json();
    let url = "";
    for (let poll = 0; poll < 3; poll++) {
      url = (await (await retrieve(mock.url, RETRIEVE, id)).json()).video?.url ?? url;
    }
    const before = mock.requestLog().length;
    expect((await fetch(url)).status).toBe(200);
    await logs(mock);
    await fetch(`${mock.url}/__mock/generations`);
    await fetch(`${mock.url}${REQUEST_LOG_PATH}`);
    expect(mock.requestLog()).toHaveLength(before);
  });

  it(`lists every row at GET ${REQUEST_LOG_PATH}, as requestLog() does`, async () => {
    const listed = await (await fetch(`${mock.url}${REQUEST_LOG_PATH}`)).json();
    expect(listed).toEqual(mock.requestLog());
  });

  it("keeps the bearer key out of the rows, the pages and the log lines", async () => {
    const lines: string[] = [];
    const key = "sk-very-secret-key-1234";
    const own = await start({ onLog: (line) => lines.push(line) });
    try {
      const headers = { authorization: `Bearer ${key}` };
      await createGeneration(own.url, BODY, { ...headers, ...fault("slow; ms=1") });
      await createGeneration(own.url, { model: MODEL }, headers);
      const listed = await page(own, "key_prefix=sk-very", headers);
      expect(listed.data).toHaveLength(2);
      const mockLog = await (await fetch(`${own.url}${REQUEST_LOG_PATH}`)).text();
      expect(lines.length).toBeGreaterThan(0);
      expect(JSON.stringify([own.requestLog(), listed, mockLog, lines])).not.toContain(key);
    } finally {
      await own.close();
    }
  });
});

describe("GET /v2/logs", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start();
  });
  afterAll(() => mock?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  const ids = async (query: string) =>
    (await page(mock, query)).data.map(
      (row: { client_request_id: string }) => row.client_request_id,
    );

  it("filters by model (repeatable, exact), status and key prefix; newest first", async () => {
    const alpha = { authorization: "Bearer sk-alpha-1" };
    const beta = { authorization: "Bearer sk-beta-1" };
    await createGeneration(mock.url, BODY, { ...alpha, ...withId("f1") });
    await createGeneration(
      mock.url,
      { model: "x/other", prompt: "p" },
      { ...alpha, ...withId("f2") },
    );
    await createGeneration(
      mock.url,
      { model: `${MODEL},x/other`, prompt: "p" },
      { ...beta, ...withId("f3") },
    );
    await createGeneration(mock.url, BODY, { ...beta, ...withId("f4") });
    expect(await ids(`model=${encodeURIComponent(MODEL)}`)).toEqual(["f4", "f1"]);
    expect(await ids(`model=${encodeURIComponent(MODEL)}&model=x/other`)).toEqual([
      "f4",
      "f2",
      "f1",
    ]);
    // A comma is part of the model's name, not a list.
    expect(await ids(`model=${encodeURIComponent(`${MODEL},x/other`)}`)).toEqual(["f3"]);
    expect(await ids("status=failed")).toEqual(["f3", "f2"]);
    expect(await ids("status=failed&status=succeeded")).toEqual(["f4", "f3", "f2", "f1"]);
    expect(await ids("key_prefix=sk-beta")).toEqual(["f4", "f3"]);
    expect(await ids("key_prefix=sk-beta&status=succeeded")).toEqual(["f4"]);
  });

  it("pages with limit and offset, total after the filters and has_more", async () => {
    const key = { authorization: "Bearer sk-paging" };
    for (let i = 1; i <= 5; i++)
      await createGeneration(mock.url, BODY, { ...key, ...withId(`pg${i}`) });
    const query = "key_prefix=sk-paging&limit=2";
    expect(await page(mock, query)).toMatchObject({
      data: [{ client_request_id: "pg5" }, { client_request_id: "pg4" }],
      pagination: { limit: 2, offset: 0, total: 5, has_more: true },
    });
    expect((await page(mock, `${query}&offset=4`)).pagination).toEqual({
      limit: 2,
      offset: 4,
      total: 5,
      has_more: false,
    });
    expect((await page(mock, "key_prefix=sk-paging")).pagination.limit).toBe(50);
  });

  it("takes a period ending now, or a window from start to end", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2030, 0, 1));
    const key = { authorization: "Bearer sk-window" };
    await createGeneration(mock.url, BODY, { ...key, ...withId("w1") });
    vi.setSystemTime(Date.UTC(2030, 0, 3));
    await createGeneration(mock.url, BODY, { ...key, ...withId("w2") });
    vi.setSystemTime(Date.UTC(2030, 0, 3, 5));
    expect(await ids("key_prefix=sk-window&period=6h")).toEqual(["w2"]);
    expect(await ids("key_prefix=sk-window&period=3d")).toEqual(["w2", "w1"]);
    const window = "start=2029-12-31T00:00:00Z&end=2030-01-02T00:00:00Z";
    expect(await ids(`key_prefix=sk-window&${window}`)).toEqual(["w1"]);
    expect(await ids("key_prefix=sk-window")).toEqual(["w2", "w1"]);
  });

  it.each([
    ["period=24h&start=2030-01-01T00:00:00Z&end=2030-01-02T00:00:00Z", "not both"],
    ["start=2030-01-01T00:00:00Z", "start and end go together"],
    ["start=2030-01-02T00:00:00Z&end=2030-01-01T00:00:00Z", "start must not be after end"],
    ["start=2030-01-01T00:00:00Z&end=2030-06-01T00:00:00Z", "at most 92 days"],
  ])("refuses %s with 400 and the API's error body", async (query, message) => {
    const response = await logs(mock, query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: expect.stringContaining(message),
      path: LOGS,
      requestId: expect.stringMatching(/^req_/),
      statusCode: 400,
      timestamp: expect.any(String),
    });
  });

  it("leaves Prism to check the key and the parameters", async () => {
    expect((await logs(mock, "", {})).status).toBe(401);
    for (const query of [
      "period=24",
      "limit=101",
      "limit=0",
      "status=pending",
      "start=yesterday&end=2030-01-02T00:00:00Z",
    ]) {
      const response = await logs(mock, query);
      expect(response.status, query).toBe(400);
      expect(violations(response), query).toHaveLength(1);
    }
  });

  it("takes injected faults", async () => {
    const refused = await logs(mock, "", { ...AUTH, ...fault("503") });
    expect(refused.status).toBe(503);
    const error = await logs(mock, "", { ...AUTH, ...fault("reset") }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
  });
});

describe("the rate limit of GET /v2/logs", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ logs: { limitPerMinute: 3 } });
  });
  afterAll(() => mock?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers 429 with Retry-After above limitPerMinute in a sliding minute", async () => {
    // Only Date is faked: the mock's clock moves while sockets and timers stay real.
    vi.useFakeTimers({ toFake: ["Date"] });
    for (let i = 0; i < 3; i++) expect((await logs(mock)).status).toBe(200);
    const refused = await logs(mock);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(await refused.json()).toMatchObject({ message: "Too Many Requests", statusCode: 429 });
    vi.advanceTimersByTime(45_500);
    expect((await logs(mock)).headers.get("retry-after")).toBe("15");
    vi.advanceTimersByTime(14_500);
    expect((await logs(mock)).status).toBe(200);
  });
});

describe("the lag of GET /v2/logs", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ logs: { delayMs: 30_000 } });
  });
  afterAll(() => mock?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows a row delayMs after its request; requestLog() has it at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    await createGeneration(mock.url, BODY, withId("late"));
    expect(mock.requestLog()).toEqual([expect.objectContaining({ client_request_id: "late" })]);
    expect((await page(mock)).data).toEqual([]);
    vi.advanceTimersByTime(29_999);
    expect((await page(mock)).data).toEqual([]);
    vi.advanceTimersByTime(1);
    expect((await page(mock)).data).toEqual([
      expect.objectContaining({ client_request_id: "late" }),
    ]);
  });
});

describe("without the lifecycle", () => {
  it("keeps no log: /v2/logs answers the spec's example", async () => {
    const mock = await start({ lifecycle: false });
    try {
      await createGeneration(mock.url, BODY);
      const listed = await page(mock);
      expect(listed.data[0]?.client_request_id).toBe("order-1234");
      expect(mock.requestLog()).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it("refuses logs options, which would do nothing", async () => {
    await expect(start({ lifecycle: false, logs: { delayMs: 1 } })).rejects.toThrow(
      "logs needs the lifecycle",
    );
  });
});
