import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundledSpecPath, MockStartError, start } from "../src/index.js";
import { canListen, createGeneration, MODEL, portOf } from "./support.js";

const HOST = "127.0.0.1";
const dir = mkdtempSync(join(tmpdir(), "mock-server-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("start() and close()", () => {
  it("runs two mocks at once, and close() frees every port", async () => {
    const [plain, lifecycle] = await Promise.all([start({ lifecycle: false }), start()]);
    const ports = [plain, lifecycle].flatMap((m) => [m.url, m.prismUrl]).map(portOf);
    try {
      expect(new Set(ports).size).toBe(4);
      for (const mock of [plain, lifecycle]) {
        expect((await fetch(`${mock.url}/v2/video/generations?generation_id=x`)).status).toBe(401);
      }
    } finally {
      await Promise.all([plain.close(), lifecycle.close()]);
    }
    for (const port of ports) expect(await canListen(HOST, port)).toBe(true);
    // A second close() is harmless.
    await plain.close();
  });

  it("close() cuts a request the mock is holding, instead of waiting for it", async () => {
    const mock = await start();
    const held = createGeneration(
      mock.url,
      { model: MODEL, prompt: "A fox" },
      { "x-mock-fault": "timeout-after-create" },
    ).catch((error: Error) => error);
    // The generation exists before its answer is held back.
    await expect.poll(() => mock.generations().length).toBe(1);
    await mock.close();
    expect(await held).toBeInstanceOf(TypeError);
  });

  it("rejects with MockStartError naming the spec when it cannot be read", async () => {
    const failed = start({ specPath: "/nonexistent/spec.json" });
    await expect(failed).rejects.toBeInstanceOf(MockStartError);
    await expect(failed).rejects.toThrow("Cannot read the spec /nonexistent/spec.json: ENOENT");
  });

  it("rejects with MockStartError when the file is not a spec", async () => {
    const specPath = join(dir, "not-a-spec.json");
    writeFileSync(specPath, JSON.stringify({ hello: "world" }));
    await expect(start({ specPath })).rejects.toThrow(`Cannot serve the spec ${specPath}`);
  });

  it("rejects with code EADDRINUSE when the port it was asked for is taken", async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, HOST, resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const error = await start({ port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MockStartError);
      expect(error).toMatchObject({
        code: "EADDRINUSE",
        message: `Cannot listen on ${HOST}:${port}: the port is already in use`,
      });
    } finally {
      squatter.close();
    }
  });

  it("refuses lifecycle options that would never or always move, before listening", async () => {
    await expect(start({ lifecycle: { pollsPerStep: 0 } })).rejects.toThrow(RangeError);
  });
});

describe("--errors", () => {
  it("makes Prism fail with 500 when an example breaks its own schema", async () => {
    const spec = JSON.parse(readFileSync(bundledSpecPath, "utf8"));
    spec.paths["/v2/video/generations"].post.responses["200"].content[
      "application/json"
    ].examples.queued.value.status = "lost";
    const specPath = join(dir, "broken-example.json");
    writeFileSync(specPath, JSON.stringify(spec));

    const mock = await start({ specPath, lifecycle: false });
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
