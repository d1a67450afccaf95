import type { RequestLogEntry, RequestLogQuery } from "@aimlapi-video/types";
import { describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "./errors.js";
import { findByClientRequestId } from "./find-generation.js";

const MODEL = "kling-video/v1/standard/text-to-video";
const SENT_AT = Date.parse("2026-12-06T10:00:00.000Z");

const row = (over: Partial<RequestLogEntry>): RequestLogEntry => ({
  created: "2026-12-06T10:00:01.000Z",
  status: "succeeded",
  origin: "api",
  model: MODEL,
  cost: { usd: 0.5, credits: 1_000_000 },
  tokens: { input: 0, output: 0, total: 0 },
  request_id: "req_1",
  inference_id: "gen-1",
  client_request_id: null,
  ...over,
});

/** A log of `rows` (newest first) served in pages, recording every query. */
function log(rows: RequestLogEntry[]) {
  const queries: RequestLogQuery[] = [];
  const read = async (query: RequestLogQuery) => {
    queries.push(query);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const data = rows.slice(offset, offset + limit);
    return {
      data,
      pagination: { limit, offset, total: rows.length, has_more: offset + limit < rows.length },
    };
  };
  return { read, queries };
}

const others = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    row({ inference_id: `other-${i}`, client_request_id: `c-${i}` }),
  );

describe("findByClientRequestId", () => {
  it("finds the generation on a later page, with its cost, scanning the window around the create", async () => {
    const mine = row({
      inference_id: "gen-mine",
      client_request_id: "order-1",
      cost: { usd: 1.25, credits: 1 },
    });
    const { read, queries } = log([...others(150), mine, ...others(10)]);
    const result = await findByClientRequestId("order-1", { model: MODEL, sentAt: SENT_AT }, read);
    expect(result).toMatchObject({ status: "found", id: "gen-mine", cost: { usd: 1.25 } });
    expect(result.scope).toMatchObject({ pages: 2, rows: 161, complete: true });
    expect(queries[0]).toEqual({
      start: "2026-12-06T09:50:00.000Z",
      end: "2026-12-06T10:10:00.000Z",
      model: [MODEL],
      limit: 100,
      offset: 0,
    });
    expect(queries[1]?.offset).toBe(100);
  });

  it("answers not-found (not yet) with what it read, and lists the refused attempts", async () => {
    const refused = row({
      status: "failed",
      inference_id: "inf-9",
      client_request_id: "order-1",
      cost: { usd: 0, credits: 0 },
    });
    const { read } = log([...others(3), refused]);
    const result = await findByClientRequestId("order-1", { model: MODEL, sentAt: SENT_AT }, read);
    expect(result.status).toBe("not-found");
    expect(result.failed.map((r) => r.inference_id)).toEqual(["inf-9"]);
    expect(result.scope).toMatchObject({
      clientRequestId: "order-1",
      model: MODEL,
      pages: 1,
      rows: 4,
    });
  });

  it("adopts the oldest of several successes and lists the others as duplicates (each one paid)", async () => {
    const first = row({
      inference_id: "gen-a",
      client_request_id: "k",
      created: "2026-12-06T10:00:01.000Z",
    });
    const second = row({
      inference_id: "gen-b",
      client_request_id: "k",
      created: "2026-12-06T10:03:00.000Z",
    });
    const { read } = log([second, first]);
    const result = await findByClientRequestId("k", { model: MODEL, sentAt: SENT_AT }, read);
    expect(
      result.status === "found" && [result.id, result.duplicates.map((d) => d.inference_id)],
    ).toEqual(["gen-a", ["gen-b"]]);
  });

  it("stops at maxPages and says the scan was incomplete", async () => {
    const { read, queries } = log(others(500));
    const result = await findByClientRequestId(
      "x",
      { model: MODEL, sentAt: SENT_AT, maxPages: 2 },
      read,
    );
    expect(queries).toHaveLength(2);
    expect(result.scope.complete).toBe(false);
  });

  it("reads a row shifted onto the next page by a newer one only once", async () => {
    const mine = row({ inference_id: "gen-mine", client_request_id: "k" });
    const rows = [...others(99), mine, ...others(5)];
    let first = true;
    const read = async (query: RequestLogQuery) => {
      // A new row lands between the two pages: `mine` is read at the end of page 1 and again at the start of page 2.
      if (!first) rows.unshift(row({ inference_id: "new" }));
      first = false;
      return log(rows).read(query);
    };
    const result = await findByClientRequestId("k", { model: MODEL, sentAt: SENT_AT }, read);
    expect(result.status === "found" && result.duplicates).toEqual([]);
  });

  it("refuses an answer that is not a page", async () => {
    await expect(
      findByClientRequestId("k", { model: MODEL, sentAt: SENT_AT }, async () => "<html>"),
    ).rejects.toBeInstanceOf(UnexpectedResponseError);
  });

  it.each([
    [{ model: "" }, /Invalid findGeneration model: expected the create's model id, received ""/],
    [
      { sentAt: Number.NaN },
      /Invalid findGeneration sentAt: expected a Date or epoch milliseconds, received NaN/,
    ],
    [{ maxPages: 0 }, /maxPages/],
    [{ windowMs: 10 }, /windowMs/],
  ])("checks its options before reading: %j", async (bad, message) => {
    const { read, queries } = log([]);
    await expect(
      findByClientRequestId("k", { model: MODEL, sentAt: SENT_AT, ...bad }, read),
    ).rejects.toThrow(message);
    expect(queries).toHaveLength(0);
  });
});
