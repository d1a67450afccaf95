// nodeHttpClient on a real loopback server: the sockets it opens, what it sends and what it hands
// back. Its behaviour under faults is covered with fetch's by test/hostile.test.ts and
// test/properties.test.ts, which run over both.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createVideoClient } from "./client.js";
import { UnexpectedResponseError } from "./errors.js";
import { fetchHttpClient } from "./http.js";
import { nodeHttpClient } from "./node-http.js";

const GENERATION = { id: "gen-1", status: "generating", video: null };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A server that answers each request with `answer` after `delayMs`, and counts its connections. */
async function serve(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_, res) => json(res, GENERATION),
  delayMs = 0,
) {
  let open = 0;
  const stats = { connections: 0, maxOpen: 0, requests: [] as IncomingMessage[] };
  const server = createServer((req, res) => {
    stats.requests.push(req);
    req.resume();
    req.on("end", () => setTimeout(() => answer(req, res), delayMs));
  });
  server.on("connection", (socket) => {
    stats.connections += 1;
    open += 1;
    stats.maxOpen = Math.max(stats.maxOpen, open);
    socket.on("close", () => {
      open -= 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stats };
}

function json(res: ServerResponse, body: unknown, status = 200) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": text.length });
  res.end(text);
}

const client = (url: string, http = nodeHttpClient(), extra = {}) =>
  createVideoClient({ apiKey: "test-key", baseUrl: url, http, ...extra });

describe("nodeHttpClient", () => {
  it("never opens more sockets than maxSockets, whatever the limiter lets through", async () => {
    const { url, stats } = await serve(undefined, 30);
    const c = client(url, nodeHttpClient({ maxSockets: 3 }), { limiter: { maxConcurrent: 20 } });
    const results = await Promise.all(Array.from({ length: 20 }, () => c.getGeneration("gen-1")));
    expect(results.map((g) => g.id)).toEqual(Array(20).fill("gen-1"));
    expect(stats.maxOpen).toBe(3);
  });

  it("keeps connections alive between requests", async () => {
    const { url, stats } = await serve();
    const c = client(url);
    for (let i = 0; i < 10; i++) await c.getGeneration("gen-1");
    expect(stats.requests).toHaveLength(10);
    expect(stats.connections).toBe(1);
  });

  it("sends the method, path, headers and body the client built", async () => {
    const { url, stats } = await serve((_, res) => json(res, { id: "gen-9", status: "queued" }));
    const c = client(url, nodeHttpClient(), { headers: { "x-team": "video" } });
    const prompt = "a fox";
    const created = await c.createGeneration(
      { model: "kling-video/v1/standard/text-to-video", prompt },
      { validate: false },
    );
    const [req] = stats.requests as [IncomingMessage];
    expect(created.id).toBe("gen-9");
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/v2/video/generations");
    expect(req.headers.authorization).toBe("Bearer test-key");
    expect(req.headers["x-team"]).toBe("video");
    expect(req.headers["content-type"]).toBe("application/json");
    const body = JSON.stringify({ model: "kling-video/v1/standard/text-to-video", prompt });
    expect(Number(req.headers["content-length"])).toBe(Buffer.byteLength(body));
  });

  it("gives raw calls a real Response", async () => {
    const { url } = await serve();
    const { data, response } = await client(url).raw.GET("/v2/video/generations", {
      params: { query: { generation_id: "gen-1" } },
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(data).toMatchObject(GENERATION);
  });

  it("follows no redirect itself, as fetchHttpClient: the transport decides (test/redirects.test.ts)", async () => {
    const { url, stats } = await serve((_, res) => {
      res.writeHead(302, { location: "/elsewhere", "content-length": 0 });
      res.end();
    });
    for (const http of [nodeHttpClient(), fetchHttpClient(fetch)]) {
      const answer = await http.send({
        method: "GET",
        url,
        headers: new Headers(),
        body: undefined,
      }).answer;
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toBe("/elsewhere");
    }
    expect(stats.requests.map((r) => r.url)).toEqual(["/", "/"]);
  });

  it("refuses an answer past maxResponseBytes without a declared length", async () => {
    const { url } = await serve((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"id":"gen-1","pad":"${"x".repeat(4096)}"}`);
    });
    const error = await client(url, nodeHttpClient(), { maxResponseBytes: 1024 })
      .getGeneration("gen-1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(String(error)).toContain("larger than 1024 bytes");
  });

  it("rejects a URL that is neither http: nor https:", async () => {
    const exchange = nodeHttpClient().send({
      method: "GET",
      url: "ftp://127.0.0.1/file",
      headers: new Headers(),
      body: undefined,
    });
    await expect(exchange.answer).rejects.toThrow(
      "Invalid URL: nodeHttpClient sends http: and https: requests, received ftp:",
    );
  });

  it("names the option, what it expects and what it received", () => {
    expect(() => nodeHttpClient({ maxSockets: 0 })).toThrow(
      "Invalid maxSockets: expected a whole number from 1 to 10000, received 0.",
    );
    expect(() => nodeHttpClient({ idleTimeoutMs: Number.NaN })).toThrow(
      "Invalid idleTimeoutMs: expected a number from 1 to 600000 ms, received NaN.",
    );
  });
});

describe("choosing how the client sends", () => {
  it("takes fetch or http, not both", () => {
    expect(() =>
      createVideoClient({ apiKey: "k", fetch: globalThis.fetch, http: nodeHttpClient() }),
    ).toThrow("Invalid options: pass fetch or http, not both");
  });

  it("names what it received when http is not an HttpClient", () => {
    expect(() => createVideoClient({ apiKey: "k", http: {} as never })).toThrow(
      "Invalid http: expected an HttpClient such as nodeHttpClient(), received an object without send().",
    );
    expect(() => createVideoClient({ apiKey: "k", http: "node" as never })).toThrow(
      "received string",
    );
  });
});
