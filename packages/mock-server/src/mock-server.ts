import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { DOCS_JSON_PATH, docsJsonAnswer, type MockState, statePage } from "./account.js";
import { apiError, jsonAnswer } from "./answers.js";
import { OUT_OF_CREDITS } from "./billing.js";
import {
  FAULT_HEADER,
  type Fault,
  FaultBook,
  type FaultRule,
  FaultSyntaxError,
  parseFaults,
  promptFaults,
  type RequestKind,
} from "./faults.js";
import {
  type Answer,
  forwarder,
  messageHeaders,
  parseJson,
  readAll,
  successJson,
  withJson,
} from "./forward.js";
import type { GenerationStore, Outcome } from "./generations.js";
import type { MediaCheck } from "./media-inputs.js";
import type { Router } from "./model-routes.js";
import {
  bearerKey,
  CLIENT_REQUEST_ID_HEADER,
  clientRequestId,
  INFERENCE_ID_HEADER,
  inferenceIdFor,
} from "./request-ids.js";
import { CREDITS_PER_USD } from "./request-log.js";
import { answerFile, refusal, VIDEO_PATH_PREFIX, type VideoUrls } from "./video-files.js";

const CREATE_PATH = "/v2/video/generations";
const RETRIEVE_PATHS = new Set(["/v2/video/generations", "/v2/generate/video/kling/generation"]);
/** Lists the generations created through the mock, for a test to check what was paid for. */
export const GENERATIONS_PATH = "/__mock/generations";
/** Lists every row of the request log, shown in `GET /v2/logs` yet or not, oldest first. */
export const REQUEST_LOG_PATH = "/__mock/request-log";
/** The balance and every entry of the ledger, newest first. */
export const BILLING_PATH = "/__mock/billing";
/** What every JSON answer of the API says it cost. */
export const USD_SPENT_HEADER = "x-aimlapi-usd-spent";
export const CREDITS_USED_HEADER = "x-aimlapi-credits-used";

/** A prompt containing this marker creates a generation that ends in `error`. */
export const ERROR_PROMPT_MARKER = "[mock:error]";
/** A create request with this header set to `error` makes a generation that ends in `error`. */
export const OUTCOME_HEADER = "x-mock-outcome";
/**
 * Sent with the create answer and each poll of a generation that is not final: the real
 * milliseconds until its status can change (0: the next poll may change it). A client may wait
 * that long before polling; the real API sends no such header.
 */
export const POLL_AFTER_HEADER = "x-mock-poll-after-ms";

export interface MockServerOptions {
  host: string;
  /** 0 lets the OS pick a free port. */
  port: number;
  prismUrl: string;
  /** Where Prism takes a request whose operation is split by model. */
  route: Router;
  /** The media check of a create body (media-inputs.ts). */
  media: (body: Record<string, unknown>) => Promise<MediaCheck>;
  /** Undefined: no lifecycle, every answer is Prism's example. */
  state: MockState | undefined;
  urls: VideoUrls;
  video: Buffer;
  log: ((line: string) => void) | undefined;
}

export interface ListeningMock {
  url: string;
  close(): Promise<void>;
}

/**
 * The server clients talk to. Prism behind it validates every API request and builds every answer
 * from the spec; this server adds what a stateless Prism cannot: generations that progress (by
 * picking the example with a `Prefer` header and giving each its own id), the video file behind
 * `video.url`, the account's side (request log, catalogue, balance and ledger), and injected
 * faults.
 */
