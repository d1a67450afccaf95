import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bumpFor, type Change, diffSpecs, resolveRefs } from "./spec-diff.ts";
import type { OpenApiDocument } from "./specs.ts";

// Every fixture is a vendor create spec (the fixture repository's, never the live specs/) with
// one edit, so the pairs stay small and real.
const vendor: OpenApiDocument = JSON.parse(
  readFileSync(
    path.resolve(
      import.meta.dirname,
      "../fixtures/repo/specs/vendor/kling-v1-standard-text-to-video.json",
    ),
    "utf8",
  ),
);
// biome-ignore lint/suspicious/noExplicitAny: the fixtures edit arbitrary places in a spec.
type Json = Record<string, any>;
const CREATE = "POST /v2/video/generations";
const BODY = `${CREATE} request body (application/json)`;
const RESPONSE = `${CREATE} 200 response (application/json)`;

const post = (doc: Json) => doc.paths["/v2/video/generations"].post;
const body = (doc: Json) => post(doc).requestBody.content["application/json"].schema;
const answer = (doc: Json) => post(doc).responses["200"].content["application/json"].schema;

/** The changes from the vendor's spec to a copy that `edit` changed. */
function diffAfter(edit: (doc: Json) => void, base: Json = vendor): Change[] {
  const next = structuredClone(base);
  edit(next);
  return diffSpecs(base as OpenApiDocument, next as OpenApiDocument);
}

/** A copy of the vendor's spec with `edit` applied: a base for pairs the vendor's cannot start. */
function vendorWith(edit: (doc: Json) => void): Json {
  const doc = structuredClone(vendor) as Json;
  edit(doc);
  return doc;
}

const withQuery = vendorWith((doc) => {
  post(doc).parameters = [{ name: "trace", in: "query", schema: { type: "string" } }];
});

