// What the mock's generations cost, through its server: the price of a create for each pricing
// kind, the cost headers and meta.usage, the balance debited when a generation completes (never
// when it fails), the ledger over HTTP, and a create refused for want of credits.
import type { CatalogModel, VariantPricing } from "@aimlapi-video/types";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  BILLING_PATH,
  CLIENT_REQUEST_ID_HEADER,
  CREDITS_USED_HEADER,
  ERROR_PROMPT_MARKER,
  type MockServer,
  OUT_OF_CREDITS,
  start,
  USD_SPENT_HEADER,
  VARIABLE_PRICE_USD,
} from "../src/index.js";
import {
  AUTH,
  createGeneration,
  LEGACY_RETRIEVE,
  RETRIEVE,
  retrieve,
  violations,
} from "./support.js";

const VEO = "google/veo-3.1-t2v";
const KLING_V16 = "kling-video/v1.6/standard/text-to-video";
const H3 = "minimax/h3";
const KLING = "kling-video/v1/standard/text-to-video";
const AVATAR = "klingai/avatar-pro";
const LEDGER = "/v2/billing/transactions";

const cost = (response: Response) => ({
  usd: response.headers.get(USD_SPENT_HEADER),
  credits: response.headers.get(CREDITS_USED_HEADER),
});

/** Creates a generation; returns its id and the create's answer. */
async function create(mock: MockServer, body: object, headers: object = {}) {
  const response = await createGeneration(mock.url, body, headers);
  const json = await response.json();
  return { response, id: json.id as string, json };
}

/** Polls a generation until it is final; returns every answer, the last one's body parsed. */
async function complete(mock: MockServer, id: string, path = RETRIEVE) {
  const answers: Response[] = [];
  for (let poll = 0; poll < 5; poll++) {
    const response = await retrieve(mock.url, path, id);
    answers.push(response);
    const body = await response.clone().json();
    if (body.status === "completed" || body.status === "error") return { answers, body };
  }
  throw new Error(`${id} is not final after 5 polls`);
}

async function getJson(mock: MockServer, path: string) {
  const response = await fetch(`${mock.url}${path}`, { headers: AUTH });
  expect(response.status, path).toBe(200);
  return response.json();
}

const balance = async (mock: MockServer) =>
  (await getJson(mock, "/v2/billing")).current_balance as number;

describe("the price of a create", () => {
  let mock: MockServer;
  let catalogue: CatalogModel[];
  beforeAll(async () => {
    mock = await start();
    catalogue = mock.catalogue();
  });
  afterAll(() => mock?.close());

  const pricing = (id: string) => catalogue.find((model) => model.id === id)?.pricing;
  const variant = (id: string, when: VariantPricing["variants"][number]["when"]) => {
    const price = pricing(id);
    return price?.kind === "variants"
      ? price.variants.find((v) => JSON.stringify(v.when) === JSON.stringify(when))
      : undefined;
  };

  /** The row of a create, whose cost is the create's price. */
  async function rowCost(body: object): Promise<number | undefined> {
    const tag = `price-${Math.random().toString(36).slice(2)}`;
    const { response } = await create(mock, body, { [CLIENT_REQUEST_ID_HEADER]: tag });
    expect(response.status).toBe(200);
    return mock.requestLog().find((row) => row.client_request_id === tag)?.cost.usd;
  }

  it("is a resolution's rate by the second times the body's duration, or the defaults'", async () => {
    expect(variant(VEO, { resolution: "720p" })).toEqual({
      when: { resolution: "720p" },
      price: 0.05,
      unit: "second",
      per: 1,
    });
    const body = { model: VEO, prompt: "A fox", resolution: "720p", duration: 4 };
    // $0.05 / 1 × 4 s
    expect(await rowCost(body)).toBe(0.2);
    expect(mock.priceOf(body)).toBe(0.2);
    // The defaults: 1080p ($0.10 a second) for 8 s.
    expect(variant(VEO, { resolution: "1080p" })?.price).toBe(0.1);
    expect(await rowCost({ model: VEO, prompt: "A fox" })).toBe(0.8);
  });

  it("is a duration's rate for the video", async () => {
    expect(variant(KLING_V16, { duration: 10 })).toEqual({
      when: { duration: 10 },
      price: 0.6,
      unit: "video",
      per: 1,
    });
    expect(await rowCost({ model: KLING_V16, prompt: "A fox", duration: 10 })).toBe(0.6);
    // The default duration, 5 s.
    expect(await rowCost({ model: KLING_V16, prompt: "A fox" })).toBe(0.3);
  });

  it("is a fixed rate per 10 seconds, divided by its per, times the seconds", async () => {
    expect(pricing(H3)).toEqual({
      kind: "fixed",
      units: [{ name: "output", measure: "second", price: 0.4, per: 10 }],
    });
    // $0.40 / 10 × 15 s, and × the default 6 s.
    expect(await rowCost({ model: H3, prompt: "A fox", duration: 15 })).toBe(0.6);
    expect(await rowCost({ model: H3, prompt: "A fox" })).toBe(0.24);
  });

  it("is a fixed price per video, whatever the duration", async () => {
    expect(pricing(KLING)).toMatchObject({ kind: "fixed", units: [{ price: 0.5, per: 1 }] });
    expect(await rowCost({ model: KLING, prompt: "A fox", duration: 10 })).toBe(0.5);
  });

  it("is the fixture amount for a variable price, which cannot be quoted", async () => {
    expect(pricing(AVATAR)?.kind).toBe("variable");
    const body = { model: AVATAR, image_url: "https://x/a.png", audio_url: "https://x/a.mp3" };
    expect(await rowCost(body)).toBe(VARIABLE_PRICE_USD);
  });
});

