// Contract tests: the real client against real Prism serving the bundled spec. Every call the
// client makes must pass Prism's validation, and every answer the spec holds must come out of the
// client as the right result or error class.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type APIError,
  AuthenticationError,
  BadRequestError,
  type CreateResult,
  createVideoClient,
  GenerationFailedError,
  InternalServerError,
  NotFoundError,
  OutOfCreditsError,
  RateLimitError,
} from "@aimlapi-video/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ERROR_PROMPT_MARKER,
  type MockServer,
  start,
  USD_SPENT_HEADER,
  VARIABLE_PRICE_USD,
} from "../src/index.js";
import { bundledSpecPath } from "../src/paths.js";
import { CREATE, LEGACY_RETRIEVE, MODEL, specResponses } from "./support.js";

const BODY = { model: MODEL, prompt: "A red fox trotting through snow" } as const;
// The fast schedule the README gives for the mock: the client's floor is 100 ms between polls.
const FAST_POLLS = { firstDelayMs: 0, intervalMs: 100, backoff: 1, jitter: 0 };
const ERROR_CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  // The spec's 403 is the API's "You've run out of credits".
  403: OutOfCreditsError,
  404: NotFoundError,
  429: RateLimitError,
  500: InternalServerError,
  502: InternalServerError,
  503: InternalServerError,
  504: InternalServerError,
};

let prism: MockServer;
let lifecycle: MockServer;
beforeAll(async () => {
  [prism, lifecycle] = await Promise.all([
    start({ lifecycle: false }),
    start({ lifecycle: { pollsPerStep: 1 } }),
  ]);
});
afterAll(() => Promise.all([prism?.close(), lifecycle?.close()]));

const client = (baseUrl: string, headers: Record<string, string> = {}) =>
  createVideoClient({ apiKey: "contract-key", baseUrl, headers, maxRetries: 0, poll: FAST_POLLS });

async function all<T>(entries: AsyncIterable<T>): Promise<T[]> {
  const list: T[] = [];
  for await (const entry of entries) list.push(entry);
  return list;
}

/** The client's call for each operation it makes, so each answer goes through the real parsing. */
const CALLS: Record<string, (c: ReturnType<typeof client>) => Promise<unknown>> = {
  [`post ${CREATE}`]: (c) => c.createGeneration(BODY),
  [`get ${CREATE}`]: (c) => c.getGeneration("gen-contract"),
  [`get ${LEGACY_RETRIEVE}`]: (c) => c.getGeneration("gen-contract", { legacy: true }),
  "get /v1/models": (c) => c.listModels(),
  "get /v2/billing": (c) => c.getBalance(),
  "get /v2/billing/transactions": (c) => all(c.transactions()),
};

function call(operation: { path: string; method: string }, headers: Record<string, string>) {
  const method = CALLS[`${operation.method} ${operation.path}`];
  if (!method) throw new Error(`The client has no call for ${operation.method} ${operation.path}`);
  return method(client(prism.url, headers));
}

