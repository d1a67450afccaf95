import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleSpecs, type OpenApiDocument, readManifest } from "../scripts/lib/specs.ts";

const root = path.resolve(import.meta.dirname, "..");
const seedPage = path.resolve(root, "../shared/seed/kling-v1-standard-text-to-video.md");
const vendorFile = path.join(root, "specs/vendor/kling-v1-standard-text-to-video.json");

describe("vendored create spec", () => {
  it("is byte-for-byte the JSON the vendor published on the model's page", async () => {
    // The seed page is the vendor's documentation as fetched; CI has it beside the clone.
    expect(existsSync(seedPage), `${seedPage} is missing`).toBe(true);
    const page = await readFile(seedPage, "utf8");
    const published = page.match(/^```json\n(.*?)\n```$/ms)?.[1];
    expect(published).toBeDefined();
    const vendored = await readFile(vendorFile, "utf8");
    expect(JSON.parse(vendored)).toEqual(JSON.parse(published as string));
    expect(vendored).toBe(`${published}\n`);
  });

  it("matches the checksum recorded in specs/sources.json", async () => {
    const manifest = await readManifest(root);
    for (const doc of manifest.documents.filter((d) => d.origin === "vendor")) {
      const bytes = await readFile(path.join(root, "specs", doc.file));
      expect(createHash("sha256").update(bytes).digest("hex"), doc.file).toBe(doc.sha256);
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