export function listenMock(options: MockServerOptions): Promise<ListeningMock> {
  const { state, urls, video, log } = options;
  const store = state?.store;
  const prism = forwarder(options.prismUrl);
  const book = new FaultBook();
  const timers = new Set<NodeJS.Timeout>();
  // The mock's own origin, known once it listens; a request's Host header is preferred.
  let self = "";
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** The fault rules that act on this request, by where they came from. */
  const faultsFor = (
    req: IncomingMessage,
    kind: RequestKind,
    id: string | null,
    prompt: unknown,
  ) => {
    const sources: { key: string; rules: FaultRule[] }[] = [];
    const own = [
      headerText(req.headers[FAULT_HEADER]),
      kind === "create" ? promptFaults(prompt) : undefined,
    ];
    const held = id === null ? undefined : store?.faultsOf(id);
    if (held !== undefined && id !== null) {
      const later = parseFaults(held).filter((r) => r.on === "poll" || r.on === "video");
      sources.push({ key: `${id}\n${held}`, rules: later });
    }
    for (const text of own) {
      // A client that sends the same header on every request meets the generation's rules once.
      if (text !== undefined && text !== held)
        sources.push({ key: text, rules: parseFaults(text) });
    }
    const faults = book.select(sources, kind);
    if (faults.length > 0)
      log?.(`info [MOCK] ${req.method} ${req.url} faults: ${JSON.stringify(faults)}`);
    return { faults, createdWith: own.filter((t) => t !== undefined).join(", ") || undefined };
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL, kind: RequestKind) => {
    const arrivedAt = Date.now();
    const body = await readAll(req);
    const input = kind === "create" ? parseJson(body) : undefined;
    const id = kind === "poll" ? url.searchParams.get("generation_id") : null;
    const { faults, createdWith } = faultsFor(req, kind, id, input?.prompt);
    const final = await delayed(faults, wait);
    if (final?.kind === "reset" && final.afterBytes === 0) return cut(res);

    const headers = messageHeaders(req.headers);
    // What this poll sees of a generation the mock created.
    const seen = id === null ? undefined : store?.peek(id)?.status;
    if (final?.kind === "status") headers.prefer = `code=${final.status}`;
    else if (seen !== undefined) {
      // A Prefer header from the client wins, so any example or error can still be picked by hand.
      headers.prefer ??= `example=${seen}`;
    }
    const page =
      state && req.method === "GET"
        ? statePage(state, url, headerText(req.headers["if-none-match"]), originOf(req, self))
        : undefined;
    if (page) {
      // An injected status stands for the API's answer, rate limit included.
      const refused = final?.kind === "status" ? undefined : page.refusal?.();
      const checked = refused ?? (await prism.forward(req, headers, body, page.target));
      const answer = refused || !successJson(checked) ? checked : page.answer(checked);
      return deliver(
        res,
        withAccountHeaders(answer, req, inferenceIdFor(kind, undefined, id)),
        final,
      );
    }
    // Media the API would refuse; Prism checks the key and the schema first, on data URIs cut short.
    const media = kind === "create" && input ? await options.media(input) : undefined;
    const sent =
      media && media.forwarded !== input ? Buffer.from(JSON.stringify(media.forwarded)) : body;
    const routed = options.route(req.method ?? "GET", url.pathname, input);
    let answer = await prism.forward(req, headers, sent, routed && `${routed}${url.search}`);
    if (media?.refusal && successJson(answer)) answer = apiError(400, media.refusal, url.pathname);
    let json = successJson(answer);
    if (json && id !== null && store && !store.has(id) && req.headers.prefer === undefined) {
      // Prism checked the key and the query; the API knows no such generation (one this mock
      // never issued, or forgot). A Prefer header still picks an example by hand.
      answer = apiError(404, `Generation ${id} not found`, url.pathname);
      json = undefined;
    }
    const model = typeof input?.model === "string" ? input.model : "unknown-model";
    // The price of a create that made a generation: charged once it completes, shown in its row.
    let price: number | undefined;
    if (json && state && kind === "create" && typeof json.id === "string") {
      const asked = state.catalogue.priceOf(input ?? {});
      if (state.billing.canPay(asked)) {
        const generationId = state.store.create(model, outcomeOf(req, input), createdWith);
        state.billing.open(generationId, model, asked);
        json.id = generationId;
        price = asked;
      } else {
        // Nothing runs: no generation, and a failed row.
        answer = apiError(403, OUT_OF_CREDITS, url.pathname);
        json = undefined;
      }
    }
    const known = id !== null && store?.has(id) ? id : undefined;
    // What this answer cost: a completed generation's price, on every answer that shows it so.
    let spent = 0;
    if (json && state && known !== undefined) {
      state.store.recordPoll(known);
      json.id = known;
      if (seen === "completed" && json.status === "completed") {
        spent = state.billing.complete(known);
        json.meta = withUsage(json.meta, spent);
      }
    }
    if (json && store) {
      answer = withJson(answer, withVideoUrl(json, req, self, urls, store));
      const next = typeof json.id === "string" ? store?.peek(json.id)?.nextChangeInMs : undefined;
      if (next !== undefined) answer.headers[POLL_AFTER_HEADER] = String(next);
    }
    if (final?.kind === "status" && final.retryAfter !== undefined) {
      answer.headers["retry-after"] = final.retryAfter;
    }
    const answeredId = kind === "create" && typeof json?.id === "string" ? json.id : known;
    const inferenceId = inferenceIdFor(kind, answeredId, id);
    answer = withAccountHeaders(answer, req, inferenceId, spent);
    // A row for a create Prism handled and for a poll of a known generation. An unknown key (401)
    // belongs to no account; a row is written before a fault holds back or cuts the answer.
    const rowModel =
      kind === "create" ? model : known !== undefined ? store?.modelOf(known) : undefined;
    if (rowModel !== undefined && inferenceId !== undefined && answer.status !== 401) {
      state?.requestLog.record({
        arrivedAt,
        model: rowModel,
        succeeded: answer.status < 400,
        usd: price ?? 0,
        inferenceId,
        clientRequestId: clientRequestId(req.headers),
        key: bearerKey(req.headers),
      });
    }
    if (final?.kind === "timeout-after-create" && price !== undefined) {
      // The task exists, but its answer comes too late or never (the client gives up first).
      if (final.ms === undefined) return;
      await wait(final.ms);
    }
    deliver(res, answer, final);
  };

  const file = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const link = urls.check(url);
    if (!link.ok) return deliver(res, refusal(403, link.reason));
    const expiredWith = store?.urlRefusal(link.id, link.issue);
    if (expiredWith !== undefined) return deliver(res, refusal(expiredWith, "expired"));
    const { faults } = faultsFor(req, "video", link.id, undefined);
    const final = await delayed(faults, wait);
    if (final?.kind === "reset" && final.afterBytes === 0) return cut(res);
    if (final?.kind === "expired-url") {
      store?.expireUrls(link.id, final.status);
      return deliver(res, refusal(final.status, "expired"));
    }
    if (final?.kind === "status") {
      const headers: OutgoingHttpHeaders = { "content-type": "text/plain" };
      if (final.retryAfter !== undefined) headers["retry-after"] = final.retryAfter;
      const body = Buffer.from(`Injected fault: ${final.status}\n`);
      return deliver(res, { status: final.status, headers, body });
    }
    // For a HEAD request, Node sends the headers only.
    deliver(res, answerFile(req, video), final);
  };

  // The mock's own listings, for a test to check what happened.
  const listings = new Map<string, () => unknown>([
    [GENERATIONS_PATH, () => store?.list() ?? []],
    [REQUEST_LOG_PATH, () => state?.requestLog.list() ?? []],
    [BILLING_PATH, () => state?.billing.snapshot() ?? null],
  ]);

  const server = createServer((req, res) => {
    const url = new URL(`http://mock${req.url ?? "/"}`);
    const kind = requestKind(req.method, url.pathname);
    const listing = req.method === "GET" ? listings.get(url.pathname) : undefined;
    // Served by the API itself, not part of its spec: Prism is not asked.
    const docs = state && req.method === "GET" && url.pathname === DOCS_JSON_PATH;
    const handled =
      kind === "video"
        ? file(req, res, url)
        : listing
          ? Promise.resolve(deliver(res, jsonAnswer(200, listing())))
          : docs
            ? Promise.resolve(
                deliver(res, docsJsonAnswer(state, url, headerText(req.headers["if-none-match"]))),
              )
            : api(req, res, url, kind);
    handled.catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof FaultSyntaxError) {
        return deliver(
          res,
          jsonAnswer(
            400,
            { title: `Invalid ${FAULT_HEADER} header`, status: 400, detail: error.message },
            "application/problem+json",
          ),
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      deliver(res, {
        status: 502,
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: Buffer.from(`The mock could not reach Prism at ${options.prismUrl}: ${message}\n`),
      });
    });
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      const { address, family, port } = server.address() as AddressInfo;
      const host = family === "IPv6" ? `[${address}]` : address;
      self = `http://${host}:${port}`;
      resolve({
        url: self,
        close: () =>
          new Promise<void>((done) => {
            for (const timer of timers) clearTimeout(timer);
            server.close(() => done());
            // Keep-alive clients and held answers would otherwise keep the server open.
            server.closeAllConnections();
            prism.close();
          }),
      });
    });
  });
}

