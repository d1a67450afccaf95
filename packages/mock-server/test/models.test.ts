// Every model of the bundle through the mock: its example create body passes Prism (as sent by
// the real client) and walks the lifecycle, and a body that breaks its schema is refused with the
// field that is wrong. Prism checks one model's schema per request (see src/model-routes.ts).
import { readFileSync } from "node:fs";
import { BadRequestError, createVideoClient } from "@aimlapi-video/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledSpecPath, type MockServer, start } from "../src/index.js";
import { CREATE, createGeneration, RETRIEVE, retrieve, violations } from "./support.js";

interface Schema {
  type?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
  example?: Record<string, unknown>;
  examples?: Record<string, unknown>[];
}

const spec = JSON.parse(readFileSync(bundledSpecPath, "utf8"));
const union = spec.paths[CREATE].post.requestBody.content["application/json"].schema;
const models = (union.oneOf as { $ref: string }[]).map(({ $ref }) => {
  const schema: Schema = spec.components.schemas[$ref.split("/").pop() ?? ""];
  const id = schema.properties?.model?.enum?.[0] ?? "";
  return { id, schema, example: schema.example ?? schema.examples?.[0] };
});

/** A value of the wrong type for a property of this schema, and the property's name. */
function wrongField(schema: Schema): [string, unknown] | undefined {
  const wrong: Record<string, unknown> = {
    string: 12345,
    integer: "not a number",
    number: "not a number",
    boolean: "yes",
    array: "not a list",
    object: "not an object",
  };
  const field = Object.entries(schema.properties ?? {}).find(
    ([name, property]) => name !== "model" && typeof property.type === "string",
  );
  return field && [field[0], wrong[field[1].type ?? ""]];
}

let mock: MockServer;
beforeAll(async () => {
  mock = await start({ lifecycle: { pollsPerStep: 1 } });
});
afterAll(() => mock?.close());

it("finds one model per member of the create body's oneOf, each with an example", () => {
  expect(models.length).toBeGreaterThan(100);
  expect(new Set(models.map((m) => m.id)).size).toBe(models.length);
  expect(models.filter((m) => m.example?.model !== m.id).map((m) => m.id)).toEqual([]);
});

describe.each(models)("$id", ({ id, schema, example }) => {
  it("its example passes Prism through the real client and walks to completed", async () => {
    const client = createVideoClient({
      apiKey: "models-key",
      baseUrl: mock.url,
      maxRetries: 0,
    });
    const created = await client.createGeneration(example as never);
    expect(created).toMatchObject({ status: "queued" });
    expect(created.id.endsWith(`:${id}`)).toBe(true);
    const seen = [];
    for (let poll = 0; poll < 3; poll++) {
      seen.push((await (await retrieve(mock.url, RETRIEVE, created.id)).json()).status);
    }
    expect(seen).toEqual(["queued", "generating", "completed"]);
  });

  it("a body with a field of the wrong type is refused, naming that field", async () => {
    const [field, value] = wrongField(schema) ?? [];
    expect(field).toBeDefined();
    const response = await createGeneration(mock.url, { ...example, [field ?? ""]: value });
    expect(response.status).toBe(400);
    expect(violations(response).map((v) => v.location)).toContainEqual(["request", "body", field]);
  });
});

describe("violations across models", () => {
  it("an unknown model gets one violation listing the known ones", async () => {
    const response = await createGeneration(mock.url, { model: "kling/v9", prompt: "A fox" });
    expect(response.status).toBe(400);
    const [violation, ...rest] = violations(response);
    expect(rest).toEqual([]);
    expect(violation?.location).toEqual(["request", "body", "model"]);
    expect(violation?.message).toContain("google/veo-3.1-t2v");
  });

  it("a body for one model with another model's field is checked against its own schema", async () => {
    const client = createVideoClient({ apiKey: "k", baseUrl: mock.url, maxRetries: 0 });
    const error = await client
      .createGeneration(
        { model: "kling-video/v1/standard/text-to-video", duration: "5" } as never,
        {
          validate: false,
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).violations.map((v) => v.location)).toEqual([
      "request.body",
      "request.body.duration",
      "request.body.duration",
    ]);
  });
});
