import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
} from "node:http";

// They describe one connection, not the message, so each hop sets its own; content-length is
// recomputed because the mock may rewrite the body.
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

export interface Answer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

export interface Forwarder {
  /** Sends the request on to Prism, at `target` (path and query) if given, and reads its answer. */
  forward(
    req: IncomingMessage,
    headers: OutgoingHttpHeaders,
    body: Buffer,
    target?: string,
  ): Promise<Answer>;
  close(): void;
}

export function forwarder(prismUrl: string): Forwarder {
  const agent = new Agent({ keepAlive: true });
  const { origin } = new URL(prismUrl);
  return {
    forward: (req, headers, body, target = req.url ?? "/") =>
      new Promise((resolve, reject) => {
        const outgoing = request(
          // Concatenated, not resolved: a request target like `//host/x` must not leave loopback.
          new URL(`${origin}${target}`),
          { method: req.method, headers: { ...headers, "content-length": body.length }, agent },
          (res) => {
            readAll(res).then(
              (answer) =>
                resolve({
                  status: res.statusCode ?? 502,
                  headers: messageHeaders(res.headers),
                  body: answer,
                }),
              reject,
            );
          },
        );
        outgoing.on("error", reject);
        outgoing.end(body);
      }),
    close: () => agent.destroy(),
  };
}

export async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The headers of a message without those of its connection. */
export function messageHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const copy: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !CONNECTION_HEADERS.has(name)) copy[name] = value;
  }
  return copy;
}

export function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON object of a 2xx answer; errors and Prism's own problem documents stay untouched. */
export function successJson(answer: Answer): Record<string, unknown> | undefined {
  const isJson = String(answer.headers["content-type"] ?? "").includes("json");
  return answer.status >= 200 && answer.status < 300 && isJson ? parseJson(answer.body) : undefined;
}

/** The answer with `json` as its body. */
export function withJson(answer: Answer, json: object): Answer {
  return { ...answer, body: Buffer.from(JSON.stringify(json)) };
}