function requestKind(method: string | undefined, pathname: string): RequestKind {
  if ((method === "GET" || method === "HEAD") && pathname.startsWith(VIDEO_PATH_PREFIX)) {
    return "video";
  }
  if (method === "POST" && pathname === CREATE_PATH) return "create";
  if (method === "GET" && RETRIEVE_PATHS.has(pathname)) return "poll";
  return "other";
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

function outcomeOf(req: IncomingMessage, input: Record<string, unknown> | undefined): Outcome {
  const prompt = typeof input?.prompt === "string" ? input.prompt : "";
  return req.headers[OUTCOME_HEADER] === "error" || prompt.includes(ERROR_PROMPT_MARKER)
    ? "error"
    : "completed";
}

/** Waits out every `slow` fault, then returns the fault that decides the answer, if any. */
async function delayed(faults: Fault[], wait: (ms: number) => Promise<void>) {
  for (const fault of faults) if (fault.kind === "slow") await wait(fault.ms);
  return faults.find((fault) => fault.kind !== "slow");
}

/** The mock's origin as the client reached it (its Host header), else where it listens. */
function originOf(req: IncomingMessage, self: string): string {
  const host = req.headers.host;
  return host && /^[\w.:[\]-]+$/.test(host) ? `http://${host}` : self;
}

/** A video URL on the mock's own origin in place of the example's, for a generation with one. */
function withVideoUrl(
  json: Record<string, unknown>,
  req: IncomingMessage,
  self: string,
  urls: VideoUrls,
  store: GenerationStore,
): Record<string, unknown> {
  const video = json.video as { url?: unknown } | null | undefined;
  if (typeof video?.url !== "string" || typeof json.id !== "string") return json;
  const origin = originOf(req, self);
  const issue = store.issueUrl(json.id) ?? 0;
  return { ...json, video: { ...video, url: urls.sign(origin, { id: json.id, issue }) } };
}

/**
 * The answer with the request's inference id, the echo of a valid client request id and, on a
 * JSON answer, what it cost (`usd`), in place of the placeholders (`string`) Prism makes up for
 * the headers the spec declares.
 */
function withAccountHeaders(
  answer: Answer,
  req: IncomingMessage,
  inferenceId: string | undefined,
  usd = 0,
): Answer {
  const {
    [INFERENCE_ID_HEADER]: _inference,
    [CLIENT_REQUEST_ID_HEADER]: _echo,
    [USD_SPENT_HEADER]: _usd,
    [CREDITS_USED_HEADER]: _credits,
    ...headers
  } = answer.headers;
  if (inferenceId !== undefined) headers[INFERENCE_ID_HEADER] = inferenceId;
  const echo = clientRequestId(req.headers);
  if (echo !== undefined) headers[CLIENT_REQUEST_ID_HEADER] = echo;
  if (String(headers["content-type"] ?? "").includes("json")) {
    // A decimal string: 0.000001, never 1e-6 (prices are whole millionths of a dollar).
    headers[USD_SPENT_HEADER] = usd.toFixed(6).replace(/\.?0+$/, "");
    headers[CREDITS_USED_HEADER] = String(Math.round(usd * CREDITS_PER_USD));
  }
  return { ...answer, headers };
}

/** A completed generation's `meta` with what it cost in `usage` (kept: `tokens_used`, legacy). */
function withUsage(meta: unknown, usd: number): Record<string, unknown> {
  const held = typeof meta === "object" && meta !== null ? (meta as Record<string, unknown>) : {};
  const usage = typeof held.usage === "object" && held.usage !== null ? held.usage : {};
  return {
    ...held,
    usage: { ...usage, credits_used: Math.round(usd * CREDITS_PER_USD), usd_spent: usd },
  };
}

/** Connection reset: the client sees the socket die with no answer. */
function cut(res: ServerResponse): void {
  res.socket?.resetAndDestroy();
}

/** Sends the answer, or the part of it a `reset` or `stall` fault lets through. */
function deliver(res: ServerResponse, answer: Answer, fault?: Fault): void {
  res.writeHead(answer.status, { ...answer.headers, "content-length": answer.body.length });
  if (fault?.kind !== "reset" && fault?.kind !== "stall") {
    res.end(answer.body);
    return;
  }
  const part = answer.body.subarray(0, fault.afterBytes);
  // flushHeaders() alone for an empty part: a stalled answer still shows its status line.
  if (part.length === 0) res.flushHeaders();
  res.write(part, () => {
    if (fault.kind === "reset") cut(res);
    // A stall keeps the connection open with nothing more to come, until the client gives up.
  });
}