describe("what a generation cost, on its answers", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ billing: { balanceUsd: 10 } });
  });
  afterAll(() => mock?.close());

  it("a create costs nothing yet; the answer that shows it completed carries its cost", async () => {
    const before = await balance(mock);
    const { response, id } = await create(mock, { model: VEO, prompt: "A fox" });
    expect(cost(response)).toEqual({ usd: "0", credits: "0" });
    const { answers, body } = await complete(mock, id);
    expect(answers.slice(0, -1).map(cost)).toEqual([
      { usd: "0", credits: "0" },
      { usd: "0", credits: "0" },
    ]);
    expect(cost(answers.at(-1) as Response)).toEqual({ usd: "0.8", credits: "1600000" });
    expect(body.meta).toEqual({ usage: { credits_used: 1_600_000, usd_spent: 0.8 } });
    expect(await balance(mock)).toBe(before - 0.8);
  });

  it("shows the same cost on every later answer, and charges it once", async () => {
    const { id } = await create(mock, { model: VEO, prompt: "A fox", duration: 4 });
    await complete(mock, id);
    const after = await balance(mock);
    const again = await retrieve(mock.url, RETRIEVE, id);
    expect(cost(again)).toEqual({ usd: "0.4", credits: "800000" });
    // The legacy path keeps its own usage (tokens_used) beside the cost.
    const legacy = await retrieve(mock.url, LEGACY_RETRIEVE, id);
    expect(cost(legacy)).toEqual({ usd: "0.4", credits: "800000" });
    expect((await legacy.json()).meta.usage).toEqual({
      tokens_used: 120_000,
      credits_used: 800_000,
      usd_spent: 0.4,
    });
    expect(await balance(mock)).toBe(after);
    const charges = mock.billing().transactions.filter((t) => t.reference_id === id);
    expect(charges).toHaveLength(1);
  });

  it("never charges a generation that fails", async () => {
    const before = mock.billing();
    const { id } = await create(mock, { model: VEO, prompt: `A fox ${ERROR_PROMPT_MARKER}` });
    const { answers, body } = await complete(mock, id);
    expect(body.status).toBe("error");
    expect(body.meta).toBeNull();
    expect(answers.map(cost)).toEqual(answers.map(() => ({ usd: "0", credits: "0" })));
    expect(mock.billing()).toEqual(before);
  });

  it("says 0 on the other JSON answers, in place of Prism's placeholders", async () => {
    for (const path of ["/v2/billing", LEDGER, "/v2/logs", "/v1/models", `/model/${VEO}`]) {
      const response = await fetch(`${mock.url}${path}`, { headers: AUTH });
      expect(cost(response), path).toEqual({ usd: "0", credits: "0" });
    }
    const refused = await createGeneration(mock.url, { model: VEO });
    expect(refused.status).toBe(400);
    expect(cost(refused)).toEqual({ usd: "0", credits: "0" });
  });
});

