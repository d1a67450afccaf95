import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canListen, portOf } from "./support.js";
import { baseUrlOf, CLI, packageDir, runCli } from "./support-process.js";

const HOST = "127.0.0.1";
const STACK_LINE = /^\s+at /m;

const KLING = "kling-video/v1/standard/text-to-video";
const VEO = "google/veo-3.1-t2v";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mock-cli-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the aimlapi-video-mock bin", () => {
  // Run from its TypeScript source here; test/consumer.test.ts runs the built bin as installed,
  // and checks its process tree.
  it("prints AIMLAPI_BASE_URL, and on SIGINT stops and exits 0", async () => {
    const cli = spawn(process.execPath, [...CLI, "--port", "0", "--quiet"], { cwd: packageDir });
    const exited = new Promise<number | null>((resolve) => cli.once("exit", resolve));
    try {
      const url = await baseUrlOf(cli);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const answer = await fetch(`${url}/v2/video/generations?generation_id=x`, {
        headers: { authorization: "Bearer k" },
      });
      expect(answer.status).toBe(404); // served: an id it never issued
      cli.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(await canListen(HOST, portOf(url))).toBe(true);
    } finally {
      cli.kill("SIGKILL");
    }
  });

  it("passes --logs-limit and --logs-delay to the request log", async () => {
    const args = ["--port", "0", "--quiet", "--logs-limit", "1", "--logs-delay", "60000"];
    const cli = spawn(process.execPath, [...CLI, ...args], { cwd: packageDir });
    try {
      const url = await baseUrlOf(cli);
      const headers = { authorization: "Bearer k", "content-type": "application/json" };
      await fetch(`${url}/v2/video/generations`, {
        method: "POST",
        headers,
        body: JSON.stringify({ model: "kling-video/v1/standard/text-to-video", prompt: "A fox" }),
      });
      const first = await fetch(`${url}/v2/logs`, { headers });
      // Recorded, but not shown for another minute.
      expect(await first.json()).toMatchObject({ data: [], pagination: { total: 0 } });
      expect((await fetch(`${url}/v2/logs`, { headers })).status).toBe(429);
      expect(await (await fetch(`${url}/__mock/request-log`)).json()).toHaveLength(1);
    } finally {
      cli.kill("SIGKILL");
    }
  });

  it("passes --balance and --prices to the balance and the catalogue", async () => {
    const prices = path.join(dir, "prices.json");
    await writeFile(prices, JSON.stringify({ [KLING]: 0.42 }));
    const args = ["--port", "0", "--quiet", "--balance", "3.5", "--prices", prices];
    const cli = spawn(process.execPath, [...CLI, ...args], { cwd: packageDir });
    try {
      const url = await baseUrlOf(cli);
      const headers = { authorization: "Bearer k" };
      const balance = await fetch(`${url}/v2/billing`, { headers });
      expect(await balance.json()).toEqual({ current_balance: 3.5, currency: "USD" });
      const model = await (await fetch(`${url}/model/${KLING}?include=pricing`)).json();
      expect(model.data.pricing).toEqual({
        kind: "fixed",
        units: [{ name: "generation", measure: "video", price: 0.42, per: 1 }],
      });
    } finally {
      cli.kill("SIGKILL");
    }
  });

  it.each([
    ["not JSON", "{", "expected a JSON file of prices by model id; "],
    ["a list", "[1]", "expected a JSON object of prices by model id; received [1]"],
    ["an unknown model", '{"kling/v9": 1}', "which it does not have"],
    ["a price that is none", `{"${KLING}": -1}`, `prices["${KLING}"] must be a number at least 0`],
  ])("refuses a --prices file holding %s, naming the option, exit 2", async (_, text, message) => {
    const file = path.join(dir, "bad-prices.json");
    await writeFile(file, text);
    const { code, stderr } = await runCli(["--prices", file]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain(`--prices ${file}`);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it("passes --catalogue to the catalogue: a model removed, one renamed", async () => {
    const file = path.join(dir, "catalogue.json");
    await writeFile(
      file,
      JSON.stringify({ remove: [KLING], rename: { [VEO]: "google/veo-next" } }),
    );
    const cli = spawn(process.execPath, [...CLI, "--port", "0", "--quiet", "--catalogue", file], {
      cwd: packageDir,
    });
    try {
      const url = await baseUrlOf(cli);
      const list = await (await fetch(`${url}/v1/models`)).json();
      const ids = list.data.map((model: { id: string }) => model.id);
      expect(ids).not.toContain(KLING);
      expect(ids).toContain("google/veo-next");
      const docs = await fetch(`${url}/docs-json?model=google/veo-next`);
      expect(docs.status).toBe(200);
    } finally {
      cli.kill("SIGKILL");
    }
  });

  it.each([
    ["a list", "[1]", "expected {"],
    ["an unknown model", '{"remove": ["kling/v9"]}', 'received "kling/v9"'],
  ])(
    "refuses a --catalogue file holding %s, naming the option, exit 2",
    async (_, text, message) => {
      const file = path.join(dir, "bad-catalogue.json");
      await writeFile(file, text);
      const { code, stderr } = await runCli(["--port", "0", "--catalogue", file]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr).toContain(`--catalogue ${file}`);
      expect(stderr).not.toMatch(STACK_LINE);
    },
  );

  it("answers an unknown option with the usage and exit 2, not a stack trace", async () => {
    const { code, stderr, stdout } = await runCli(["--nope"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^aimlapi-video-mock: Unknown option '--nope'/);
    expect(stderr).toContain("Usage: aimlapi-video-mock [options]");
    expect(stderr).not.toMatch(STACK_LINE);
    expect(stdout).toEqual([]);
  });

  it.each([
    [["--port", "http"], '--port expects a port number from 0 to 65535; received "http"'],
    [["--time-scale", "0"], '--time-scale expects a number above 0; received "0"'],
    [["--polls-per-step", "1.5"], "--polls-per-step expects a whole number of at least 1"],
    [["--no-lifecycle", "--time-scale", "60"], "--no-lifecycle cannot be combined"],
    [
      ["--logs-delay=-1"],
      '--logs-delay expects a number of milliseconds of at least 0; received "-1"',
    ],
    [["--logs-limit", "0"], '--logs-limit expects a whole number of at least 1; received "0"'],
    [
      ["--no-lifecycle", "--logs-delay", "5", "--logs-limit", "5"],
      "--no-lifecycle cannot be combined with --logs-delay or --logs-limit",
    ],
    [["--port"], "Option '--port <value>' argument missing"],
    [["--balance=-1"], '--balance expects a number of USD of at least 0; received "-1"'],
    [["--balance", "lots"], '--balance expects a number of USD of at least 0; received "lots"'],
    [
      ["--prices", "/no/such/prices.json"],
      "--prices /no/such/prices.json: expected a JSON file of prices by model id; ENOENT",
    ],
    [["--no-lifecycle", "--balance", "5"], "--no-lifecycle cannot be combined with --balance"],
  ])("refuses %j with a message naming the option, exit 2", async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it("tells how to fix a busy port, and exits 1", async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, HOST, resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const { code, stderr } = await runCli(["--port", String(port), "--quiet"]);
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${port} on ${HOST} is already in use`);
      expect(stderr).toMatch(/--port 4011, or --port 0 for any free one/);
      expect(stderr).not.toMatch(STACK_LINE);
    } finally {
      squatter.close();
    }
  });

  it("prints the usage for --help, exit 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout.join("\n")).toContain("--time-scale <n>");
  });
});
