import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleDocuments } from "../scripts/lib/bundle.ts";
import {
  bundleSpecs,
  listSourceDocuments,
  loadSourceDocuments,
  type OpenApiDocument,
  readManifest,
} from "../scripts/lib/specs.ts";

// The repository whose specs/ are checked: this one, or a copy (the tests of scripts/ run this file
// on a copy after an update, to show that a correct update leaves these tests passing).
const root = path.resolve(process.env.SPECS_ROOT ?? path.join(import.meta.dirname, ".."));

describe("vendor files", () => {
  it("are byte-for-byte what was published: each has its sha256 recorded in specs/sources.json", async () => {
    const manifest = await readManifest(root);
    const vendor = (await listSourceDocuments(root)).filter((d) => d.origin === "vendor");
    expect(vendor.length).toBeGreaterThan(0);
    for (const doc of vendor) {
      const recorded = manifest.documents.find((d) => d.file === doc.file)?.sha256;
      expect(recorded, `${doc.file} has no sha256 in specs/sources.json`).toMatch(/^[0-9a-f]{64}$/);
      const bytes = await readFile(path.join(root, "specs", doc.file));
      expect(createHash("sha256").update(bytes).digest("hex"), doc.file).toBe(recorded);
    }
  });

  it("serve their models in place of ours (the seed's Kling v1 standard text-to-video included)", async () => {
    const { models } = await bundleSpecs(root);
    const vendor = (await listSourceDocuments(root)).filter((d) => d.origin === "vendor");
    for (const doc of vendor) {
      for (const id of doc.models) {
        expect(models.find((m) => m.id === id)?.origin, `${id} of ${doc.file}`).toBe("vendor");
      }
    }
  });

  it("have their quirks fixed in the bundle, and are never the reason ours change", async () => {
    // The vendor's files are stored as published: the bundle fixes their known quirks and says so
    // (see CONTRIBUTING.md). What it may say about ours because of them is that they are shadowed.
    const { skipped, warnings } = await bundleSpecs(root);
    expect(skipped).toEqual([]);
    const aboutOurs = warnings.filter((w) => w.file.startsWith("authored/"));
    for (const w of aboutOurs) expect(w.message, `${w.file} ${w.path}`).toMatch(/^shadowed by vendor\//);
  });
});

describe("our model documents", () => {
  it("are usable, one model each, with nothing for the bundle to fix", async () => {
    const listed = await listSourceDocuments(root);
    const models = listed.filter((d) => d.file.startsWith("authored/models/"));
    expect(models.length).toBeGreaterThan(0);
    for (const doc of models) expect(doc.models, doc.file).toHaveLength(1);
    // Bundled alone: the vendor's files have quirks the bundle is meant to accept (checked above).
    const ours = (await loadSourceDocuments(root)).filter((d) => d.origin === "authored");
    const { warnings, skipped } = bundleDocuments(ours);
    expect(skipped).toEqual([]);
    // Nothing fixed: examples included, which the quirk pass checks against their schema.
    expect(warnings).toEqual([]);
  });
});

describe("every model", () => {
  it("has an example body in the bundle (the vendor's, or ours kept beside its file)", async () => {
    const { bundle, models } = await bundleSpecs(root);
    // About 141 models: far fewer means the documents are not found.
    expect(models.length).toBeGreaterThan(100);
    for (const { id, component } of models) {
      const example = (bundle.components?.schemas?.[component] as { example?: { model?: string } })
        .example;
      expect(example?.model, `${id} has an example body`).toBe(id);
    }
  });
});

describe("bundled spec", () => {
  let bundle: OpenApiDocument;
  let committed: string;
  beforeAll(async () => {
    const manifest = await readManifest(root);
    committed = await readFile(path.join(root, "specs", manifest.bundle), "utf8");
    bundle = JSON.parse(committed);
  });
  const op = (p: string, method: string) =>
    bundle.paths?.[p]?.[method] as { responses: Record<string, Record<string, unknown>> };
  const examplesOf = (p: string, method: string, status: string) => {
    const ref = (op(p, method).responses[status] as { $ref?: string }).$ref;
    const response = ref
      ? (bundle.components?.responses?.[ref.split("/").pop() as string] as Record<string, unknown>)
      : op(p, method).responses[status];
    const json = (response as { content: Record<string, { examples?: object }> }).content[
      "application/json"
    ];
    return Object.keys(json?.examples ?? {});
  };

  it("passes the OpenAPI linter with no errors or warnings", async () => {
    const config = await createConfig({ extends: ["recommended"], rules: { "info-license": "off" } });
    const problems = await lintFromString({
      source: committed,
      absoluteRef: path.join(root, "specs/bundled/aimlapi-video.openapi.json"),
      config,
    });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it("has the create and both retrieve operations, with a required generation_id", () => {
    expect(op("/v2/video/generations", "post")).toBeDefined();
    for (const p of ["/v2/video/generations", "/v2/generate/video/kling/generation"]) {
      const params = (op(p, "get") as unknown as { parameters: object[] }).parameters;
      expect(params).toContainEqual(
        expect.objectContaining({ name: "generation_id", in: "query", required: true }),
      );
    }
  });

  it("requires bearer authentication", () => {
    expect(bundle.components?.securitySchemes?.["access-token"]).toEqual(
      expect.objectContaining({ type: "http", scheme: "bearer" }),
    );
    expect(bundle.security).toEqual([{ "access-token": [] }]);
  });

  it("documents every error answer on every operation, each with a named example", () => {
    const statuses = ["400", "401", "403", "404", "429", "500", "502", "503", "504"];
    for (const [p, item] of Object.entries(bundle.paths ?? {})) {
      for (const method of Object.keys(item)) {
        for (const status of statuses) {
          expect(examplesOf(p, method, status), `${method} ${p} ${status}`).toHaveLength(1);
        }
      }
    }
    const body = bundle.components?.schemas?.ErrorBody as { properties: object };
    expect(Object.keys(body.properties).sort()).toEqual(
      ["message", "path", "requestId", "statusCode", "timestamp"].sort(),
    );
  });

  it("has one named example per generation status on both retrieve paths", () => {
    for (const p of ["/v2/video/generations", "/v2/generate/video/kling/generation"]) {
      expect(examplesOf(p, "get", "200").sort()).toEqual(
        ["completed", "error", "generating", "queued"].sort(),
      );
    }
  });

  it("applies every overlay action (each addition still finds its target)", async () => {
    const { unusedActions } = await bundleSpecs(root);
    expect(unusedActions).toEqual([]);
  });
});
