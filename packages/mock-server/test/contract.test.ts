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
  PermissionDeniedError,
  RateLimitError,
} from "@aimlapi-video/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_PROMPT_MARKER, type MockServer, start } from "../src/index.js";
import { bundledSpecPath } from "../src/paths.js";
import { LEGACY_RETRIEVE, MODEL, specResponses } from "./support.js";

const BODY = { model: MODEL, prompt: "A red fox trotting through snow" } as const;
// The fast schedule the README gives for the mock: the client's floor is 100 ms between polls.
const FAST_POLLS = { firstDelayMs: 0, intervalMs: 100, backoff: 1, jitter: 0 };
const ERROR_CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
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

/** Calls the client method that serves `operation`, so each answer goes through the real parsing. */
function call(operation: { path: string; method: string }, headers: Record<string, string>) {
  const c = client(prism.url, headers);
  if (operation.method === "post") return c.createGeneration(BODY);
  return c.getGeneration("gen-contract", { legacy: operation.path === LEGACY_RETRIEVE });
}

describe("every answer in the spec reaches the client as the right result or error", () => {
  // The client has no call for GET /v2/logs; prism-answers.test.ts covers that operation's answers.
  const responses = specResponses().filter((r) => r.path !== "/v2/logs");
  const cases = responses.flatMap((r) =>
    Object.entries(r.examples).map(([name, value]) => ({ ...r, name, value })),
  );

  it("covers each status example and each error response of every operation", () => {
    expect(
      cases.filter((c) => c.status === 200).map((c) => `${c.method} ${c.path} ${c.name}`),
    ).toHaveLength(9);
    expect(cases.filter((c) => c.status >= 400)).toHaveLength(27);
  });

  it.each(cases.filter((c) => c.status === 200))(
    "$method $path → 200 example $name",
    async ({ value, name, ...operation }) => {
      const result = await call(operation, { Prefer: `example=${name}` });
      const example = value as { id: string };
      // A create also returns its request's ids: the mock names the task and echoes the client's.
      const expected =
        operation.method === "post"
          ? {
              ...example,
              clientRequestId: expect.any(String),
              inferenceId: example.id,
              echoedClientRequestId: (result as CreateResult).clientRequestId,
            }
          : example;
      expect(result).toEqual(expected);
    },
  );

  it.each(cases.filter((c) => c.status >= 400))(
    "$method $path → $status ($name)",
    async ({ status, value, name, ...operation }) => {
      const error = await call(operation, { Prefer: `code=${status}, example=${name}` }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(ERROR_CLASSES[status]);
      expect(error).toMatchObject({
        status,
        body: value,
        requestId: (value as { requestId: string }).requestId,
      });
      expect(error.mayHaveCreatedTask).toBe(operation.method === "post" && status >= 500);
      if (status === 429) expect(error.retryAfterMs).toBe(5_000);
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
});
