/**
 * How the SDK puts one request on the wire. The transport (timeouts, retries, the limiter, the
 * body's size bound) is the same whatever sends the bytes; this is only the sending. The default
 * is `fetch`; on Node, `nodeHttpClient()` from `@aimlapi-video/client/node` skips the web streams
 * and objects fetch builds for every request, which is most of a poll's memory.
 */
export interface HttpClient {
  /** Starts sending the request, never following a redirect: the transport decides which to follow. */
  send(request: HttpRequest): HttpExchange;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string | ArrayBuffer | undefined;
}

/**
 * A request under way. A plain `abort()` rather than an AbortSignal: in sampled heap profiles,
 * one signal per request was most of what a busy poller promoted to V8's old generation.
 */
export interface HttpExchange {
  /** Resolves once the answer's head is in. */
  answer: Promise<HttpAnswer>;
  /** Closes the connection, at any point (the body's reading included); `answer` rejects if still pending. */
  abort(reason?: unknown): void;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  /**
   * The whole body; `undefined` (and the connection closed) as soon as it passes `maxBytes`,
   * whether or not its length was declared. Rejects if the connection fails before its end.
   */
  read(maxBytes: number): Promise<Uint8Array | undefined>;
}

/** An HttpClient on a `fetch` function: the default, and what works on every runtime. */
export function fetchHttpClient(fetchFn: typeof fetch): HttpClient {
  return {
    send({ method, url, headers, body }) {
      const controller = new AbortController();
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      // A plain URL and init, never a copied Request: undici follows a copied Request's signal
      // only through a weak reference, which a garbage collection breaks (nodejs/undici#4068).
      const answer = fetchFn(url, {
        method,
        headers,
        body,
        signal: controller.signal,
        // The transport decides (nextHop): fetch would re-send a create, and follow another origin.
        redirect: "manual",
      }).then((response): HttpAnswer => {
        reader = response.body?.getReader();
        return {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          read: (maxBytes) => readChunks(reader, maxBytes, abort).catch(rethrowWithoutAnswer),
        };
      }, rethrowWithoutAnswer);
      const abort = (reason?: unknown) => {
        controller.abort(reason);
        // undici may follow the signal only weakly once the head is in: cancelling the body we
        // hold surely closes the socket.
        reader?.cancel().catch(() => {});
      };
      return { answer, abort };
    },
  };
}

async function readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  maxBytes: number,
  abort: () => void,
): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      abort();
      return undefined;
    }
    chunks.push(chunk.value);
  }
  return concat(chunks, total);
}

/**
 * The error without the bytes of the answer it failed on: node:http's parse errors keep the
 * packet as `rawPacket`, undici's the rest of it as `data`. They hold whatever the server sent (a
 * key it echoed, cut where the parser stopped, so that no redaction would recognise it) and
 * nothing a caller needs: the code and reason say what was wrong.
 */
export function withoutAnswerBytes<E>(error: E): E {
  for (
    let e: unknown = error, depth = 0;
    e && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if (typeof e !== "object") break;
    const fields = e as Record<string, unknown>;
    if ("rawPacket" in fields) delete fields.rawPacket;
    if (typeof fields.code === "string" && fields.code.startsWith("HPE_")) delete fields.data;
  }
  return error;
}

const rethrowWithoutAnswer = (error: unknown): never => {
  throw withoutAnswerBytes(error);
};

/** The chunks as one array (the first itself when there is one: the usual case). */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