describe("every answer in the spec reaches the client as the right result or error", () => {
  // The operations the client calls. It has no call for the catalogue's other paths (/models,
  // /api/v1/models, /model/{id}) nor GET /v2/logs (findGeneration's pages are tested below):
  // prism-answers.test.ts covers their answers, catalogue.test.ts the mock's own.
  const responses = specResponses().filter((r) => `${r.method} ${r.path}` in CALLS);
  const cases = responses.flatMap((r) =>
    Object.entries(r.examples).map(([name, value]) => ({ ...r, name, value })),
  );

  it("covers each status example and each error response of every operation", () => {
    expect(new Set(responses.map((r) => `${r.method} ${r.path}`)).size).toBe(6);
    expect(
      cases.filter((c) => c.status === 200).map((c) => `${c.method} ${c.path} ${c.name}`),
    ).toHaveLength(9);
    expect(cases.filter((c) => c.status >= 400)).toHaveLength(54);
  });

  it.each(cases.filter((c) => c.status === 200))(
    "$method $path → 200 example $name",
    async ({ value, name, ...operation }) => {
      const result = await call(operation, { Prefer: `example=${name}` });
      const example = value as { id: string; meta?: { usage?: { credits_used?: number } } };
      const credits = example.meta?.usage?.credits_used;
      // A create also returns its request's ids: the mock names the task and echoes the client's.
      // A generation's answer says what it cost, in meta.usage.
      const expected =
        operation.method === "post"
          ? {
              ...example,
              clientRequestId: expect.any(String),
              inferenceId: example.id,
              echoedClientRequestId: (result as CreateResult).clientRequestId,
            }
          : credits === undefined
            ? example
            : { ...example, cost: { credits } };
      expect(result).toEqual(expected);
    },
  );

  it.each(cases.filter((c) => c.status >= 400))(
    "$method $path → $status ($name)",
    async ({ status, value, name, ...operation }) => {
      const error = await call(operation, { Prefer: `code=${status}, example=${name}` }).catch(
        (e: APIError) => e,
      );
      expect(error).toBeInstanceOf(ERROR_CLASSES[status]);
      expect(error).toMatchObject({
        status,
        body: value,
        requestId: (value as { requestId: string }).requestId,
      });
      expect((error as APIError).mayHaveCreatedTask).toBe(
        operation.method === "post" && status >= 500,
      );
      if (status === 429) expect((error as RateLimitError).retryAfterMs).toBe(5_000);
    },
  );
});

describe("requests keep the contract", () => {
  it("passes Prism's validation for create and both retrieve paths", async () => {
    const c = client(prism.url);
    await expect(
      c.createGeneration({ ...BODY, duration: 10, aspect_ratio: "9:16", cfg_scale: 0.5 }),
    ).resolves.toMatchObject({ status: "queued" });
    await expect(c.getGeneration("any-id")).resolves.toHaveProperty("id");
    await expect(c.getGeneration("any-id", { legacy: true })).resolves.toHaveProperty("id");
  });

  it("turns Prism's rejection of a body that breaks the spec into BadRequestError with the violations", async () => {
    const error = await client(prism.url)
      .createGeneration({ ...BODY, duration: 7, aspect_ratio: "4:3" } as never, { validate: false })
      .catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.violations.map((v: { location: string }) => v.location)).toEqual(
      expect.arrayContaining(["request.body.duration", "request.body.aspect_ratio"]),
    );
    expect(error.message).toMatch(/request\.body\.duration: .*allowed values/);
  });

  it("is refused with AuthenticationError when no bearer key is sent", async () => {
    const c = createVideoClient({
      apiKey: "contract-key",
      baseUrl: prism.url,
      maxRetries: 0,
      fetch: (input, init) => {
        const request = new Request(input, init);
        request.headers.delete("authorization");
        return fetch(request);
      },
    });
    const error = await c.getGeneration("any-id").catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.violations).toEqual([
      { location: "request", message: "Invalid security scheme used" },
    ]);
  });
});