describe("the balance and the ledger", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ billing: { balanceUsd: 50 } });
  });
  afterAll(() => mock?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it("starts with the balance given, as an INIT top-up", async () => {
    expect(await getJson(mock, "/v2/billing")).toEqual({ current_balance: 50, currency: "USD" });
    expect((await getJson(mock, LEDGER)).data.at(-1)).toEqual({
      created_at: expect.any(String),
      direction: "TOPUP",
      type: "INIT",
      amount: { usd: 50, credits: 100_000_000 },
      model: null,
      reference_id: null,
    });
  });

  it("debits a completed generation's price, with an entry naming it, when it is reported completed", async () => {
    const { id } = await create(mock, { model: KLING, prompt: "A fox" });
    const before = await balance(mock);
    await retrieve(mock.url, RETRIEVE, id);
    await retrieve(mock.url, RETRIEVE, id);
    // Completed for the next poll to see, and not reported yet: nothing charged.
    expect(mock.generations().find((g) => g.id === id)?.status).toBe("completed");
    expect(await balance(mock)).toBe(before);
    const reported = await retrieve(mock.url, RETRIEVE, id);
    expect((await reported.json()).status).toBe("completed");
    expect(await balance(mock)).toBe(before - 0.5);
    expect((await getJson(mock, LEDGER)).data[0]).toEqual({
      created_at: expect.any(String),
      direction: "CHARGE",
      type: "MODEL_USAGE",
      amount: { usd: 0.5, credits: 1_000_000 },
      model: KLING,
      reference_id: id,
    });
  });

  it("charges a generation on the clock when a poll first sees it completed, at that time", async () => {
    // Only Date is faked: the mock's clock moves while sockets and timers stay real.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2030, 0, 1));
    const timed = await start({ lifecycle: { timeScale: 1 } });
    try {
      const { id } = await create(timed, { model: KLING, prompt: "A fox" });
      vi.advanceTimersByTime(3_600_000);
      expect(timed.generations()[0]?.status).toBe("completed");
      expect(timed.billing().balanceUsd).toBe(1_000);
      vi.advanceTimersByTime(60_000);
      await retrieve(timed.url, RETRIEVE, id);
      expect(timed.billing()).toEqual({
        balanceUsd: 999.5,
        transactions: [
          expect.objectContaining({ created_at: "2030-01-01T01:01:00.000Z", reference_id: id }),
          expect.objectContaining({ type: "INIT", created_at: "2030-01-01T00:00:00.000Z" }),
        ],
      });
    } finally {
      await timed.close();
    }
  });

  it("writes top-ups and charges made behind the SDK's back, listed at /__mock/billing too", async () => {
    const before = await balance(mock);
    mock.topUp(2);
    mock.charge({ usd: 0.3, model: VEO, referenceId: "elsewhere-1" });
    expect(await balance(mock)).toBeCloseTo(before + 1.7, 9);
    const page = await getJson(mock, `${LEDGER}?limit=2`);
    expect(page.data).toEqual([
      expect.objectContaining({
        direction: "CHARGE",
        type: "MODEL_USAGE",
        model: VEO,
        reference_id: "elsewhere-1",
      }),
      expect.objectContaining({
        direction: "TOPUP",
        type: "PAYMENT",
        amount: { usd: 2, credits: 4_000_000 },
      }),
    ]);
    const listed = await (await fetch(`${mock.url}${BILLING_PATH}`)).json();
    expect(listed).toEqual(mock.billing());
    expect(listed.transactions.slice(0, 2)).toEqual(page.data);
  });

  it("pages the ledger by cursor over HTTP, with the filters kept", async () => {
    for (let i = 0; i < 120; i++) mock.charge({ usd: 0.01, referenceId: `bulk-${i}` });
    const seen: string[] = [];
    let query = `${LEDGER}?type=MODEL_USAGE&limit=100`;
    for (let pages = 0; pages < 10; pages++) {
      const page = await getJson(mock, query);
      seen.push(...page.data.map((t: { reference_id: string }) => t.reference_id));
      if (page.pagination.next_cursor === null) break;
      query = `${LEDGER}?type=MODEL_USAGE&limit=100&cursor=${encodeURIComponent(page.pagination.next_cursor)}`;
    }
    expect(seen).toEqual(
      mock
        .billing()
        .transactions.filter((t) => t.type === "MODEL_USAGE")
        .map((t) => t.reference_id),
    );
    expect(seen.length).toBeGreaterThan(120);
  });

  it("refuses a bad cursor, or one reused with other filters, with 400 in the API's error body", async () => {
    const first = await getJson(mock, `${LEDGER}?type=MODEL_USAGE&limit=1`);
    const cursor = encodeURIComponent(first.pagination.next_cursor);
    const refusals: [string, string][] = [
      ["cursor=2", "cursor is not one this API gave"],
      [`direction=CHARGE&cursor=${cursor}`, "cursor belongs to a query with other filters"],
      ["from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "from must not be after to"],
    ];
    for (const [query, message] of refusals) {
      const response = await fetch(`${mock.url}${LEDGER}?${query}`, { headers: AUTH });
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toEqual({
        message: expect.stringContaining(message),
        path: LEDGER,
        requestId: expect.stringMatching(/^req_/),
        statusCode: 400,
        timestamp: expect.any(String),
      });
    }
  });

  it("leaves Prism to check the key and the query", async () => {
    for (const path of ["/v2/billing", LEDGER]) {
      expect((await fetch(`${mock.url}${path}`)).status, path).toBe(401);
    }
    for (const query of ["limit=0", "limit=101", "direction=OUT", "type=GIFT", "from=yesterday"]) {
      const response = await fetch(`${mock.url}${LEDGER}?${query}`, { headers: AUTH });
      expect(response.status, query).toBe(400);
      expect(violations(response), query).toHaveLength(1);
    }
  });
});