describe("diffSpecs classifies each change for a client", () => {
  it.each<[string, (doc: Json) => void, Change, Json?]>([
    [
      "a removed operation",
      (doc) => delete doc.paths["/v2/video/generations"],
      { severity: "breaking", location: CREATE, message: "operation removed" },
    ],
    [
      "a removed response field",
      (doc) => delete answer(doc).properties.meta,
      { severity: "breaking", location: `${RESPONSE}: meta`, message: "field removed" },
    ],
    [
      "a request enum value removed, however deep",
      (doc) => body(doc).properties.advanced_camera_control.properties.movement_type.enum.pop(),
      {
        severity: "breaking",
        location: `${BODY}: advanced_camera_control.movement_type`,
        message: 'enum value "zoom" removed',
      },
    ],
    [
      "a new required request field",
      (doc) => {
        body(doc).properties.seed = { type: "integer" };
        body(doc).required.push("seed");
      },
      { severity: "breaking", location: `${BODY}: seed`, message: "new required field" },
    ],
    [
      "an optional request field made required",
      (doc) => body(doc).required.push("duration"),
      { severity: "breaking", location: `${BODY}: duration`, message: "now required" },
    ],
    [
      "a type change",
      (doc) => {
        answer(doc).properties.meta.properties.usage.properties.credits_used.type = "string";
      },
      {
        severity: "breaking",
        location: `${RESPONSE}: meta.usage.credits_used`,
        message: "type number → string",
      },
    ],
    [
      "a response field made nullable (OpenAPI 3.0)",
      (doc) => {
        answer(doc).properties.id.nullable = true;
      },
      { severity: "breaking", location: `${RESPONSE}: id`, message: "type string → string | null" },
    ],
    [
      "a removed parameter",
      (doc) => delete post(doc).parameters,
      { severity: "breaking", location: `${CREATE} query trace parameter`, message: "removed" },
      withQuery,
    ],
    [
      "a new required parameter",
      (doc) => {
        post(doc).parameters = [{ name: "trace", in: "query", required: true }];
      },
      {
        severity: "breaking",
        location: `${CREATE} query trace parameter`,
        message: "new required parameter",
      },
    ],
    [
      "a request field made nullable",
      (doc) => {
        body(doc).properties.negative_prompt.nullable = true;
      },
      {
        severity: "non-breaking",
        location: `${BODY}: negative_prompt`,
        message: "type string → string | null",
      },
    ],
    [
      "an added optional request field",
      (doc) => {
        body(doc).properties.seed = { type: "integer" };
      },
      { severity: "non-breaking", location: `${BODY}: seed`, message: "new optional field" },
    ],
    [
      "an added request enum value",
      (doc) => body(doc).properties.duration.enum.push(15),
      { severity: "non-breaking", location: `${BODY}: duration`, message: "enum value 15 added" },
    ],
    [
      "a new operation",
      (doc) => {
        doc.paths["/v2/video/extend"] = { post: post(doc) };
      },
      { severity: "non-breaking", location: "POST /v2/video/extend", message: "new operation" },
    ],
    [
      "an added response field",
      (doc) => {
        answer(doc).properties.created_at = { type: "string" };
      },
      {
        severity: "non-breaking",
        location: `${RESPONSE}: created_at`,
        message: "new optional field",
      },
    ],
    [
      "an added response enum value",
      (doc) => answer(doc).properties.status.enum.push("cancelled"),
      {
        severity: "flagged",
        location: `${RESPONSE}: status`,
        message: 'enum value "cancelled" added: exhaustive switches miss it',
      },
    ],
    [
      "a deprecated operation",
      (doc) => {
        post(doc).deprecated = true;
      },
      { severity: "non-breaking", location: CREATE, message: "deprecated" },
    ],
    [
      "a changed description",
      (doc) => {
        body(doc).properties.prompt.description = "What the video shows.";
      },
      { severity: "docs", location: `${BODY}: prompt`, message: "description changed" },
    ],
    [
      "an added example",
      (doc) => {
        body(doc).properties.prompt.example = "A red fox in the snow";
      },
      { severity: "docs", location: `${BODY}: prompt`, message: "example changed" },
    ],
    [
      "an added summary",
      (doc) => {
        post(doc).summary = "Create a video";
      },
      { severity: "docs", location: CREATE, message: "summary changed" },
    ],
    [
      "a response enum array whose items gained a value",
      (doc) => answer(doc).properties.tags.items.enum.push("b"),
      {
        severity: "flagged",
        location: `${RESPONSE}: tags[]`,
        message: 'enum value "b" added: exhaustive switches miss it',
      },
      vendorWith((doc) => {
        answer(doc).properties.tags = { type: "array", items: { type: "string", enum: ["a"] } };
      }),
    ],
    [
      "a response anyOf variant added",
      (doc) => answer(doc).properties.id.anyOf.push({ type: "integer" }),
      {
        severity: "flagged",
        location: `${RESPONSE}: id`,
        message: "1 anyOf variant(s) added: exhaustive handling misses them",
      },
      vendorWith((doc) => {
        answer(doc).properties.id = { anyOf: [{ type: "string" }] };
      }),
    ],
  ])("%s", (_, edit, expected, base) => {
    const changes = diffAfter(edit, base);
    expect(changes).toContainEqual(expected);
    expect(changes.every((c) => c.severity === expected.severity)).toBe(true);
  });

  it("finds nothing between a spec and itself, or one with its keys reordered", () => {
    expect(diffSpecs(vendor, structuredClone(vendor))).toEqual([]);
    const reordered = JSON.parse(JSON.stringify(vendor, Object.keys(vendor).reverse()));
    expect(diffAfter(() => {}, reordered)).toEqual([]);
  });

  it("compares what a $ref points to, so moving a schema to components is no change", () => {
    const moved = vendorWith((doc) => {
      doc.components = { schemas: { Create: body(doc) } };
      post(doc).requestBody.content["application/json"].schema = {
        $ref: "#/components/schemas/Create",
      };
    });
    expect(diffSpecs(vendor, moved as OpenApiDocument)).toEqual([]);
    const changed = structuredClone(moved);
    changed.components.schemas.Create.properties.prompt.type = "integer";
    expect(diffSpecs(moved as OpenApiDocument, changed as OpenApiDocument)).toEqual([
      { severity: "breaking", location: `${BODY}: prompt`, message: "type string → integer" },
    ]);
  });

  it("keeps a recursive $ref instead of looping", () => {
    const tree = {
      components: {
        schemas: { Node: { properties: { child: { $ref: "#/components/schemas/Node" } } } },
      },
    };
    const resolved = resolveRefs({ ...tree, root: { $ref: "#/components/schemas/Node" } }) as Json;
    expect(resolved.root.properties.child).toEqual({
      $ref: "#/components/schemas/Node",
    });
  });

  it("flags a change it has no rule for, for a human to judge", () => {
    expect(diffAfter((doc) => (doc.servers = [{ url: "https://eu.aimlapi.com" }]))).toEqual([
      expect.objectContaining({ severity: "flagged", location: "document" }),
    ]);
  });
});

