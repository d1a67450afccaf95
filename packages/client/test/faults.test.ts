// Fault tests over real HTTP on loopback: what the create and retrieve calls do when the network
// or the server misbehaves. Backoff jitter is pinned to 0 so retries happen at once.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  APIConnectionError,
  createVideoClient,
  InternalServerError,
  RequestTimeoutError,
} from "../src/index.js";
import { API_KEY, BODY } from "./fake-fetch.js";
import { HTTP_CLIENT_NAMES, HTTP_CLIENTS } from "./http-clients.js";

type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void;
let server: Server | undefined;
let received: { method: string; url: string; body: string }[];

async function serve(handler: Handler): Promise<string> {
  received = [];
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", body });
      handler(req, res, received.length);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const baseClient = (baseUrl: string, extra = {}) =>
  createVideoClient({ apiKey: API_KEY, baseUrl, maxRetries: 2, ...extra });

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(async () => {
  vi.restoreAllMocks();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe.each(HTTP_CLIENT_NAMES)("over %s", (over) => {
  const transport = HTTP_CLIENTS[over] as () => object;
  const client = (url: string, extra: object = {}) => baseClient(url, { ...transport(), ...extra });

  describe("create over real HTTP", () => {
    it("retries a refused connection: nothing reached a server", async () => {
      const url = await serve(() => {});
      await new Promise((resolve) => server?.close(resolve)); // the port is now closed
      const retries: unknown[] = [];
      const error = await client(url, { onRetry: (e: unknown) => retries.push(e) })
        .createGeneration(BODY)
        .catch((e) => e);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error.message).toContain("ECONNREFUSED");
      expect(error.mayHaveCreatedTask).toBe(false);
      expect(retries).toHaveLength(2);
    });

    it("does not retry when the connection drops after the body was sent", async () => {
      const url = await serve((req) => req.socket.destroy());
      const error = await client(url)
        .createGeneration(BODY)
        .catch((e) => e);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error.mayHaveCreatedTask).toBe(true);
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0]?.body ?? "")).toEqual(BODY);
    });

    it("does not retry when the server takes the body and never answers", async () => {
      const url = await serve(() => {});
      const error = await client(url, { timeoutMs: 300 })
        .createGeneration(BODY)
        .catch((e) => e);
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error.mayHaveCreatedTask).toBe(true);
      expect(received).toHaveLength(1);
    });

    it("does not retry a 503 HTML page from a proxy", async () => {
      const url = await serve((_, res) => {
        res.writeHead(503, { "content-type": "text/html" }).end("<h1>Service Unavailable</h1>");
      });
      const error = await client(url)
        .createGeneration(BODY)
        .catch((e) => e);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error.message).toContain("text/html");
      expect(error.mayHaveCreatedTask).toBe(true);
      expect(received).toHaveLength(1);
    });

    it("retries a 429: the server refused the task", async () => {
      const url = await serve((_, res, n) => {
        if (n === 1)
          res.writeHead(429, { "retry-after": "0" }).end('{"message":"Too Many Requests"}');
        else
          res
            .writeHead(200, { "content-type": "application/json" })
            .end('{"id":"g1","status":"queued"}');
      });
      await expect(client(url).createGeneration(BODY)).resolves.toMatchObject({
        id: "g1",
        status: "queued",
      });
      expect(received).toHaveLength(2);
    });
  });

  describe("retrieve over real HTTP", () => {
    it("retries 5xx and dropped connections until it gets the generation", async () => {
      const url = await serve((req, res, n) => {
        if (n === 1) return req.socket.destroy();
        if (n === 2) return res.writeHead(502).end();
        res
          .writeHead(200, { "content-type": "application/json" })
          .end('{"id":"g1","status":"generating"}');
      });
      await expect(client(url).getGeneration("g1")).resolves.toEqual({
        id: "g1",
        status: "generating",
      });
      expect(received.map((r) => r.url)).toEqual(
        Array(3).fill("/v2/video/generations?generation_id=g1"),
      );
    });
  });
});
