import { describe, expect, it } from "vitest";
import { type LoggedRequest, RequestLog, type RequestLogOptions } from "../src/request-log.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 2026-12-01T00:00:00Z, so that start/end windows read as dates.
const T0 = Date.UTC(2026, 11, 1);

function clock() {
  let now = T0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function logWith(options: RequestLogOptions = {}) {
  const time = clock();
  const log = new RequestLog(options, time.now);
  let n = 0;
  const record = (request: Partial<LoggedRequest> = {}) => {
    n += 1;
    log.record({
      arrivedAt: time.now(),
      model: "kling",
      succeeded: true,
      usd: 0,
      inferenceId: `inference-${n}`,
      clientRequestId: `client-${n}`,
      key: "sk-alpha-secret",
      ...request,
    });
  };
  const page = (query = "") => log.page(new URLSearchParams(query));
  const ids = (query = "") => {
    const answer = page(query);
    return typeof answer === "string" ? answer : answer.data.map((row) => row.client_request_id);
  };
  return { log, time, record, page, ids };
}

describe("RequestLog rows", () => {
  it("writes the API's row: what the request cost, in USD and credits", () => {
    const { log, record } = logWith();
    record({ usd: 0.5, clientRequestId: "order-1", inferenceId: "gen-1" });
    record({ succeeded: false, clientRequestId: undefined });
    expect(log.list()).toEqual([
      {
        created: "2026-12-01T00:00:00.000Z",
        status: "succeeded",
        origin: "api",
        model: "kling",
        cost: { usd: 0.5, credits: 1_000_000 },
        tokens: { input: 0, output: 0, total: 0 },
        request_id: expect.stringMatching(/^req_[0-9a-f]{16}$/),
        inference_id: "gen-1",
        client_request_id: "order-1",
      },
      expect.objectContaining({
        status: "failed",
        cost: { usd: 0, credits: 0 },
        client_request_id: null,
      }),
    ]);
  });

  it("rounds credits at 2,000,000 a dollar", () => {
    const { log, record } = logWith();
    record({ usd: 3.2, model: "veo" });
    record({ usd: 0.1234567, model: "kling" });
    expect(log.list().map((row) => row.cost)).toEqual([
      { usd: 3.2, credits: 6_400_000 },
      { usd: 0.1234567, credits: 246_913 },
    ]);
  });

  it("never shows the key, in its rows or its pages", () => {
    const { log, record, page } = logWith();
    record();
    expect(JSON.stringify([log.list(), page()])).not.toContain("sk-alpha-secret");
  });

  it("keeps arrival order when a slow request is recorded after a quicker later one", () => {
    const { log, record } = logWith();
    record({ arrivedAt: T0 + 10, clientRequestId: "later" });
    record({ arrivedAt: T0, clientRequestId: "earlier" });
    expect(log.list().map((row) => row.client_request_id)).toEqual(["earlier", "later"]);
  });

  it("forgets the oldest of more than 10,000 rows", () => {
    const { log, record } = logWith();
    for (let i = 0; i < 10_001; i++) record({ clientRequestId: `c${i}` });
    const rows = log.list();
    expect(rows).toHaveLength(10_000);
    expect(rows[0]?.client_request_id).toBe("c1");
  });

  it("hands out copies: a test that changes a row does not change the log", () => {
    const { log, record } = logWith();
    record();
    const [row] = log.list();
    if (row) row.cost.usd = 99;
    expect(log.list()[0]?.cost.usd).toBe(0);
  });
});

describe("RequestLog pages", () => {
  it("lists newest first, with limit 50 and offset 0 by default", () => {
    const { record, page } = logWith();
    record();
    record();
    expect(page()).toEqual({
      data: [
        expect.objectContaining({ client_request_id: "client-2" }),
        expect.objectContaining({ client_request_id: "client-1" }),
      ],
      pagination: { limit: 50, offset: 0, total: 2, has_more: false },
    });
  });

  it("pages with limit and offset; total counts every match, has_more says a page follows", () => {
    const { record, page, ids } = logWith();
    for (let i = 0; i < 5; i++) record();
    expect(ids("limit=2")).toEqual(["client-5", "client-4"]);
    expect(page("limit=2&offset=2")).toMatchObject({
      data: [{ client_request_id: "client-3" }, { client_request_id: "client-2" }],
      pagination: { limit: 2, offset: 2, total: 5, has_more: true },
    });
    expect(page("limit=2&offset=4")).toMatchObject({
      data: [{ client_request_id: "client-1" }],
      pagination: { total: 5, has_more: false },
    });
    expect(page("offset=9")).toMatchObject({ data: [], pagination: { total: 5, has_more: false } });
  });

  it("filters by model, exactly; a repeated parameter for several, a comma taken literally", () => {
    const { record, ids } = logWith();
    record({ model: "kling" });
    record({ model: "veo" });
    record({ model: "kling,veo" });
    record({ model: "kling-pro" });
    expect(ids("model=kling")).toEqual(["client-1"]);
    expect(ids("model=kling&model=veo")).toEqual(["client-2", "client-1"]);
    expect(ids("model=kling,veo")).toEqual(["client-3"]);
  });

  it("filters by status, repeatable", () => {
    const { record, ids } = logWith();
    record({ succeeded: true });
    record({ succeeded: false });
    expect(ids("status=failed")).toEqual(["client-2"]);
    expect(ids("status=succeeded")).toEqual(["client-1"]);
    expect(ids("status=succeeded&status=failed")).toEqual(["client-2", "client-1"]);
  });

  it("filters by the start of the key each request was made with", () => {
    const { record, ids } = logWith();
    record({ key: "sk-alpha-1" });
    record({ key: "sk-beta-1" });
    record({ key: undefined });
    expect(ids("key_prefix=sk-alpha")).toEqual(["client-1"]);
    expect(ids("key_prefix=sk-")).toEqual(["client-2", "client-1"]);
    expect(ids("key_prefix=alpha")).toEqual([]);
  });

  it("takes a period ending now, in hours or days", () => {
    const { record, time, ids } = logWith();
    record();
    time.advance(2 * DAY);
    record();
    time.advance(2 * HOUR);
    record();
    time.advance(HOUR);
    // The window's start is included.
    expect(ids("period=2h")).toEqual(["client-3"]);
    expect(ids("period=3h")).toEqual(["client-3", "client-2"]);
    expect(ids("period=2d")).toEqual(["client-3", "client-2"]);
    expect(ids("period=3d")).toEqual(["client-3", "client-2", "client-1"]);
  });

  it("takes a window from start to end, both included, and every row without one", () => {
    const { record, time, ids } = logWith();
    record();
    time.advance(DAY);
    record();
    time.advance(DAY);
    record();
    expect(ids("start=2026-12-02T00:00:00Z&end=2026-12-03T00:00:00Z")).toEqual([
      "client-3",
      "client-2",
    ]);
    expect(ids("start=2026-12-01T01:00:00%2B01:00&end=2026-12-01T12:00:00Z")).toEqual(["client-1"]);
    expect(ids()).toEqual(["client-3", "client-2", "client-1"]);
  });

  it.each([
    ["period=24h&start=2026-12-01T00:00:00Z", "Give either period or start and end, not both"],
    ["period=24h&end=2026-12-01T00:00:00Z", "Give either period or start and end, not both"],
    ["start=2026-12-01T00:00:00Z", "start and end go together"],
    ["end=2026-12-01T00:00:00Z", "start and end go together"],
    ["start=2026-12-02T00:00:00Z&end=2026-12-01T00:00:00Z", "start must not be after end"],
    ["start=2026-09-01T00:00:00Z&end=2026-12-02T00:00:01Z", "at most 92 days"],
    ["start=2026-06-30T23:59:60Z&end=2026-07-01T00:00:00Z", "ISO 8601 date-times"],
    ["period=24", "period must be a positive integer then h or d"],
  ])("refuses %s", (query, message) => {
    const { page } = logWith();
    expect(page(query)).toContain(message);
  });

  it("takes a window of exactly 92 days", () => {
    const { page } = logWith();
    expect(page("start=2026-09-01T00:00:00Z&end=2026-12-02T00:00:00Z")).toHaveProperty("data");
  });

  it("shows a row delayMs after its request, as the API's analytics pipeline lags", () => {
    const { log, record, time, ids } = logWith({ delayMs: 5_000 });
    record();
    // Recorded at once, so the mock can list it; not shown in /v2/logs yet.
    expect(log.list()).toHaveLength(1);
    expect(ids()).toEqual([]);
    time.advance(4_999);
    expect(ids()).toEqual([]);
    time.advance(1);
    expect(ids()).toEqual(["client-1"]);
  });
});

describe("RequestLog rate window", () => {
  it("admits limitPerMinute requests in any 60 s, then says when the next slot frees", () => {
    const { log, time } = logWith({ limitPerMinute: 2 });
    expect(log.admit()).toBeUndefined();
    time.advance(20_000);
    expect(log.admit()).toBeUndefined();
    expect(log.admit()).toBe(40);
    time.advance(39_001);
    // 999 ms left is one whole second to wait.
    expect(log.admit()).toBe(1);
    time.advance(999);
    // The first request has left the window; refused ones were never counted.
    expect(log.admit()).toBeUndefined();
    expect(log.admit()).toBe(20);
  });
});

describe("RequestLog options", () => {
  it.each([
    [{ delayMs: -1 }, "delayMs must be a number at least 0; received -1"],
    [{ delayMs: Number.NaN }, "delayMs must be a number at least 0; received NaN"],
    [{ limitPerMinute: 0 }, "limitPerMinute must be a number at least 1 and whole; received 0"],
    [{ limitPerMinute: 2.5 }, "limitPerMinute must be a number at least 1 and whole; received 2.5"],
  ])("refuses %j, naming the option", (options, message) => {
    expect(() => new RequestLog(options)).toThrow(message);
  });
});
