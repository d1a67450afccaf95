import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { GenerationStore, Outcome } from "./generations.js";

const CREATE_PATH = "/v2/video/generations";
const RETRIEVE_PATHS = new Set(["/v2/video/generations", "/v2/generate/video/kling/generation"]);

/** A prompt containing this marker creates a generation that ends in `error`. */
export const ERROR_PROMPT_MARKER = "[mock:error]";
/** A create request with this header set to `error` makes a generation that ends in `error`. */
export const OUTCOME_HEADER = "x-mock-outcome";

// They describe one connection, not the message, so each hop sets its own; content-length is
// recomputed because the proxy may rewrite the body.
const CONNECTION_HEADERS = new Set([
  "connection",
  "content-length",
  "host",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface LifecycleProxy {
  url: string;
  close(): Promise<void>;
}

export interface LifecycleProxyOptions {
  host: string;
  /** 0 lets the OS pick a free port. */
  port: number;
  prismUrl: string;
  store: GenerationStore;
}

/**
 * A proxy in front of Prism that makes generations progress. Prism still validates every request
 * and builds every response from the spec; the proxy only picks which example Prism answers with
 * (by a `Prefer` header) and swaps the example's id for the generation's own.
 */
export function listenLifecycleProxy(options: LifecycleProxyOptions): Promise<LifecycleProxy> {
  const agent = new Agent({ keepAlive: true });
  const prism = new URL(options.prismUrl);
  const forward = (req: IncomingMessage, headers: OutgoingHttpHeaders, body: Buffer) =>
    new Promise<Upstream>((resolve, reject) => {
      const outgoing = request(
        // Concatenated, not resolved: a request target like `//host/x` must not leave loopback.
        new URL(`${prism.origin}${req.url ?? "/"}`),
        { method: req.method, headers, agent },
        (res) => {
          readAll(res).then(
            (resBody) =>
              resolve({ status: res.statusCode ?? 502, headers: res.headers, body: resBody }),
            reject,
          );
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req);
    const headers = messageHeaders(req.headers);
    if (body.length > 0) headers["content-length"] = body.length;
    const { pathname, searchParams } = new URL(`http://mock${req.url ?? "/"}`);

    if (req.method === "POST" && pathname === CREATE_PATH) {
      const upstream = await forward(req, headers, body);
      const created = successJson(upstream);
      if (typeof created?.id !== "string") return send(res, upstream);
      const input = parseJson(body);
      const model = typeof input?.model === "string" ? input.model : "unknown-model";
      created.id = options.store.create(model, outcomeOf(req, input));
      return send(res, upstream, created);
    }

    const id =
      req.method === "GET" && RETRIEVE_PATHS.has(pathname)
        ? searchParams.get("generation_id")
        : null;
    const status = id === null ? undefined : options.store.peek(id);
    if (id === null || status === undefined) return send(res, await forward(req, headers, body));
    // A Prefer header from the client wins, so any example or error can still be picked by hand.
    headers.prefer ??= `example=${status}`;
    const upstream = await forward(req, headers, body);
    const generation = successJson(upstream);
    if (!generation) return send(res, upstream);
    options.store.recordPoll(id);
    generation.id = id;
    return send(res, upstream, generation);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      res.end(
        `The mock's lifecycle proxy could not reach Prism at ${options.prismUrl}: ${message}\n`,
      );
    });
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      const { address, family, port } = server.address() as AddressInfo;
      const host = family === "IPv6" ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive clients would otherwise hold the server open until they time out.
            server.closeAllConnections();
            agent.destroy();
          }),
      });
    });
  });
}

function outcomeOf(req: IncomingMessage, input: Record<string, unknown> | undefined): Outcome {
  const prompt = typeof input?.prompt === "string" ? input.prompt : "";
  return req.headers[OUTCOME_HEADER] === "error" || prompt.includes(ERROR_PROMPT_MARKER)
    ? "error"
    : "completed";
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function messageHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const copy: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !CONNECTION_HEADERS.has(name)) copy[name] = value;
  }
  return copy;
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON object of a 2xx answer; errors and Prism's own problem documents pass untouched. */
function successJson(upstream: Upstream): Record<string, unknown> | undefined {
  const isJson = String(upstream.headers["content-type"] ?? "").includes("json");
  return upstream.status >= 200 && upstream.status < 300 && isJson
    ? parseJson(upstream.body)
    : undefined;
}

function send(res: ServerResponse, upstream: Upstream, json?: Record<string, unknown>): void {
  const body = json === undefined ? upstream.body : Buffer.from(JSON.stringify(json));
  const headers = messageHeaders(upstream.headers);
  headers["content-length"] = body.length;
  res.writeHead(upstream.status, headers).end(body);
}