describe("responses keep the contract", () => {
  let broken: MockServer;
  let dir: string;
  beforeAll(async () => {
    // A spec whose `completed` example breaks its own schema (video.url must be a string).
    const spec = JSON.parse(await readFile(bundledSpecPath, "utf8"));
    spec.paths["/v2/video/generations"].get.responses["200"].content[
      "application/json"
    ].examples.completed.value.video.url = 42;
    dir = await mkdtemp(path.join(tmpdir(), "broken-spec-"));
    await writeFile(path.join(dir, "spec.json"), JSON.stringify(spec));
    broken = await start({ specPath: path.join(dir, "spec.json"), lifecycle: false });
  });
  afterAll(async () => {
    await broken?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("fails when the spec's own example breaks its schema", async () => {
    const error = await client(broken.url, { Prefer: "example=completed" })
      .getGeneration("gen-1")
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.violations.map((v: { location: string }) => v.location)).toContain(
      "response.body.video.url",
    );
  });
});

describe("lifecycle mode, through the real client", () => {
  it("walks a generation queued → generating → completed with generateVideo", async () => {
    const seen: string[] = [];
    let createdId = "";
    const video = await client(lifecycle.url).generateVideo(BODY, {
      onCreated: ({ id }) => (createdId = id),
      onProgress: ({ generation, polls }) => seen.push(`${polls}:${generation.status}`),
    });
    expect(seen).toEqual(["1:queued", "2:generating", "3:completed"]);
    expect(video.id).toBe(createdId);
    expect(video.video.url.startsWith(`${lifecycle.url}/__mock/videos/`)).toBe(true);
  });

  it("ends in GenerationFailedError when the prompt asks for it", async () => {
    const error = await client(lifecycle.url)
      .generateVideo({ ...BODY, prompt: `A fox ${ERROR_PROMPT_MARKER}` })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect(error.generationId).toMatch(/:kling-video\/v1\/standard\/text-to-video$/);
    expect(error.errorMessage).toBeTruthy();
  });

  it("finds a create whose answer never came in GET /v2/logs, by its client request id", async () => {
    const c = createVideoClient({
      apiKey: "contract-key",
      baseUrl: lifecycle.url,
      maxRetries: 0,
      timeoutMs: 300,
      headers: { "x-mock-fault": "timeout-after-create; id=contract-lost" },
    });
    const lost = await c.createGeneration(BODY).catch((e) => e);
    expect(lost).toMatchObject({ mayHaveCreatedTask: true, clientRequestId: expect.any(String) });
    // On a busy machine the client may give up before Prism has answered the create.
    const created = () =>
      lifecycle.requestLog().find((row) => row.client_request_id === lost.clientRequestId);
    await expect.poll(created).toBeDefined();
    const found = await c.findGeneration(lost.clientRequestId, {
      model: MODEL,
      sentAt: lost.sentAt,
    });
    expect(found).toMatchObject({
      status: "found",
      id: created()?.inference_id,
      cost: { usd: 0.5, credits: 1_000_000 },
      duplicates: [],
    });
    expect(lifecycle.generations().map((g) => g.id)).toContain(
      found.status === "found" && found.id,
    );
  });

  it("resumes a wait by id on the legacy path", async () => {
    const { id } = await client(lifecycle.url).createGeneration(BODY);
    const done = await client(lifecycle.url).waitForGeneration(id, { legacy: true });
    expect(done).toMatchObject({ id, status: "completed" });
  });

  it.each([false, true])(
    "fails a wait for an id it never issued at once with NotFoundError (legacy: %s)",
    async (legacy) => {
      const polled = () => lifecycle.requestLog().length;
      const before = polled();
      const mock = client(lifecycle.url);
      const waiting = legacy
        ? mock.waitForGeneration("does-not-exist", { legacy, timeoutMs: 60_000 })
        : mock.waitForGeneration("does-not-exist", { timeoutMs: 60_000 });
      await expect(waiting).rejects.toBeInstanceOf(NotFoundError);
      await expect(waiting).rejects.toMatchObject({
        status: 404,
        message: expect.stringContaining("Generation does-not-exist not found"),
      });
      // Not a row: a poll of an id the mock did not create belongs to no generation.
      expect(polled()).toBe(before);
    },
  );
});

describe("prices, the balance and the ledger, through the real client", () => {
  let priced: MockServer;
  beforeAll(async () => {
    priced = await start({ lifecycle: { pollsPerStep: 1 }, billing: { balanceUsd: 20 } });
  });
  afterAll(() => priced?.close());

  it("reads the spec's own examples of the balance and the ledger", async () => {
    const c = client(prism.url);
    const spec = JSON.parse(await readFile(bundledSpecPath, "utf8"));
    const example = (at: string) =>
      spec.paths[at].get.responses["200"].content["application/json"].example;
    expect(await c.getBalance()).toEqual(example("/v2/billing"));
    expect(await all(c.transactions())).toEqual(example("/v2/billing/transactions").data);
  });

  it("reads the mock's catalogue: every model with its price, and the catalogue's ETag", async () => {
    const catalogue = await client(priced.url).listModels();
    expect(catalogue.models).toEqual(
      priced.catalogue().map(({ modalities: _m, capabilities: _c, ...model }) => model),
    );
    const etag = (await fetch(`${priced.url}/v1/models`)).headers.get("etag");
    expect(catalogue.etag).toBe(etag);
  });

  it("revalidates the catalogue with its ETag: a 304, and the same models", async () => {
    const statuses: number[] = [];
    const c = createVideoClient({
      apiKey: "contract-key",
      baseUrl: priced.url,
      catalogueMaxAgeMs: 0,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      },
    });
    const first = await c.listModels();
    const second = await c.listModels();
    expect(statuses).toEqual([200, 304]);
    expect(second.models).toEqual(first.models);
  });

  it("quotes every model's example body at the price the mock charges; a variable price is unknown", async () => {
    const catalogue = await client(priced.url).listModels();
    const spec = JSON.parse(await readFile(bundledSpecPath, "utf8"));
    const union = spec.paths[CREATE].post.requestBody.content["application/json"].schema;
    const examples = Object.values<string>(union.discriminator.mapping).map(
      (ref) => spec.components.schemas[ref.split("/").pop() ?? ""].example,
    );
    const unknown: string[] = [];
    for (const example of examples) {
      const quote = catalogue.quote(example);
      if (quote.status === "priced") {
        expect(quote.usd, example.model).toBe(priced.priceOf(example));
      } else {
        unknown.push(example.model);
        expect(priced.priceOf(example)).toBe(VARIABLE_PRICE_USD);
      }
    }
    const variable = priced.catalogue().filter((model) => model.pricing?.kind === "variable");
    expect(unknown).toEqual(variable.map((model) => model.id));
    expect(examples.length - unknown.length).toBeGreaterThan(100);
  });

  it("a completed generation says what it cost, and the balance and the ledger show the charge", async () => {
    const c = client(priced.url);
    const before = await c.getBalance();
    const body = {
      model: "google/veo-3.1-t2v",
      prompt: "A red fox trotting through snow",
      resolution: "720p",
      duration: 6,
    } as const;
    const video = await c.generateVideo(body);
    // $0.05 a second at 720p, for 6 s.
    const usd = 0.3;
    expect(priced.priceOf(body)).toBe(usd);
    const polled = await fetch(
      `${priced.url}${CREATE}?generation_id=${encodeURIComponent(video.id)}`,
      {
        headers: { authorization: "Bearer contract-key" },
      },
    );
    expect(polled.headers.get(USD_SPENT_HEADER)).toBe("0.3");
    expect(await c.getGeneration(video.id)).toMatchObject({ cost: { usd, credits: 600_000 } });
    expect((await c.getBalance()).current_balance).toBeCloseTo(before.current_balance - usd, 9);
    const [latest] = await all(c.transactions({ type: "MODEL_USAGE" }));
    expect(latest).toMatchObject({
      direction: "CHARGE",
      amount: { usd, credits: 600_000 },
      model: body.model,
      reference_id: video.id,
    });
  });

  it("pages the whole ledger by its cursor, more than 100 entries", async () => {
    for (let i = 0; i < 150; i++) priced.charge({ usd: 0.01, referenceId: `contract-${i}` });
    const ledger = await all(client(priced.url).transactions());
    expect(ledger.length).toBeGreaterThan(150);
    expect(ledger).toEqual(priced.billing().transactions);
  });

  it("refuses a create the balance cannot pay with OutOfCreditsError: nothing was created", async () => {
    const broke = await start({ billing: { balanceUsd: 0.1 } });
    try {
      const error = await client(broke.url)
        .createGeneration(BODY)
        .catch((e) => e);
      expect(error).toBeInstanceOf(OutOfCreditsError);
      expect(error).toMatchObject({ status: 403, mayHaveCreatedTask: false });
      expect(broke.generations()).toEqual([]);
    } finally {
      await broke.close();
    }
  });
});