describe("diffSpecs reads documentation-only changes as a patch", () => {
  it("the bearer scheme's bearerFormat, response examples and code samples", () => {
    const base = vendorWith((doc) => {
      doc.components = { securitySchemes: { "access-token": { type: "http", scheme: "bearer" } } };
    });
    const changes = diffAfter((doc) => {
      doc.components.securitySchemes["access-token"].bearerFormat = "<YOUR_AIMLAPI_KEY>";
      post(doc)["x-codeSamples"] = [{ lang: "JavaScript", source: "fetch(…)" }];
      post(doc).responses["200"].content["application/json"].example = {
        id: "1",
        status: "queued",
      };
      body(doc).properties.duration["x-order"] = 3;
    }, base);
    expect(changes).toContainEqual({
      severity: "docs",
      location: "components.securitySchemes.access-token",
      message: "bearerFormat changed",
    });
    expect(changes).toHaveLength(4);
    expect(bumpFor(changes)).toBe("patch");
  });
});

describe("diffSpecs compares every component by name", () => {
  const withSchemas = (count: number) =>
    vendorWith((doc) => {
      doc.components = {
        schemas: Object.fromEntries(
          Array.from({ length: count }, (_, i) => [`Model${i}`, { type: "object" }]),
        ),
      };
    });

  it("reports unused schemas that vanish as breaking, one by one", () => {
    const changes = diffSpecs(withSchemas(8000) as OpenApiDocument, vendor);
    expect(changes).toHaveLength(8000);
    expect(changes[0]).toEqual({
      severity: "breaking",
      location: "components.schemas.Model0",
      message: "removed (the type of schemas.Model0 is gone)",
    });
    expect(bumpFor(changes)).toBe("major");
  });

  it("reports an added unused schema, and a change in one, read the stricter way", () => {
    const base = withSchemas(1);
    expect(diffAfter((doc) => (doc.components.schemas.Extra = { type: "string" }), base)).toEqual([
      { severity: "non-breaking", location: "components.schemas.Extra", message: "new component" },
    ]);
    const changes = diffAfter((doc) => {
      doc.components.schemas.Model0.properties = { id: { type: "string" } };
      doc.components.schemas.Model0.required = ["id"];
    }, base);
    // Sent by a client, a new required field breaks its requests.
    expect(changes).toEqual([
      {
        severity: "breaking",
        location: "components.schemas.Model0.id",
        message: "new required field",
      },
    ]);
  });

  it("reports a change in a used schema where it is used, once", () => {
    const moved = vendorWith((doc) => {
      doc.components = { schemas: { Create: body(doc) } };
      post(doc).requestBody.content["application/json"].schema = {
        $ref: "#/components/schemas/Create",
      };
    });
    expect(diffAfter((doc) => (doc.components.schemas.Create.properties.seed = {}), moved)).toEqual(
      [{ severity: "non-breaking", location: `${BODY}: seed`, message: "new optional field" }],
    );
  });
});

