// The model catalogue through the mock's server: its paths, filters, sections, aliases, ETag and
// fixture prices, read from the spec the mock serves.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CatalogModel } from "@aimlapi-video/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundledSpecPath,
  type MockServer,
  mockCatalogue,
  start,
  VIDEO_MODEL_TYPE,
} from "../src/index.js";
import { CREATE, violations } from "./support.js";

const LISTS = ["/v1/models", "/models", "/api/v1/models"];
const VEO = "google/veo-3.1-t2v";
const KLING = "kling-video/v1/standard/text-to-video";

let mock: MockServer;
let specIds: string[];
beforeAll(async () => {
  mock = await start();
  const spec = JSON.parse(await readFile(bundledSpecPath, "utf8"));
  const union = spec.paths[CREATE].post.requestBody.content["application/json"].schema;
  specIds = Object.keys(union.discriminator.mapping);
});
afterAll(() => mock?.close());

/** The answer at `path` (no key: the catalogue needs none), parsed. */
async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${mock.url}${path}`, { headers });
  const text = await response.text();
  return { response, body: text === "" ? undefined : JSON.parse(text) };
}

async function ids(query: string): Promise<string[]> {
  const { response, body } = await get(`/v1/models?${query}`);
  expect(response.status, query).toBe(200);
  return body.data.map((model: CatalogModel) => model.id);
}

/** mockCatalogue()'s entry as the mock shows it: `info.docsJson` on the mock's own origin. */
const docsOnMock = (model: CatalogModel, on: MockServer = mock): CatalogModel => ({
  ...model,
  info: {
    ...model.info,
    docsJson: String(model.info?.docsJson).replace("https://api.aimlapi.com", on.url),
  },
});

const matching = (keep: (model: CatalogModel) => boolean) =>
  mock
    .catalogue()
    .filter(keep)
    .map((model) => model.id);

describe("the list", () => {
  it.each(LISTS)(
    "%s lists every model of the spec, with no key, in the spec's order",
    async (at) => {
      const { response, body } = await get(at);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(body.object).toBe("list");
      expect(body.data.map((model: CatalogModel) => model.id).sort()).toEqual([...specIds].sort());
      expect(body.data[0]).toEqual({
        id: expect.any(String),
        aliases: [expect.any(String)],
        type: VIDEO_MODEL_TYPE,
        info: {
          name: expect.any(String),
          developer: expect.any(String),
          docsJson: expect.any(String),
        },
        tags: expect.arrayContaining(["playground:video"]),
      });
    },
  );

  it("describes each model from its create schema: name, developer, docs, modalities, capabilities", () => {
    const veo = mock.catalogue().find((model) => model.id === VEO);
    expect(veo).toEqual({
      id: VEO,
      aliases: ["legacy-google-veo-3.1-t2v"],
      type: VIDEO_MODEL_TYPE,
      info: {
        name: VEO,
        developer: "Google",
        // On the mock's own origin, which serves it (mockCatalogue(): the API's).
        docsJson: `${mock.url}/docs-json?model=${VEO}&endpoint=${VIDEO_MODEL_TYPE}`,
      },
      tags: ["playground:video", "developer:google"],
      pricing: {
        kind: "variants",
        dimensions: ["resolution"],
        variants: [
          { when: { resolution: "720p" }, price: 0.05, unit: "second", per: 1 },
          { when: { resolution: "1080p" }, price: 0.1, unit: "second", per: 1 },
        ],
      },
      modalities: { input: ["text"], output: ["video"] },
      capabilities: ["text_to_video"],
    });
    expect(mock.catalogue().find((model) => model.id === "google/veo-3.1-i2v")).toMatchObject({
      modalities: { input: ["text", "image"] },
      capabilities: ["image_to_video"],
    });
  });

  it("gives every model one alias of its own, legacy-<id with each / a ->", () => {
    const names = mock.catalogue().flatMap((model) => [model.id, ...(model.aliases ?? [])]);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    for (const model of mock.catalogue()) {
      expect(model.aliases).toEqual([`legacy-${model.id.replaceAll("/", "-")}`]);
    }
  });

  it("has all three pricing kinds: variants by resolution or duration, fixed by the second or the video, variable", () => {
    const kinds = (model: CatalogModel) => {
      const pricing = model.pricing;
      if (pricing?.kind === "variants") {
        return `variants by ${pricing.dimensions} per ${pricing.variants[0]?.unit}`;
      }
      if (pricing?.kind === "fixed") {
        return `fixed per ${pricing.units[0]?.per} ${pricing.units[0]?.measure}`;
      }
      return String(pricing?.kind);
    };
    expect(new Set(mock.catalogue().map(kinds))).toEqual(
      new Set([
        "variants by resolution per second",
        "variants by resolution per video",
        "variants by duration per video",
        "fixed per 10 second",
        "fixed per 1 video",
        "variable",
      ]),
    );
    expect(mock.catalogue().find((model) => model.id === KLING)?.pricing).toEqual({
      kind: "fixed",
      units: [{ name: "generation", measure: "video", price: 0.5, per: 1 }],
    });
    expect(mock.catalogue().find((model) => model.id === "klingai/avatar-pro")?.pricing).toEqual({
      kind: "variable",
      description: expect.stringContaining("length of the input"),
    });
  });

  it("is what mockCatalogue() gives, for tests that work out a price without a mock", async () => {
    expect((await mockCatalogue()).map((model) => docsOnMock(model))).toEqual(mock.catalogue());
  });
});

describe("sections", () => {
  const sectionsOf = async (query: string) => {
    const { body } = await get(`/v1/models?id=${VEO}&${query}`);
    const [model] = body.data;
    return ["pricing", "modalities", "capabilities"].filter((section) => section in model);
  };

  it.each([
    ["", []],
    ["include=pricing", ["pricing"]],
    ["include=MODALITIES,capabilities", ["modalities", "capabilities"]],
    ["include=pricing&include=capabilities", ["pricing", "capabilities"]],
    ["include=pricing,nonsense", ["pricing"]],
    ["include=all", ["pricing", "modalities", "capabilities"]],
    ["details=true", ["pricing", "modalities", "capabilities"]],
    ["details=false", []],
  ])("%s gives %j", async (query, sections) => {
    expect(await sectionsOf(query)).toEqual(sections);
  });

  it("gives everything with details=true, as mock.catalogue() holds it", async () => {
    const { body } = await get("/v1/models?details=true");
    expect(body.data).toEqual(mock.catalogue());
  });
});

describe("filters", () => {
  it("id takes ids and aliases, case-insensitively, comma-separated or repeated (any of them)", async () => {
    expect(await ids(`id=${VEO}`)).toEqual([VEO]);
    expect(await ids("id=LEGACY-GOOGLE-VEO-3.1-T2V")).toEqual([VEO]);
    const both = [VEO, KLING].sort((a, b) => specIds.indexOf(a) - specIds.indexOf(b));
    expect(await ids(`id=${VEO},${KLING.toUpperCase()}`)).toEqual(both);
    expect(await ids(`id=${VEO}&id=legacy-${KLING.replaceAll("/", "-")}`)).toEqual(both);
    expect(await ids("id=no/such-model")).toEqual([]);
  });

  it("type, tags, modalities and capabilities each keep the models with any of their values", async () => {
    expect(await ids(`type=${VIDEO_MODEL_TYPE.toUpperCase()}`)).toHaveLength(specIds.length);
    expect(await ids("type=chat-completion")).toEqual([]);
    expect(await ids("tags=Playground:Video")).toHaveLength(specIds.length);
    expect(await ids("tags=developer:google")).toEqual(
      matching((model) => model.info?.developer === "Google"),
    );
    expect(await ids("capabilities=image_to_video,video_to_video")).toEqual(
      matching((model) =>
        (model.capabilities ?? []).some((c) => c === "image_to_video" || c === "video_to_video"),
      ),
    );
    const inputs = (model: CatalogModel) => (model.modalities as { input: string[] }).input;
    expect(await ids("input_modalities=audio")).toEqual(
      matching((model) => inputs(model).includes("audio")),
    );
    expect(await ids("modalities=audio")).toEqual(await ids("input_modalities=audio"));
    expect(await ids("output_modalities=video")).toHaveLength(specIds.length);
    expect(await ids("output_modalities=text")).toEqual([]);
  });

  it("keeps the models every filter given keeps", async () => {
    const googleFromImages = await ids("tags=developer:google&capabilities=image_to_video");
    expect(googleFromImages.length).toBeGreaterThan(0);
    expect(googleFromImages).toEqual(
      matching(
        (model) =>
          model.info?.developer === "Google" &&
          (model.capabilities ?? []).includes("image_to_video"),
      ),
    );
    expect(await ids(`id=${VEO}&capabilities=image_to_video`)).toEqual([]);
  });

  it("leaves Prism to check the parameters", async () => {
    const { response } = await get("/v1/models?details=maybe");
    expect(response.status).toBe(400);
    expect(violations(response).map((v) => v.location)).toEqual([["request", "query", "details"]]);
  });
});

describe("one model: GET /model/{id}", () => {
  it("takes the id with its slashes as they are, or escaped, an alias, in any case", async () => {
    for (const at of [
      `/model/${VEO}`,
      `/model/${encodeURIComponent(VEO)}`,
      "/model/legacy-google-veo-3.1-t2v",
      `/model/${VEO.toUpperCase()}`,
    ]) {
      const { response, body } = await get(at);
      expect(response.status, at).toBe(200);
      expect(body, at).toEqual({
        object: "model",
        data: expect.objectContaining({ id: VEO, aliases: ["legacy-google-veo-3.1-t2v"] }),
      });
      expect(body.data, at).not.toHaveProperty("pricing");
    }
  });

  it("adds the sections asked for", async () => {
    const { body } = await get(`/model/${VEO}?include=pricing`);
    expect(Object.keys(body.data)).toContain("pricing");
    expect((await get(`/model/${VEO}?details=true`)).body.data).toEqual(
      mock.catalogue().find((model) => model.id === VEO),
    );
  });

  it("answers 404 in the API's error body for an id that names no model", async () => {
    const { response, body } = await get("/model/kling/v9");
    expect(response.status).toBe(404);
    expect(body).toEqual({
      message: "Model kling/v9 not found",
      path: "/model/kling/v9",
      requestId: expect.stringMatching(/^req_/),
      statusCode: 404,
      timestamp: expect.any(String),
    });
  });
});

describe("ETag and If-None-Match", () => {
  it("gives one weak ETag for the whole catalogue, on every path and query", async () => {
    const tags = new Set<string | null>();
    for (const at of [...LISTS, "/v1/models?id=veo2&include=pricing"]) {
      tags.add((await get(at)).response.headers.get("etag"));
    }
    expect(tags.size).toBe(1);
    expect([...tags][0]).toMatch(/^W\/"[0-9a-f]{16}"$/);
  });

  it("answers 304 with no body for the ETag held, however it is written", async () => {
    const etag = (await get("/v1/models")).response.headers.get("etag") ?? "";
    for (const held of [etag, etag.slice(2), `W/"other", ${etag}`, "*"]) {
      const { response, body } = await get("/v1/models?include=pricing", {
        "if-none-match": held,
      });
      expect(response.status, held).toBe(304);
      expect(body, held).toBeUndefined();
      expect(response.headers.get("etag")).toBe(etag);
    }
  });

  it("answers 200 with the catalogue for another ETag", async () => {
    const { response, body } = await get("/models", { "if-none-match": 'W/"0123456789abcdef"' });
    expect(response.status).toBe(200);
    expect(body.data).toHaveLength(specIds.length);
  });
});

describe("price overrides", () => {
  let priced: MockServer;
  beforeAll(async () => {
    priced = await start({
      prices: {
        [KLING]: 0.42,
        [VEO]: {
          kind: "variants",
          dimensions: ["resolution"],
          variants: [{ when: { resolution: "1080p" }, price: 1, unit: "second", per: 2 }],
        },
      },
    });
  });
  afterAll(() => priced?.close());

  it("lists the prices given in place of the fixtures, and changes the ETag", async () => {
    const pricing = (id: string) => priced.catalogue().find((model) => model.id === id)?.pricing;
    expect(pricing(KLING)).toEqual({
      kind: "fixed",
      units: [{ name: "generation", measure: "video", price: 0.42, per: 1 }],
    });
    expect(pricing(VEO)).toMatchObject({ variants: [{ price: 1, per: 2 }] });
    const etag = async (of: MockServer) => (await fetch(`${of.url}/v1/models`)).headers.get("etag");
    expect(await etag(priced)).not.toBe(await etag(mock));
    const listed = await mockCatalogue({ prices: { [KLING]: 0.42, [VEO]: pricing(VEO) ?? 0 } });
    expect(listed.map((model) => docsOnMock(model, priced))).toEqual(priced.catalogue());
  });

  it.each([
    [{ "kling/v9": 1 }, 'prices must be keyed by model ids of the spec; received "kling/v9"'],
    [{ [VEO]: -1 }, `prices["${VEO}"] must be a number at least 0; received -1`],
    [{ [VEO]: { kind: "free" } }, `prices["${VEO}"] must be a number of USD or a pricing object`],
  ])("refuses %j before anything listens", async (prices, message) => {
    await expect(start({ prices: prices as never })).rejects.toThrow(message);
  });
});

describe("from the spec the mock serves", () => {
  let dir: string;
  let grown: MockServer;
  beforeAll(async () => {
    // A new model in the create body's oneOf: a copy of Veo's schema under another id.
    const spec = JSON.parse(await readFile(bundledSpecPath, "utf8"));
    const union = spec.paths[CREATE].post.requestBody.content["application/json"].schema;
    const ref: string = union.discriminator.mapping[VEO];
    const schema = structuredClone(spec.components.schemas[ref.split("/").pop() ?? ""]);
    schema.properties.model.enum = ["acme/new-video-model"];
    schema.example.model = "acme/new-video-model";
    schema["x-vendor"] = "Acme";
    spec.components.schemas["acme.new-video-model"] = schema;
    union.oneOf.push({ $ref: "#/components/schemas/acme.new-video-model" });
    union.discriminator.mapping["acme/new-video-model"] =
      "#/components/schemas/acme.new-video-model";
    dir = await mkdtemp(path.join(tmpdir(), "grown-spec-"));
    await writeFile(path.join(dir, "spec.json"), JSON.stringify(spec));
    grown = await start({ specPath: path.join(dir, "spec.json") });
  });
  afterAll(async () => {
    await grown?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lists a model the spec adds, with a fixture price by the same rule", async () => {
    const response = await fetch(`${grown.url}/model/acme/new-video-model?details=true`);
    expect(response.status).toBe(200);
    const { data } = await response.json();
    const veo = mock.catalogue().find((model) => model.id === VEO);
    expect(data).toMatchObject({
      id: "acme/new-video-model",
      aliases: ["legacy-acme-new-video-model"],
      tags: ["playground:video", "developer:acme"],
      pricing: veo?.pricing,
    });
  });
});

describe("without the lifecycle", () => {
  it("answers the spec's example, and refuses prices", async () => {
    const bare = await start({ lifecycle: false });
    try {
      const { data } = await (await fetch(`${bare.url}/v1/models`)).json();
      expect(data[0].id).toBe("string");
      expect(bare.catalogue()).toEqual([]);
    } finally {
      await bare.close();
    }
    await expect(start({ lifecycle: false, prices: {} })).rejects.toThrow(
      "prices needs the lifecycle",
    );
  });
});