describe("out of credits", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ billing: { balanceUsd: 1 } });
  });
  afterAll(() => mock?.close());

  const VEO_8S = { model: VEO, prompt: "A fox" }; // 8 s at 1080p: $0.80

  it("runs creates the balance covers; charges not yet made hold nothing back", async () => {
    const first = await create(mock, VEO_8S);
    const second = await create(mock, VEO_8S);
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    await complete(mock, first.id);
    await complete(mock, second.id);
    // Both were charged once they completed, as the API charges after completion.
    expect(await balance(mock)).toBeCloseTo(-0.6, 9);
  });

  it("refuses a create the balance cannot pay with 403 and the API's words: nothing is created", async () => {
    const generations = mock.generations().length;
    const before = mock.billing();
    const response = await createGeneration(mock.url, VEO_8S, {
      [CLIENT_REQUEST_ID_HEADER]: "broke-1",
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      message: OUT_OF_CREDITS,
      path: "/v2/video/generations",
      requestId: expect.stringMatching(/^req_/),
      statusCode: 403,
      timestamp: expect.any(String),
    });
    expect(OUT_OF_CREDITS).toMatch(/^You've run out of credits\. Please top up your balance/);
    expect(mock.generations()).toHaveLength(generations);
    expect(mock.billing()).toEqual(before);
    expect(mock.requestLog().filter((row) => row.client_request_id === "broke-1")).toEqual([
      expect.objectContaining({ status: "failed", cost: { usd: 0, credits: 0 } }),
    ]);
  });

  it("runs it again once the balance is topped up", async () => {
    mock.topUp(1.4);
    expect(await balance(mock)).toBeCloseTo(0.8, 9);
    expect((await create(mock, VEO_8S)).response.status).toBe(200);
    // $0.20 left: a dearer create is refused, a cheaper one that it covers runs.
    mock.charge({ usd: 0.6 });
    expect((await createGeneration(mock.url, VEO_8S)).status).toBe(403);
    expect(
      (await create(mock, { ...VEO_8S, resolution: "720p", duration: 4 })).response.status,
    ).toBe(200);
  });
});

describe("without the lifecycle", () => {
  it("answers the spec's example, and has no balance to read or change", async () => {
    const bare = await start({ lifecycle: false });
    try {
      expect(await getJson(bare, "/v2/billing")).toEqual({
        current_balance: 12.5,
        currency: "USD",
      });
      expect(() => bare.billing()).toThrow("billing needs the lifecycle");
      expect(() => bare.topUp(1)).toThrow("topUp needs the lifecycle");
      expect(await (await fetch(`${bare.url}${BILLING_PATH}`)).json()).toBeNull();
    } finally {
      await bare.close();
    }
    await expect(start({ lifecycle: false, billing: { balanceUsd: 1 } })).rejects.toThrow(
      "billing needs the lifecycle",
    );
  });
});
