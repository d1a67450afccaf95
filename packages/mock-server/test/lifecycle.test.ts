import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ERROR_PROMPT_MARKER,
  GENERATIONS_PATH,
  type MockServer,
  OUTCOME_HEADER,
  POLL_AFTER_HEADER,
  start,
} from "../src/index.js";
import {
  AUTH,
  createGeneration,
  LEGACY_RETRIEVE,
  MODEL,
  RETRIEVE,
  retrieve,
  specResponses,
  violations,
} from "./support.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await start({ lifecycle: { pollsPerStep: 1 } });
});
afterAll(() => mock?.close());

const exampleId = specResponses().find((r) => r.method === "post" && r.status === 200)?.examples
  .queued as { id: string };

async function create(prompt = "A red fox in the snow", headers: object = {}): Promise<string> {
  const response = await createGeneration(mock.url, { model: MODEL, prompt }, headers);
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("queued");
  return body.id;
}

async function statuses(path: string, id: string, polls: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < polls; i++) {
    const response = await retrieve(mock.url, path, id);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.id).toBe(id);
    seen.push(body.status);
  }
  return seen;
}

it("gives each created generation a fresh id shaped like the vendor's", async () => {
  const [first, second] = [await create(), await create()];
  expect(first).not.toBe(second);
  expect(first).not.toBe(exampleId.id);
  expect(first).toMatch(new RegExp(`^[0-9a-f-]{36}:${MODEL}$`));
});

it("walks a generation through queued, generating and completed as it is polled", async () => {
  const id = await create();
  expect(await statuses(RETRIEVE, id, 4)).toEqual([
    "queued",
    "generating",
    "completed",
    "completed",
  ]);
  const done = await (await retrieve(mock.url, RETRIEVE, id)).json();
  expect(done.video.url.startsWith(`${mock.url}/__mock/videos/`)).toBe(true);
});

it(`ends in error for a prompt containing ${ERROR_PROMPT_MARKER}`, async () => {
  const id = await create(`A red fox ${ERROR_PROMPT_MARKER}`);
  expect(await statuses(RETRIEVE, id, 3)).toEqual(["queued", "generating", "error"]);
});

it(`ends in error for ${OUTCOME_HEADER}: error, on the legacy path too`, async () => {
  const id = await create(undefined, { [OUTCOME_HEADER]: "error" });
  expect(await statuses(LEGACY_RETRIEVE, id, 3)).toEqual(["queued", "generating", "error"]);
  const failed = await (await retrieve(mock.url, LEGACY_RETRIEVE, id)).json();
  expect(failed.error).toBe("The provider rejected the prompt.");
});

it("lets the client's own Prefer header through untouched", async () => {
  const id = await create();
  const picked = await retrieve(mock.url, RETRIEVE, id, { ...AUTH, prefer: "example=completed" });
  expect(await picked.json()).toMatchObject({ id, status: "completed" });
  const limited = await retrieve(mock.url, RETRIEVE, id, { ...AUTH, prefer: "code=429" });
  expect(limited.status).toBe(429);
  expect(await limited.json()).toMatchObject({ statusCode: "429" });
});

it("still has Prism check the key, and an unanswered poll does not move the generation", async () => {
  const id = await create();
  const unauthorized = await retrieve(mock.url, RETRIEVE, id, {});
  expect(unauthorized.status).toBe(401);
  expect(await statuses(RETRIEVE, id, 1)).toEqual(["queued"]);
});

it("still has Prism validate the create body, e.g. the vendor samples' string duration", async () => {
  const response = await createGeneration(mock.url, { model: MODEL, duration: "5" });
  expect(response.status).toBe(400);
  expect(violations(response).map((v) => v.code)).toEqual(["required", "type", "enum"]);
});

it("sends the poll-after hint while a generation is not final", async () => {
  const response = await createGeneration(mock.url, { model: MODEL, prompt: "A fox" });
  const { id } = await response.json();
  expect(response.headers.get(POLL_AFTER_HEADER)).toBe("0");
  await retrieve(mock.url, RETRIEVE, id);
  await retrieve(mock.url, RETRIEVE, id);
  const done = await retrieve(mock.url, RETRIEVE, id);
  expect((await done.json()).status).toBe("completed");
  expect(done.headers.has(POLL_AFTER_HEADER)).toBe(false);
});

it("lists the generations it created", async () => {
  const id = await create();
  const listed = await (await fetch(`${mock.url}${GENERATIONS_PATH}`)).json();
  expect(listed).toContainEqual(expect.objectContaining({ id, model: MODEL, status: "queued" }));
  expect(mock.generations().map((g) => g.id)).toContain(id);
});

describe("an id it never issued", () => {
  const wellFormed = `0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d:${MODEL}`;

  it.each([
    [RETRIEVE, "does-not-exist"],
    [RETRIEVE, wellFormed],
    [LEGACY_RETRIEVE, "does-not-exist"],
    [LEGACY_RETRIEVE, wellFormed],
  ])("answers GET %s?generation_id=%s with 404 in the API's error body", async (path, id) => {
    const response = await retrieve(mock.url, path, id);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = await response.json();
    expect(body).toEqual({
      message: `Generation ${id} not found`,
      path,
      requestId: expect.stringMatching(/^req_[0-9a-f]{16}$/),
      statusCode: 404,
      timestamp: expect.any(String),
    });
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
    expect(mock.generations().map((g) => g.id)).not.toContain(id);
  });

  it("still has Prism check the key and the query first", async () => {
    expect((await retrieve(mock.url, RETRIEVE, "does-not-exist", {})).status).toBe(401);
    const missing = await fetch(`${mock.url}${RETRIEVE}`, { headers: AUTH });
    expect(missing.status).toBe(400);
  });

  it("answers a Prefer header's example, picked by hand", async () => {
    const picked = await retrieve(mock.url, RETRIEVE, "does-not-exist", {
      ...AUTH,
      prefer: "example=completed",
    });
    expect(picked.status).toBe(200);
    expect((await picked.json()).status).toBe("completed");
  });

  it("answers the spec's example without the lifecycle, as bare Prism", async () => {
    const plain = await start({ lifecycle: false });
    try {
      const response = await retrieve(plain.url, RETRIEVE, "does-not-exist");
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(exampleId);
    } finally {
      await plain.close();
    }
  });
});
