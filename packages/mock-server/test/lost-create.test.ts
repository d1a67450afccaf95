/**
 * A lost create found again, against the real mock server (Prism on loopback, its request log
 * behind GET /v2/logs): the create's answer is lost in the ways that matter, the error says the
 * task may exist and carries what findGeneration needs, the lookup finds the one generation the
 * mock made (after the log's lag, when it has one), and the generation completes. A create the
 * API refused shows as a failed row, and a key outside the header's alphabet goes through its
 * derived id. Each test starts a mock of its own (milliseconds after the first), so
 * `mock.generations()` is the test's alone.
 */
import {
  AimlApiError,
  BadRequestError,
  createVideoClient,
  type LookupResult,
  toClientRequestId,
} from "@aimlapi-video/client";
import { afterEach, describe, expect, it } from "vitest";
import { type MockServer, start } from "../src/index.js";

const MODEL = "kling-video/v1/standard/text-to-video";
const BODY = { model: MODEL, prompt: "A red fox trotting through snow", duration: 5 } as const;
/** The mock's fast schedule (its README): a generation completes on the third poll. */
const FAST_POLLS = { firstDelayMs: 0, intervalMs: 100, backoff: 1, jitter: 0 };
/** How long a bounded lookup loop runs before it fails the test. */
const LOOKUP_TIMEOUT_MS = 10_000;

const mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.close()));
});

async function startMock(logsDelayMs = 0): Promise<MockServer> {
  const mock = await start({ lifecycle: { pollsPerStep: 1 }, logs: { delayMs: logsDelayMs } });
  mocks.push(mock);
  return mock;
}

/** Retries are on: a create that may have reached the server must not be one of them. */
const clientFor = (mock: MockServer, headers: Record<string, string> = {}) =>
  createVideoClient({
    apiKey: "settle-key",
    baseUrl: mock.url,
    maxRetries: 2,
    headers,
    poll: FAST_POLLS,
  });

/** Looks the create up until it is found (bounded), returning every answer on the way. */
async function lookUntilFound(
  client: ReturnType<typeof clientFor>,
  clientRequestId: string,
  sentAt: number,
): Promise<LookupResult[]> {
  const answers: LookupResult[] = [];
  const deadline = Date.now() + LOOKUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const answer = await client.findGeneration(clientRequestId, { model: MODEL, sentAt });
    answers.push(answer);
    if (answer.status === "found") return answers;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Not found within ${LOOKUP_TIMEOUT_MS} ms: ${JSON.stringify(answers.at(-1))}`);
}

describe("a create whose answer was lost is found in the request log", () => {
  it.each([
    // The task is created and the answer held back: the client gives up after 500 ms.
    ["held back (timeout-after-create)", "timeout-after-create", 0],
    ["held back, with a log 5 s late", "timeout-after-create", 5_000],
    // The task is created and the answer cut 10 bytes into its body.
    ["cut mid-body (reset; after-bytes=10)", "reset; after-bytes=10; on=create", 0],
    ["cut mid-body, with a log 5 s late", "reset; after-bytes=10; on=create", 5_000],
  ])(
    "answer %s: rejected as maybe created, found by its client request id, completes once",
    async (_, fault, lagMs) => {
      const mock = await startMock(lagMs);
      const client = clientFor(mock, { "x-mock-fault": fault });
      const error = await client.createGeneration(BODY, { timeoutMs: 500 }).then(
        () => expect.unreachable("the create's answer was to be lost"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AimlApiError);
      if (!(error instanceof AimlApiError)) return;
      expect(error).toMatchObject({
        mayHaveCreatedTask: true,
        clientRequestId: expect.any(String),
      });
      expect(error.sentAt).toEqual(expect.any(Number));

      const answers = await lookUntilFound(
        client,
        error.clientRequestId as string,
        error.sentAt as number,
      );
      const found = answers.at(-1);
      const [generation, ...more] = mock.generations();
      expect(more).toEqual([]);
      expect(found).toMatchObject({
        status: "found",
        id: generation?.id,
        cost: { usd: 0.5, credits: 1_000_000 },
        duplicates: [],
        failed: [],
        scope: { clientRequestId: error.clientRequestId, complete: true },
      });
      if (lagMs > 0) {
        // The row was not there yet: the first lookup proved nothing, a later one found it.
        expect(answers[0]).toMatchObject({ status: "not-found", failed: [] });
        expect((found?.scope.at ?? 0) - (error.sentAt as number)).toBeGreaterThanOrEqual(lagMs);
      }

      const done = await client.waitForGeneration(generation?.id as string);
      expect(done).toMatchObject({ id: generation?.id, status: "completed" });
      expect(mock.generations()).toHaveLength(1);
    },
  );

  it("a create the API refused (400) shows as a failed row, never as found", async () => {
    const mock = await startMock();
    const client = clientFor(mock);
    // Prism checks the body against the model's schema: duration is 5 or 10.
    const invalid = { ...BODY, duration: 7 } as unknown as typeof BODY;
    const error = await client.createGeneration(invalid, { validate: false }).catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ mayHaveCreatedTask: false, clientRequestId: expect.any(String) });
    const lookup = await client.findGeneration(error.clientRequestId, {
      model: MODEL,
      sentAt: error.sentAt,
    });
    expect(lookup).toMatchObject({
      status: "not-found",
      failed: [
        {
          status: "failed",
          client_request_id: error.clientRequestId,
          cost: { usd: 0, credits: 0 },
        },
      ],
    });
    expect(mock.generations()).toEqual([]);
  });

  it('a key outside the alphabet ("order 7/b") is sent as its derived id and found by the key', async () => {
    const mock = await startMock();
    const client = clientFor(mock);
    const key = "order 7/b";
    const derived = await toClientRequestId(key);
    expect(derived).toMatch(/^order_7_b:[0-9a-f]{32}$/);
    const sentAt = Date.now();
    const created = await client.createGeneration(BODY, { clientRequestId: key });
    expect(created).toMatchObject({ clientRequestId: derived, echoedClientRequestId: derived });
    expect(mock.requestLog()).toEqual([
      expect.objectContaining({
        client_request_id: derived,
        inference_id: created.id,
        status: "succeeded",
      }),
    ]);
    const found = await client.findGeneration(key, { model: MODEL, sentAt });
    expect(found).toMatchObject({
      status: "found",
      id: created.id,
      scope: { clientRequestId: derived },
    });
  });
});