describe("diffSpecs matches a oneOf's variants by model", () => {
  const modelBody = (id: string, durations: number[]): Json => ({
    type: "object",
    properties: {
      model: { type: "string", enum: [id] },
      prompt: { type: "string" },
      duration: { type: "integer", enum: durations },
    },
    required: ["model", "prompt"],
  });
  const VEO = modelBody("google/veo-3.1-t2v", [4, 6, 8]);
  const KLING = modelBody("kling-video/v1/standard/text-to-video", [5, 10]);
  const SORA = modelBody("openai/sora-2-t2v", [4, 8, 12]);
  /** The bundle's create body: one named component per model, a discriminator on `model`. */
  const bundleOf = (...models: Json[]) =>
    vendorWith((doc) => {
      const names = models.map((m) => m.properties.model.enum[0].replaceAll("/", "."));
      doc.components = { schemas: Object.fromEntries(names.map((n, i) => [n, models[i]])) };
      post(doc).requestBody.content["application/json"].schema = {
        oneOf: names.map((n) => ({ $ref: `#/components/schemas/${n}` })),
        discriminator: {
          propertyName: "model",
          mapping: Object.fromEntries(
            models.map((m, i) => [m.properties.model.enum[0], `#/components/schemas/${names[i]}`]),
          ),
        },
      };
    }) as OpenApiDocument;

  it("finds no change when the models are reordered", () => {
    expect(diffSpecs(bundleOf(VEO, KLING, SORA), bundleOf(SORA, VEO, KLING))).toEqual([]);
  });

  it("reports a new model as an addition and a removed one as breaking", () => {
    const added = diffSpecs(bundleOf(VEO, KLING), bundleOf(SORA, VEO, KLING));
    expect(added).toContainEqual({
      severity: "non-breaking",
      location: BODY,
      message: 'new model "openai/sora-2-t2v"',
    });
    expect(bumpFor(added)).toBe("minor");
    const removed = diffSpecs(bundleOf(VEO, KLING), bundleOf(KLING));
    expect(removed).toContainEqual({
      severity: "breaking",
      location: BODY,
      message: 'model "google/veo-3.1-t2v" removed',
    });
  });

  it("reports a field change under its model, whatever the position", () => {
    const fewer = modelBody("google/veo-3.1-t2v", [4, 8]);
    expect(diffSpecs(bundleOf(VEO, KLING), bundleOf(KLING, fewer))).toEqual([
      {
        severity: "breaking",
        location: `${BODY} (model "google/veo-3.1-t2v"): duration`,
        message: "enum value 6 removed",
      },
    ]);
  });

  it("reads a single body that becomes a union as the same model plus the new ones", () => {
    const single = vendorWith((doc) => {
      post(doc).requestBody.content["application/json"].schema = KLING;
    }) as OpenApiDocument;
    expect(diffSpecs(single, bundleOf(KLING, VEO))).toEqual([
      { severity: "non-breaking", location: BODY, message: 'new model "google/veo-3.1-t2v"' },
    ]);
  });

  it("reports a changed discriminator as breaking", () => {
    const next = bundleOf(VEO, KLING) as Json;
    post(next).requestBody.content["application/json"].schema.discriminator.propertyName = "kind";
    expect(diffSpecs(bundleOf(VEO, KLING), next as OpenApiDocument)).toEqual([
      { severity: "breaking", location: BODY, message: 'discriminator "model" → "kind"' },
    ]);
  });
});

describe("diffSpecs follows a moved operation", () => {
  it("reports the move as breaking, with its field differences rather than removed + added", () => {
    const changes = diffAfter((doc) => {
      body(doc).properties.seed = { type: "integer" };
      doc.paths["/v3/video/generations"] = doc.paths["/v2/video/generations"];
      delete doc.paths["/v2/video/generations"];
    });
    expect(changes).toEqual([
      {
        severity: "breaking",
        location: CREATE,
        message: "operation moved to POST /v3/video/generations",
      },
      {
        severity: "non-breaking",
        location: "POST /v3/video/generations request body (application/json): seed",
        message: "new optional field",
      },
    ]);
  });

  it("still reports an operation with nothing in common as removed", () => {
    const changes = diffAfter((doc) => {
      delete doc.paths["/v2/video/generations"];
      doc.paths["/v3/other"] = { post: { operationId: "other", responses: {} } };
    });
    expect(changes.map((c) => c.message)).toEqual(["operation removed", "new operation"]);
  });
});

describe("bumpFor", () => {
  const change = (severity: Change["severity"]): Change => ({
    severity,
    location: "x",
    message: "y",
  });
  it.each([
    [["docs", "non-breaking", "breaking"], "major"],
    [["docs", "flagged"], "minor"],
    [["non-breaking"], "minor"],
    [["docs"], "patch"],
    [[], undefined],
  ] as const)("%j → %s", (severities, bump) => {
    expect(bumpFor(severities.map(change))).toBe(bump);
  });
});
