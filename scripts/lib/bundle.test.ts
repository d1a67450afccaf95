import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import {
  BundleConflictError,
  bundleDocuments,
  type LoadedDocument,
  type Origin,
} from "./bundle.ts";
import { validationSchema } from "./validator.ts";

// Small documents in the vendor's style, one per quirk of what it really publishes.
const fixtures = path.resolve(import.meta.dirname, "../fixtures/quirks");
const load = async (name: string, origin: Origin = "vendor"): Promise<LoadedDocument> => ({
  file: `${origin}/${name}`,
  origin,
  text: await readFile(path.join(fixtures, name), "utf8"),
});
const loadAll = (...names: string[]) => Promise.all(names.map((n) => load(n)));

// biome-ignore lint/suspicious/noExplicitAny: the tests walk into bundles whose shape they assert
type Json = Record<string, any>;
const schemaOf = (bundle: Json, component: string) => bundle.components.schemas[component];

describe("bundleDocuments: the models", () => {
  it("makes one create operation whose body is a oneOf of one component per model, discriminated by model", async () => {
    const { bundle, models } = bundleDocuments(
      await loadAll("two-models.json", "string-default.json", "retrieve.json"),
    );
    expect(models.map((m) => [m.id, m.component])).toEqual([
      ["acme/one", "acme.one"],
      ["acme/string-default", "acme.string-default"],
      ["acme/two", "acme.two"],
    ]);
    const schema = (bundle as Json).paths["/v2/video/generations"].post.requestBody.content[
      "application/json"
    ].schema;
    expect(schema.oneOf).toEqual([
      { $ref: "#/components/schemas/acme.one" },
      { $ref: "#/components/schemas/acme.string-default" },
      { $ref: "#/components/schemas/acme.two" },
    ]);
    expect(schema.discriminator).toEqual({
      propertyName: "model",
      mapping: {
        "acme/one": "#/components/schemas/acme.one",
        "acme/string-default": "#/components/schemas/acme.string-default",
        "acme/two": "#/components/schemas/acme.two",
      },
    });
    // A document listing two models gives each its own body, narrowed to its id.
    expect(schemaOf(bundle, "acme.two").properties.model).toEqual({
      type: "string",
      enum: ["acme/two"],
    });
  });

  it("lets a vendor file replace ours model by model, keeping our example when it still fits", async () => {
    const { bundle, models } = bundleDocuments([
      await load("ours-with-example.json", "authored"),
      await load("string-default.json", "vendor"),
    ]);
    expect(models).toEqual([
      {
        id: "acme/string-default",
        component: "acme.string-default",
        file: "vendor/string-default.json",
        origin: "vendor",
        shadowed: ["authored/ours-with-example.json"],
      },
    ]);
    const body = schemaOf(bundle, "acme.string-default");
    expect(body.properties.strength).toEqual({ type: "number" }); // the vendor's, fixed
    expect(body.example).toEqual({ model: "acme/string-default", prompt: "A fox", duration: 10 });
    expect(body["x-vendor"]).toBe("Acme");
  });

  it("keeps our x-media on the vendor's same fields, nested ones too, unless the vendor states its own", async () => {
    const media = (medium: string) => ({ medium, dataUri: true, maxBytes: 1024 });
    // The vendor's body is inline, ours a component.
    const withFields = (name: string, origin: Origin, fields: Json) => {
      const doc = JSON.parse(readFileSync(path.join(fixtures, name), "utf8"));
      const body =
        doc.components?.schemas["acme.string-default"] ??
        doc.paths["/v2/video/generations"].post.requestBody.content["application/json"].schema;
      Object.assign(body.properties, fields);
      return { file: `${origin}/${name}`, origin, text: JSON.stringify(doc) };
    };
    const uri = { type: "string", format: "uri" };
    const { bundle } = bundleDocuments([
      withFields("ours-with-example.json", "authored", {
        image_url: { ...uri, "x-media": media("image") },
        audio_url: { ...uri, "x-media": media("audio") },
        elements: {
          type: "array",
          items: {
            type: "object",
            properties: { video_url: { ...uri, "x-media": media("video") } },
          },
        },
      }),
      withFields("string-default.json", "vendor", {
        image_url: uri,
        audio_url: { ...uri, "x-media": { medium: "audio", dataUri: false } },
        elements: { type: "array", items: { type: "object", properties: { video_url: uri } } },
      }),
    ]);
    const properties = schemaOf(bundle, "acme.string-default").properties;
    expect(properties.image_url["x-media"]).toEqual(media("image"));
    expect(properties.audio_url["x-media"]).toEqual({ medium: "audio", dataUri: false });
    expect(properties.elements.items.properties.video_url["x-media"]).toEqual(media("video"));
  });

  it("keeps component names with dots whole", async () => {
    const text = await readFile(
      path.resolve(
        fixtures,
        "../cases/dotted/video-models/Kling-AI/v1-standard-text-to-video.json",
      ),
      "utf8",
    );
    const { bundle } = bundleDocuments([{ file: "vendor/kling.json", origin: "vendor", text }]);
    const schemas = (bundle as Json).components.schemas;
    expect(Object.keys(schemas).sort()).toEqual([
      "Kling.v1.AdvancedCameraControl",
      "Kling.v1.CameraControl",
      "kling-video.v1.standard.text-to-video",
    ]);
    expect(schemas["kling-video.v1.standard.text-to-video"].properties.camera_control).toEqual({
      $ref: "#/components/schemas/Kling.v1.CameraControl",
    });
  });

  it("merges the create operation model by model: per-model docs stay with the model, a shadowed document has no say", async () => {
    const edit = async (name: string, origin: Origin, change: (op: Json) => void) => {
      const doc = await load(name, origin);
      const parsed = JSON.parse(doc.text);
      change(parsed.paths["/v2/video/generations"].post);
      return { ...doc, text: JSON.stringify(parsed) };
    };
    const sample = (model: string) => [{ lang: "Shell", source: `curl -d '{"model":"${model}"}'` }];
    const { bundle, warnings } = bundleDocuments([
      await edit("two-models.json", "vendor", (op) => {
        op.summary = "Create with acme/one or acme/two";
        op["x-codeSamples"] = sample("acme/one");
      }),
      await edit("string-default.json", "vendor", (op) => {
        op.summary = "Create with acme/string-default";
        op["x-codeSamples"] = sample("acme/string-default");
      }),
      // Ours, shadowed for its only model: its samples and its answers are not the bundle's.
      await edit("ours-with-example.json", "authored", (op) => {
        op["x-codeSamples"] = sample("ours");
        op.responses["200"].content["application/json"].schema.properties.extra = {
          type: "string",
        };
      }),
    ]);
    const op = (bundle as Json).paths["/v2/video/generations"].post;
    expect(op.summary).toBeUndefined();
    expect(op["x-codeSamples"]).toEqual([
      {
        lang: "Shell",
        label: "Shell (acme/one, acme/two)",
        source: `curl -d '{"model":"acme/one"}'`,
      },
      {
        lang: "Shell",
        label: "Shell (acme/string-default)",
        source: `curl -d '{"model":"acme/string-default"}'`,
      },
    ]);
    expect(op.responses["200"].content["application/json"].schema.properties).not.toHaveProperty(
      "extra",
    );
    expect(warnings.filter((w) => w.message.includes("answers"))).toEqual([]);
  });

  it("merges a model defined identically twice", async () => {
    const again = { ...(await load("string-default.json")), file: "vendor/copy.json" };
    const { models } = bundleDocuments([await load("string-default.json"), again]);
    expect(models).toHaveLength(1);
  });

  it("refuses two documents of the same origin that disagree, naming both and where", async () => {
    const documents = await loadAll("string-default.json", "same-model-differs.json");
    expect(() => bundleDocuments(documents)).toThrow(BundleConflictError);
    expect(() => bundleDocuments(documents)).toThrow(
      "the model acme/string-default is defined differently by vendor/string-default.json and vendor/same-model-differs.json (first difference at $.components.schemas.acme.string-default.properties.duration.enum)",
    );
  });

  it("merges identical components and refuses conflicting ones", async () => {
    const { bundle } = bundleDocuments(
      await loadAll("http-scheme-in.json", "http-scheme-in-too.json"),
    );
    expect(Object.keys(bundle.components?.securitySchemes ?? {})).toEqual(["access-token"]);
    const other = await load("http-scheme-in-too.json");
    const changed = { ...other, text: other.text.replace('"Bearer key"', '"Another key"') };
    const first = await load("http-scheme-in.json");
    expect(() => bundleDocuments([first, changed])).toThrow(
      "components.securitySchemes.access-token is defined differently by vendor/http-scheme-in.json and vendor/http-scheme-in-too.json (first difference at $.components.securitySchemes.access-token.description)",
    );
  });
});

