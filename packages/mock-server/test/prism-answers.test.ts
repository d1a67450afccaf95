import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, start } from "../src/index.js";
import {
  AUTH,
  CREATE,
  createGeneration,
  JSON_AUTH,
  MODEL,
  RETRIEVE,
  retrieve,
  specResponses,
  violations,
} from "./support.js";

// No lifecycle: these are the answers the spec itself gives, through the mock's own server.
let mock: MockServer;
beforeAll(async () => {
  mock = await start({ lifecycle: false });
});
afterAll(() => mock?.close());

const validBody = { model: MODEL, prompt: "A red fox in the snow" };

function call(path: string, method: string, prefer: string) {
  return method === "post"
    ? createGeneration(mock.url, validBody, { prefer })
    : retrieve(mock.url, path, "any-id", { ...AUTH, prefer });
}

describe("security", () => {
  it("answers 401 with the spec's Unauthorized example when the bearer key is missing", async () => {
    const response = await fetch(`${mock.url}${CREATE}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(validBody),
    });
    expect(response.status).toBe(401);
    expect(violations(response)).toEqual([
      {
        location: ["request"],
        severity: "Error",
        code: 401,
        message: "Invalid security scheme used",
      },
    ]);
    expect(await response.json()).toMatchObject({ message: "Unauthorized", statusCode: 401 });
  });

  it("accepts any bearer key", async () => {
    const response = await createGeneration(mock.url, validBody, { authorization: "Bearer x" });
    expect(response.status).toBe(200);
  });
});

describe("validation", () => {
  it("answers an invalid body with the spec's 400 example and the real reasons in sl-violations", async () => {
    const response = await createGeneration(mock.url, { model: MODEL, aspect_ratio: "4:3" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    // The body is the spec's example, whatever was wrong; only the header describes this request.
    const badRequest = specResponses().find((r) => r.method === "post" && r.status === 400);
    expect(await response.json()).toEqual(badRequest?.examples["validation-error"]);
    expect(violations(response)).toEqual([
      {
        location: ["request", "body"],
        severity: "Error",
        code: "required",
        message: "Request body must have required property 'prompt'",
      },
      {
        location: ["request", "body", "aspect_ratio"],
        severity: "Error",
        code: "enum",
        message:
          "Request body property aspect_ratio must be equal to one of the allowed values: 16:9, 9:16, 1:1",
      },
    ]);
  });

  it("answers a missing generation_id with 400 and a query violation", async () => {
    const response = await fetch(`${mock.url}${RETRIEVE}`, { headers: AUTH });
    expect(response.status).toBe(400);
    expect(violations(response)).toEqual([
      expect.objectContaining({ location: ["request", "query"], code: "required" }),
    ]);
  });

  it("answers a body that is not JSON with its own 400 body and no sl-violations", async () => {
    const response = await fetch(`${mock.url}${CREATE}`, {
      method: "POST",
      headers: JSON_AUTH,
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(await response.json()).toEqual({
      error: { code: "invalid_json", message: "Invalid JSON" },
    });
  });

  it("answers Prefer: code=200 with 400 anyway when the body is invalid", async () => {
    const response = await createGeneration(mock.url, { model: MODEL }, { prefer: "code=200" });
    expect(response.status).toBe(400);
  });
});

describe("Prefer", () => {
  const responses = specResponses();
  const named = responses.flatMap((r) =>
    Object.entries(r.examples).map(([name, value]) => ({ ...r, name, value })),
  );

  it.each(named)(
    "$method $path: code=$status, example=$name answers that example",
    async ({ path, method, status, name, value }) => {
      const response = await call(path, method, `code=${status}, example=${name}`);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual(value);
    },
  );

  it.each(responses.filter((r) => r.status >= 400))(
    "$method $path: code=$status answers that error",
    async ({ path, method, status, examples }) => {
      const response = await call(path, method, `code=${status}`);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual(Object.values(examples)[0]);
    },
  );

  it("sends the 429's Retry-After from the spec's example", async () => {
    const response = await call(RETRIEVE, "get", "code=429");
    expect(response.headers.get("retry-after")).toBe("5");
  });

  it("answers an example the spec does not have with Prism's own 404 problem document", async () => {
    const response = await call(RETRIEVE, "get", "example=no-such-example");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({
      type: "https://stoplight.io/prism/errors#NOT_FOUND",
      status: 404,
    });
  });
});

it("answers a path the spec does not have with Prism's own 404 problem document", async () => {
  const response = await fetch(`${mock.url}/v2/nope`, { headers: AUTH });
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({
    type: "https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR",
  });
});
