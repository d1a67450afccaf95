import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundledSpecPath, PrismStartError, start } from "../src/index.js";
import { canListen, createGeneration, isAlive, MODEL, portOf } from "./support.js";

const HOST = "127.0.0.1";

describe("start() and close()", () => {
  it("runs two mocks at once, and close() leaves no process and frees every port", async () => {
    const [plain, lifecycle] = await Promise.all([start(), start({ lifecycle: true })]);
    const ports = [plain.url, lifecycle.url, lifecycle.prismUrl].map(portOf);
    try {
      expect(new Set(ports).size).toBe(3);
      expect(plain.prismUrl).toBe(plain.url);
      for (const mock of [plain, lifecycle]) {
        expect(isAlive(mock.pid)).toBe(true);
        expect((await fetch(`${mock.url}/v2/video/generations?generation_id=x`)).status).toBe(401);
      }
    } finally {
      await Promise.all([plain.close(), lifecycle.close()]);
    }
    expect(isAlive(plain.pid)).toBe(false);
    expect(isAlive(lifecycle.pid)).toBe(false);
    for (const port of ports) expect(await canListen(HOST, port)).toBe(true);
    // A second close() is harmless.
    await plain.close();
  });

  it("rejects with Prism's own output when the spec cannot be read", async () => {
    const failed = start({ specPath: "/nonexistent/spec.json" });
    await expect(failed).rejects.toBeInstanceOf(PrismStartError);
    await expect(failed).rejects.toThrow(/Prism exited before it was listening[\s\S]*ENOENT/);
  });

  it("rejects, and stops Prism, when Prism is not listening in time", async () => {
    await expect(start({ readyTimeoutMs: 50 })).rejects.toThrow(/not listening within 50 ms/);
  });

  it("rejects when the port it was asked for is taken", async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, HOST, resolve));
    const address = squatter.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(start({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      squatter.close();
    }
  });
});

describe("--errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "mock-server-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("makes Prism fail with 500 when an example breaks its own schema", async () => {
    const spec = JSON.parse(readFileSync(bundledSpecPath, "utf8"));
    spec.paths["/v2/video/generations"].post.responses["200"].content[
      "application/json"
    ].examples.queued.value.status = "lost";
    const specPath = join(dir, "broken-example.json");
    writeFileSync(specPath, JSON.stringify(spec));

    const mock = await start({ specPath });
    try {
      const response = await createGeneration(mock.url, { model: MODEL, prompt: "A fox" });
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({
        type: "https://stoplight.io/prism/errors#VIOLATIONS",
        status: 500,
        validation: [
          expect.objectContaining({ location: ["response", "body", "status"], code: "enum" }),
        ],
      });
    } finally {
      await mock.close();
    }
  });
});
