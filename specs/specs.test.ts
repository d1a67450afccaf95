import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bundleSpecs,
  listSourceDocuments,
  type OpenApiDocument,
  readManifest,
} from "../scripts/lib/specs.ts";

const root = path.resolve(import.meta.dirname, "..");

describe("vendor files", () => {
  it("are byte-for-byte what was published: each has its sha256 recorded in specs/sources.json", async () => {
    const manifest = await readManifest(root);
    const vendor = (await listSourceDocuments(root)).filter((d) => d.origin === "vendor");
    expect(vendor.map((d) => d.file)).toContain("vendor/kling-v1-standard-text-to-video.json");
    for (const doc of vendor) {
      const recorded = manifest.documents.find((d) => d.file === doc.file)?.sha256;
      expect(recorded, `${doc.file} has no sha256 in specs/sources.json`).toMatch(/^[0-9a-f]{64}$/);
      const bytes = await readFile(path.join(root, "specs", doc.file));
      expect(createHash("sha256").update(bytes).digest("hex"), doc.file).toBe(recorded);
    }
  });

  it("keep serving Kling v1 standard text-to-video from the seed's file, not from ours", async () => {
    const { models } = await bundleSpecs(root);
    expect(models.find((m) => m.id === "kling-video/v1/standard/text-to-video")).toEqual({
      id: "kling-video/v1/standard/text-to-video",
      component: "kling-video.v1.standard.text-to-video",
      file: "vendor/kling-v1-standard-text-to-video.json",
      origin: "vendor",
      shadowed: ["authored/models/Kling-AI/v1-standard-text-to-video.json"],
    });
  });
});

describe("our model documents", () => {
  it("are usable, one model each, with nothing for the bundle to fix", async () => {
    const listed = await listSourceDocuments(root);
    const ours = listed.filter((d) => d.file.startsWith("authored/models/"));
    expect(ours.length).toBeGreaterThanOrEqual(141);
    for (const doc of ours) expect(doc.models, doc.file).toHaveLength(1);
    const { bundle, models, warnings, skipped } = await bundleSpecs(root);
    expect(skipped).toEqual([]);
    // Nothing fixed: examples included, which the quirk pass checks against their schema.
    expect(warnings).toEqual([]);
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
