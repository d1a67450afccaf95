// Each model's OpenAPI document at the catalogue's `info.docsJson` (`GET /docs-json`), and a
// catalogue a test changes: models added, removed and renamed.
import type { CatalogModel } from "@aimlapi-video/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, start, VIDEO_MODEL_TYPE } from "../src/index.js";
import { CREATE } from "./support.js";

const VEO = "google/veo-3.1-t2v";
const KLING = "kling-video/v1/standard/text-to-video";

let mock: MockServer;
beforeAll(async () => {
  mock = await start();
});
afterAll(() => mock?.close());

async function get(at: string, headers: Record<string, string> = {}) {
  const response = await fetch(at, { headers });
  const text = await response.text();
  return { response, body: text === "" ? undefined : JSON.parse(text) };
}

interface Doc {
  paths: Record<string, { post: { requestBody: { content: Record<string, { schema: Body }> } } }>;
}
type Body = { properties: { model: { enum: string[] } } };
const bodyOf = (doc: Doc): Body | undefined =>
  doc.paths[CREATE]?.post.requestBody.content["application/json"]?.schema;

describe("GET /docs-json", () => {
  it("is each listed model's docsJson, on the mock's own origin, in the vendor's style", async () => {
    const { body: list } = await get(`${mock.url}/v1/models?output_modalities=video`);
    const veo = list.data.find((m: CatalogModel) => m.id === VEO);
    expect(veo.info.docsJson).toBe(
      `${mock.url}/docs-json?model=${VEO}&endpoint=${VIDEO_MODEL_TYPE}`,
    );
    const { response, body } = await get(veo.info.docsJson);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(Object.keys(body)).toEqual(["openapi", "info", "servers", "paths"]);
    expect(Object.keys(body.paths)).toEqual([CREATE]);
    expect(Object.keys(body.paths[CREATE].post)).toEqual([
      "operationId",
      "requestBody",
      "responses",
    ]);
    expect(bodyOf(body)?.properties.model.enum).toEqual([VEO]);
    expect(body.paths[CREATE].post.responses["200"].content).toBeDefined();
    const one = await get(`${mock.url}/model/${KLING}`);
    expect(one.body.data.info.docsJson.startsWith(`${mock.url}/docs-json?`)).toBe(true);
  });

  it("gives every model of the catalogue a document naming it, and answers to an alias", async () => {
    for (const model of mock.catalogue()) {
      const { response, body } = await get(`${mock.url}/docs-json?model=${model.id}`);
      expect(response.status, model.id).toBe(200);
      expect(bodyOf(body)?.properties.model.enum).toEqual([model.id]);
    }
    const alias = await get(`${mock.url}/docs-json?model=legacy-google-veo-3.1-t2v`);
    expect(bodyOf(alias.body)?.properties.model.enum).toEqual([VEO]);
  });

  it("answers If-None-Match with 304", async () => {
    const at = `${mock.url}/docs-json?model=${VEO}&endpoint=${VIDEO_MODEL_TYPE}`;
    const first = await get(at);
    const etag = first.response.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const again = await get(at, { "if-none-match": etag as string });
    expect(again.response.status).toBe(304);
    expect(again.body).toBeUndefined();
  });

  it("refuses an unknown model, another endpoint and no model in the API's error body", async () => {
    const unknown = await get(`${mock.url}/docs-json?model=acme/nothing`);
    expect(unknown.response.status).toBe(404);
    expect(unknown.body).toMatchObject({
      message: "Model acme/nothing not found",
      path: "/docs-json",
      statusCode: 404,
    });
    const other = await get(`${mock.url}/docs-json?model=${VEO}&endpoint=chat-completion`);
    expect(other.response.status).toBe(404);
    expect((await get(`${mock.url}/docs-json`)).response.status).toBe(400);
  });
});

describe("start({ catalogue })", () => {
  it("lists a model added, drops one removed and lists one renamed under its new id", async () => {
    const base = await get(`${mock.url}/docs-json?model=${VEO}`);
    const added = JSON.parse(JSON.stringify(base.body).replaceAll(VEO, "google/veo-9-t2v"));
    const changed = await start({
      catalogue: {
        add: [{ id: "google/veo-9-t2v", document: added }],
        remove: [KLING],
        rename: { [VEO]: "google/veo-3.1-text-to-video" },
      },
    });
    try {
      const { response, body } = await get(`${changed.url}/v1/models`);
      const ids = body.data.map((m: CatalogModel) => m.id);
      expect(ids).toContain("google/veo-9-t2v");
      expect(ids).toContain("google/veo-3.1-text-to-video");
      expect(ids).not.toContain(KLING);
      expect(ids).not.toContain(VEO);
      expect(response.headers.get("etag")).not.toBe(
        (await fetch(`${mock.url}/v1/models`)).headers.get("etag"),
      );
      const renamed = body.data.find((m: CatalogModel) => m.id === "google/veo-3.1-text-to-video");
      expect(renamed.aliases).toEqual([VEO, "legacy-google-veo-3.1-text-to-video"]);
      const doc = await get(renamed.info.docsJson);
      expect(bodyOf(doc.body)?.properties.model.enum).toEqual(["google/veo-3.1-text-to-video"]);
      const byOld = await get(`${changed.url}/docs-json?model=${VEO}`);
      expect(bodyOf(byOld.body)?.properties.model.enum).toEqual(["google/veo-3.1-text-to-video"]);
      const fresh = await get(`${changed.url}/docs-json?model=google/veo-9-t2v`);
      expect(fresh.body).toEqual(added);
      expect((await get(`${changed.url}/docs-json?model=${KLING}`)).response.status).toBe(404);
    } finally {
      await changed.close();
    }
  });

  it("refuses changes naming a model the spec does not have, before anything listens", async () => {
    await expect(start({ catalogue: { remove: ["acme/nothing"] } })).rejects.toThrow(
      'received "acme/nothing"',
    );
    await expect(start({ lifecycle: false, catalogue: { remove: [KLING] } })).rejects.toThrow(
      "catalogue needs the lifecycle",
    );
  });
});