describe("bundleDocuments: what the vendor really publishes", () => {
  const fix = async (name: string) => {
    const documents = [await load(name)];
    const before = documents[0]?.text;
    const result = bundleDocuments(documents);
    expect(documents[0]?.text).toBe(before); // the source is never changed
    return result;
  };

  it("turns a string default of an integer enum into the integer; drops one that is no number or outside the enum", async () => {
    const { bundle, warnings } = await fix("string-default.json");
    const body = schemaOf(bundle, "acme.string-default");
    expect(body.properties.duration.default).toBe(5);
    expect(body.properties.strength).toEqual({ type: "number" });
    expect(warnings.map((w) => w.message)).toEqual([
      'string default "5" for an integer: 5 in the bundle',
      'string default "strong" is not a valid number: removed',
      'default "4k" is not in the enum: removed',
    ]);
    expect(body.properties.resolution).toEqual({ type: "string", enum: ["720p", "1080p"] });
    expect(warnings[0]?.path).toBe(
      "$.paths['/v2/video/generations'].post.requestBody.content['application/json'].schema.properties.duration.default",
    );
  });

  it("reads `nullable` without `type` as 'or null' in a union, and drops it elsewhere", async () => {
    const { bundle, warnings } = await fix("nullable-without-type.json");
    const body = schemaOf(bundle, "acme.nullable");
    expect(body.properties.keyframes.properties.frame0.anyOf[1]).toEqual({
      type: "string",
      nullable: true,
      enum: [null],
    });
    expect(body.properties.negative_prompt).toEqual({ description: "What to avoid." });
    expect(warnings).toHaveLength(2);
  });

  it("removes `in` from an http security scheme", async () => {
    const { bundle, warnings } = await fix("http-scheme-in.json");
    expect(bundle.components?.securitySchemes?.["access-token"]).toEqual({
      scheme: "bearer",
      type: "http",
      description: "Bearer key",
    });
    expect(warnings.map((w) => w.path)).toEqual([
      "$.components.securitySchemes['access-token'].in",
    ]);
  });

  it("gives the retrieve operation its own operationId when the vendor shares one", async () => {
    const { bundle, warnings } = bundleDocuments(
      await loadAll("string-default.json", "retrieve.json"),
    );
    const item = (bundle as Json).paths["/v2/video/generations"];
    expect(item.post.operationId).toBe("_v2_video_generations");
    expect(item.get.operationId).toBe("_v2_video_generations_get");
    expect(warnings.map((w) => w.message)).toContain(
      "operationId _v2_video_generations is used by another operation: _v2_video_generations_get in the bundle",
    );
  });

  it("drops examples that fail their own schema: outside the enum, or a status the API never sends", async () => {
    const { bundle, warnings } = await fix("example-outside-enum.json");
    expect(
      schemaOf(bundle, "acme.example-outside-enum").properties.aspect_ratio.example,
    ).toBeUndefined();
    const examples = (bundle as Json).paths["/v2/video/generations"].post.responses["200"].content[
      "application/json"
    ].examples;
    // The answer's examples are the model's: named after it in the shared create operation.
    expect(Object.keys(examples)).toEqual(["acme/example-outside-enum queued"]);
    expect(warnings.map((w) => w.path)).toEqual([
      "$.paths['/v2/video/generations'].post.requestBody.content['application/json'].schema.properties.aspect_ratio.example",
      "$.paths['/v2/video/generations'].post.responses['200'].content['application/json'].examples.done",
    ]);
  });

  it("moves a Swagger 2 style `required: true` into the object's required list", async () => {
    const { bundle, warnings } = await fix("required-true.json");
    const body = schemaOf(bundle, "acme.required-true");
    expect(body.required).toEqual(["model", "prompt", "image_url"]);
    expect(body.properties.image_url).toEqual({ type: "string", format: "uri" });
    expect(warnings).toHaveLength(1);
  });

  it("keeps format: uri for the client's checker", async () => {
    const { bundle } = await fix("required-true.json");
    const schema = validationSchema(bundle, "acme.required-true");
    expect((schema as Json).properties.image_url).toEqual({ type: "string", format: "uri" });
  });

  it("takes minLength/maxLength as they are", async () => {
    const { bundle, warnings } = await fix("min-max-length.json");
    expect(warnings).toEqual([]);
    const schema = validationSchema(bundle, "acme.min-max-length") as Json;
    expect(schema.properties.prompt).toEqual({ type: "string", minLength: 1, maxLength: 5 });
  });

  it("skips, with the reason, a document it cannot use", async () => {
    const { skipped, models } = bundleDocuments(
      await loadAll(
        "not-json.json",
        "legacy-path.json",
        "no-model-enum.json",
        "string-default.json",
      ),
    );
    expect(models.map((m) => m.id)).toEqual(["acme/string-default"]);
    expect(skipped.map((s) => s.file)).toEqual([
      "vendor/not-json.json",
      "vendor/legacy-path.json",
      "vendor/no-model-enum.json",
    ]);
    expect(skipped[0]?.reason).toMatch(/^not JSON/);
    expect(skipped[1]?.reason).toContain(
      "/v2/generate/video/acme/generation (a legacy per-vendor path)",
    );
    expect(skipped[2]?.reason).toContain("no JSON body with a `model` enum");
  });

  it("says so when no document is usable", async () => {
    const documents = await loadAll("not-json.json");
    expect(() => bundleDocuments(documents)).toThrow("No usable OpenAPI document in specs/");
  });

  it("makes a bundle of every quirk that the OpenAPI linter accepts", async () => {
    const names = [
      "string-default.json",
      "nullable-without-type.json",
      "http-scheme-in.json",
      "http-scheme-in-too.json",
      "retrieve.json",
      "example-outside-enum.json",
      "required-true.json",
      "min-max-length.json",
      "two-models.json",
    ];
    const { bundle } = bundleDocuments(await loadAll(...names));
    // Summaries, security and error answers come from our overlay, not from the vendor's files.
    const config = await createConfig({
      extends: ["recommended"],
      rules: {
        "info-license": "off",
        "operation-4xx-response": "off",
        "operation-summary": "off",
        "security-defined": "off",
      },
    });
    const problems = await lintFromString({
      source: JSON.stringify(bundle),
      absoluteRef: path.join(fixtures, "bundle.json"),
      config,
    });
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  });
});
