import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { concat, type HttpAnswer, type HttpClient, withoutAnswerBytes } from "./http.js";
import { DEFAULT_LIMITS } from "./limiter.js";
import { checkNumber } from "./options.js";

export interface NodeHttpClientOptions {
  /**
   * Connections open to one host at once; requests past it wait for a free one. Default 64, the
   * default limiter's `maxConcurrent`: give the same number as your limiter's, so that the
   * sockets never outnumber the requests in flight.
   */
  maxSockets?: number | undefined;
  /** How long an idle connection stays open for the next request. Default 4 s (under most servers' keep-alive). */
  idleTimeoutMs?: number | undefined;
}

/**
 * Sends the SDK's requests with node:http and node:https on keep-alive agents, for services that
 * follow thousands of generations in one process: a poll allocates about half of what it does
 * through fetch (no web streams, no Request, Response or AbortSignal per call), and the agents
 * cap the sockets. Like every HttpClient it follows no redirect itself: the transport decides.
 */
export function nodeHttpClient(options: NodeHttpClientOptions = {}): HttpClient {
  checkNumber("maxSockets", options.maxSockets, { min: 1, max: 10_000, integer: true });
  checkNumber("idleTimeoutMs", options.idleTimeoutMs, { min: 1, max: 600_000, unit: "ms" });
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? DEFAULT_LIMITS.maxConcurrent,
    timeout: options.idleTimeoutMs ?? 4_000,
  };
  const agents = { "http:": new HttpAgent(agentOptions), "https:": new HttpsAgent(agentOptions) };

  return {
    send({ method, url, headers, body }) {
      let request: ClientRequest | undefined;
      let response: IncomingMessage | undefined;
      const answer = new Promise<HttpAnswer>((resolve, reject) => {
        const target = new URL(url);
        const protocol = target.protocol;
        if (protocol !== "http:" && protocol !== "https:") {
          throw new TypeError(
            `Invalid URL: nodeHttpClient sends http: and https: requests, received ${protocol}`,
          );
        }
        request = (protocol === "https:" ? httpsRequest : httpRequest)(
          target,
          { method, headers: plain(headers), agent: agents[protocol] },
          (incoming) => {
            response = incoming;
            try {
              resolve(answerOf(incoming));
            } catch (error) {
              incoming.destroy();
              reject(error);
            }
          },
        );
        // `on`, not `once`: a second error with no listener would crash the process.
        request.on("error", (error) => reject(withoutAnswerBytes(error)));
        request.end(
          body === undefined ? undefined : typeof body === "string" ? body : Buffer.from(body),
        );
      });
      // The caller keeps its own reason; a pending `answer` rejects with the socket's hang-up.
      const abort = () => {
        request?.destroy();
        response?.destroy();
      };
      return { answer, abort };
    },
  };
}

function plain(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

function answerOf(response: IncomingMessage): HttpAnswer {
  // Errors reach read()'s promise; before read() (or without it: an answer refused by its
  // declared length, a timeout) they must not go unheard, which would crash the process.
  response.on("error", () => undefined);
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? "",
    headers,
    // Events rather than an async iterator: a poll's body is one chunk, and the iterator's
    // promises and end-of-stream watchers were a tenth of a poll's garbage.
    read: (maxBytes) =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let total = 0;
        response.on("data", (chunk: Buffer) => {
          total += chunk.byteLength;
          if (total > maxBytes) {
            response.destroy();
            resolve(undefined);
          } else chunks.push(chunk);
        });
        response.once("end", () => resolve(concat(chunks, total)));
        response.on("error", (error) => reject(withoutAnswerBytes(error)));
        // Closed before its end (a reset, or abort()): "end" never comes.
        response.once("close", () => {
          if (!response.complete) reject(new Error("the connection closed before the end"));
        });
      }),
  };
}
