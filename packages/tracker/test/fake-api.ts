/**
 * A fake AIML API on loopback for the tracker's tests and bench: creates generations that finish
 * after a set time, and counts what a billing or rate-limit check needs: creates per prompt, GETs
 * over time, GETs of one generation in flight at once, open sockets. It can answer 429 to every
 * GET (a storm) and fail creates in the ways that matter (ambiguous or certain). Like the API, it
 * lists every create in `GET /v2/logs` under its client request id, after a delay of its choosing.
 * It prices creates at its model catalogue (`GET /v1/models`), reports what a completed generation
 * cost in `meta.usage`, and charges it in its ledger (`GET /v2/billing/transactions`) when a GET
 * first sees it completed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type CatalogModel, ModelCatalogue, type Transaction } from "@aimlapi-video/client";
import { getModel } from "@aimlapi-video/client/models";

/** A create body for the fake API: its prompt says how the fake answers (see the options). */
export const body = (prompt: string) => ({
  model: "kling-video/v1/standard/text-to-video" as const,
  prompt,
  duration: 5 as const,
});

/** Bodies for the catalogue's other models (`FAKE_CATALOGUE`): one priced by variants, one not before. */
export const seedance = (
  prompt: string,
  duration: 5 | 10,
  resolution?: "480p" | "720p" | "1080p",
) => ({
  model: "bytedance/seedance-1-0-lite-t2v" as const,
  prompt,
  duration,
  ...(resolution && { resolution }),
});
export const wan = (prompt: string) => ({ model: "alibaba/wan2.1-t2v-turbo" as const, prompt });

/** A poll schedule for generations that take a few hundred milliseconds on the fake API. */
export const FAST = { firstDelayMs: 100, intervalMs: 100, backoff: 1, maxIntervalMs: 100 };

/** A create body as the fake reads it. */
export interface FakeBody {
  model?: string;
  prompt?: string;
  duration?: number;
  resolution?: string;
}

/** Models of each pricing kind: `body()`'s model at $0.1 a second ($0.5 for its 5 s). */
export const FAKE_CATALOGUE: CatalogModel[] = [
  {
    id: "kling-video/v1/standard/text-to-video",
    type: "internal/video-generations/submit",
    pricing: { kind: "fixed", units: [{ name: "output", measure: "second", price: 0.1, per: 1 }] },
  },
  {
    // Its default resolution (1080p) applies when a body names none.
    id: "bytedance/seedance-1-0-lite-t2v",
    type: "internal/video-generations/submit",
    pricing: {
      kind: "variants",
      dimensions: ["resolution"],
      variants: [
        { when: { resolution: "480p" }, price: 0.02, unit: "second", per: 1 },
        { when: { resolution: "720p" }, price: 0.04, unit: "second", per: 1 },
        { when: { resolution: "1080p" }, price: 1, unit: "second", per: 10 },
      ],
    },
  },
  {
    id: "alibaba/wan2.1-t2v-turbo",
    type: "internal/video-generations/submit",
    pricing: { kind: "variable", description: "By the output's length." },
  },
];

/** What the fake charges for a create it cannot price at its catalogue. */
export const UNPRICED_USD = 0.5;

export interface FakeApiOptions {
  /** How long a generation takes, by its create body. Default 2 s. */
  durationMs?: (body: FakeBody) => number;
  /**
   * How a create answers: created; a 500 after creating (ambiguous); a 400, a 403 "out of
   * credits" or a 403 "denied" (the key may not; nothing created); never (the task is created,
   * the answer never comes); or drop (the connection is cut before anything is created).
   */
  createAnswer?: (body: {
    prompt?: string;
  }) => "created" | "500" | "400" | "403" | "403-denied" | "never" | "drop";
  /** How long a create takes to answer (the task exists from its arrival). Default 0. */
  createDelayMs?: (body: { prompt?: string }) => number;
  /** Generations whose create body this matches end in status `error` instead of a video. */
  failWhen?: (body: { prompt?: string }) => boolean;
  /** GETs of generations whose create body this matches are answered 500. */
  brokenWhen?: (body: { prompt?: string }) => boolean;
  /** Added to every GET's answer time, so that overlapping polls of one generation show. */
  getLatencyMs?: number;
  /** The model catalogue `GET /v1/models` serves at first. Default `FAKE_CATALOGUE`. */
  catalogue?: CatalogModel[];
  /**
   * What a completed generation says it cost in `meta.usage`, from its create body and its price
   * at the catalogue when it was created. Default the price; null: no `meta.usage`.
   */
  usageUsd?: (body: FakeBody, priceUsd: number) => number | null;
  /** What its ledger charge says. Default the price; null: it is never charged. */
  chargeUsd?: (body: FakeBody, priceUsd: number) => number | null;
}

export interface FakeApiStats {
  /** Tasks created, by prompt. */
  creates: Map<string, number>;
  /** Creates received, by prompt, whatever became of them (each one a POST that reached us). */
  attempts: Map<string, number>;
  /**
   * Every task created (paid for), in order: its prompt, id and the client request id sent, its
   * price at the catalogue, and whether it fails (a failed generation is never charged).
   */
  paid: Array<{
    prompt: string;
    id: string;
    clientRequestId: string | null;
    usd: number;
    fails: boolean;
  }>;
  /** The account's ledger, oldest first: a top-up, then a charge per completed generation. */
  ledger: Transaction[];
  /** Every `GET /v2/logs` answered, and the most answered at once. */
  logReads: number;
  maxLogReadsOpen: number;
  /** Creates refused with 403 (nothing created). */
  refused: number;
  /** When each GET arrived (ms since the server started), and which worker sent it. */
  gets: Array<{ at: number; id: string; worker: string; status: number }>;
  /** GETs that arrived while another GET of the same generation was in flight. */
  overlaps: number;
  /** The generations each worker has a GET in flight for, now. */
  inFlightByWorker: Map<string, Set<string>>;
  connectionsOpen: number;
  maxConnections: number;
  /** For each generation, how long after it finished the first GET saw it finished. */
  detectionLags: number[];
  /** Requests being answered at once, and the most seen. */
  requestsOpen: number;
  maxRequests: number;
}

export interface FakeApi {
  url: string;
  /** The epoch time that `stats.gets[].at` counts from. */
  startedAt: number;
  stats: FakeApiStats;
  /** While on, every GET is answered 429 with `Retry-After: 1`. */
  storm(on: boolean): void;
  /**
   * How `GET /v2/logs` behaves from now on: rows appear `delayMs` after their request (default
   * 0), each read takes `latencyMs` (default 0), and `status` answers every read with that error.
   */
  logs(settings: { delayMs?: number; latencyMs?: number; status?: number | undefined }): void;
  /** What `GET /v1/models` serves from now on: these models, or `status` as an error. */
  catalogue(settings: { models?: CatalogModel[]; status?: number | undefined }): void;
  /** A charge made behind the tracker's back (now, or at `at`), for `id`. */
  charge(entry: { id: string; usd: number; model?: string; at?: number }): void;
  /** The most entries a ledger page holds, whatever `limit` asks (default 100). */
  ledgerPageSize(size: number): void;
  close(): Promise<void>;
}

interface Task {
  model: string;
  finishesAt: number;
  fails: boolean;
  broken: boolean;
  inFlight: number;
  detected?: boolean;
  usageUsd: number | null;
  chargeUsd: number | null;
}

/** Credits per USD, as the API's log rows show them (0.5 USD = 1,000,000 credits). */
const credits = (usd: number) => Math.round(usd * 2_000_000);

export async function startFakeApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const durationMs = options.durationMs ?? (() => 2_000);
  const createAnswer = options.createAnswer ?? (() => "created");
  const started = Date.now();
  const tasks = new Map<string, Task>();
  const stats: FakeApiStats = {
    creates: new Map(),
    attempts: new Map(),
    paid: [],
    ledger: [
      {
        created_at: new Date(started).toISOString(),
        direction: "TOPUP",
        type: "PAYMENT",
        amount: { usd: 100, credits: credits(100) },
        model: null,
        reference_id: null,
      },
    ],
    refused: 0,
    logReads: 0,
    maxLogReadsOpen: 0,
    gets: [],
    overlaps: 0,
    inFlightByWorker: new Map(),
    connectionsOpen: 0,
    maxConnections: 0,
    requestsOpen: 0,
    maxRequests: 0,
    detectionLags: [],
  };
  let storming = false;
  let nextId = 0;
  let logs: { delayMs: number; latencyMs?: number; status?: number | undefined } = {
    delayMs: 0,
  };
  let logReadsOpen = 0;
  let catalogue: { models: CatalogModel[]; status?: number | undefined } = {
    models: options.catalogue ?? FAKE_CATALOGUE,
  };
  let pageSize = 100;
  const defaultsOf = (id: string) =>
    Object.fromEntries(
      (getModel(id)?.parameters ?? [])
        .filter((parameter) => parameter.default !== undefined)
        .map((parameter) => [parameter.name, parameter.default]),
    );
  /** What a create costs at the catalogue now: its quote, as the client would make it. */
  const priceOf = (body: FakeBody) => {
    const quote = new ModelCatalogue(catalogue.models, undefined, 0, defaultsOf).quote(
      body as { model: string },
    );
    return quote.status === "priced" ? quote.usd : UNPRICED_USD;
  };
  const charge = (id: string, usd: number, model: string, at = Date.now()) => {
    stats.ledger.push({
      created_at: new Date(at).toISOString(),
      direction: "CHARGE",
      type: "MODEL_USAGE",
      amount: { usd, credits: credits(usd) },
      model,
      reference_id: id,
    });
  };
  /** The account's request log, oldest first. */
  const rows: Array<{ at: number; row: Record<string, unknown> }> = [];
  const logRow = (
    req: IncomingMessage,
    { prompt = "", model = body("").model }: FakeBody,
    status: "succeeded" | "failed",
    inference: string,
  ) => {
    const header = req.headers["x-client-request-id"];
    const valid = typeof header === "string" && /^[A-Za-z0-9._:-]{1,128}$/.test(header);
    rows.push({
      at: Date.now(),
      row: {
        created: new Date().toISOString(),
        status,
        origin: "api",
        model,
        cost: status === "succeeded" ? { usd: 0.5, credits: 1_000_000 } : { usd: 0, credits: 0 },
        tokens: { input: 0, output: 0, total: 0 },
        request_id: null,
        inference_id: inference,
        client_request_id: valid ? header : null,
        prompt,
      },
    });
    return valid ? header : null;
  };

  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  const onCreate = async (req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text) as FakeBody;
    const answer = createAnswer(body);
    const prompt = body.prompt ?? "";
    stats.attempts.set(prompt, (stats.attempts.get(prompt) ?? 0) + 1);
    if (answer === "drop") return req.socket.resetAndDestroy();
    if (answer === "400") {
      logRow(req, body, "failed", `inf-${++nextId}`);
      return json(res, 400, { message: "Body validation error", statusCode: 400 });
    }
    if (answer === "403" || answer === "403-denied") {
      logRow(req, body, "failed", `inf-${++nextId}`);
      stats.refused += 1;
      const message =
        answer === "403"
          ? "You've run out of credits. Please top up your balance."
          : "This API key may not use this model.";
      return json(res, 403, { message, statusCode: 403 });
    }
    stats.creates.set(prompt, (stats.creates.get(prompt) ?? 0) + 1);
    nextId += 1;
    const id = `gen-${nextId}`;
    const usd = priceOf(body);
    const fails = options.failWhen?.(body) ?? false;
    const clientRequestId = logRow(req, body, "succeeded", id);
    stats.paid.push({ prompt, id, clientRequestId, usd, fails });
    tasks.set(id, {
      model: String(body.model),
      finishesAt: Date.now() + durationMs(body),
      fails,
      broken: options.brokenWhen?.(body) ?? false,
      inFlight: 0,
      usageUsd: options.usageUsd ? options.usageUsd(body, usd) : usd,
      chargeUsd: options.chargeUsd ? options.chargeUsd(body, usd) : usd,
    });
    if (answer === "500") {
      // Echoes the credentials, as a careless proxy might: they must not reach the tracker's records.
      const echo = `Internal server error (${req.headers.authorization})`;
      return json(res, 500, { message: echo, statusCode: 500 });
    }
    if (answer === "never") return;
    const delay = options.createDelayMs?.(body) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    json(res, 200, { id, status: "queued" });
  };

  const onGet = (url: URL, req: IncomingMessage, res: ServerResponse) => {
    const id = url.searchParams.get("generation_id") ?? "";
    const worker = String(req.headers["x-worker"] ?? "");
    const task = tasks.get(id);
    const record = (status: number) =>
      stats.gets.push({ at: Date.now() - started, id, worker, status });
    if (storming) {
      record(429);
      return json(
        res,
        429,
        { message: "Too Many Requests", statusCode: "429" },
        { "retry-after": "1" },
      );
    }
    if (task?.broken) {
      record(500);
      return json(res, 500, { message: "Internal server error", statusCode: 500 });
    }
    record(task ? 200 : 404);
    if (!task) return json(res, 404, { message: "Not found", statusCode: 404 });
    if (task.inFlight > 0) stats.overlaps += 1;
    task.inFlight += 1;
    const inFlight = stats.inFlightByWorker.get(worker) ?? new Set<string>();
    stats.inFlightByWorker.set(worker, inFlight.add(id));
    setTimeout(() => {
      task.inFlight -= 1;
      inFlight.delete(id);
      const done = Date.now() >= task.finishesAt;
      const failed = done && task.fails;
      if (done && !task.detected) {
        task.detected = true;
        stats.detectionLags.push(Date.now() - task.finishesAt);
        // Charged once completed (a failed generation never is), before anyone hears of it.
        if (!failed && task.chargeUsd !== null) charge(id, task.chargeUsd, task.model);
      }
      const usage = done && !failed && task.usageUsd !== null ? task.usageUsd : undefined;
      json(res, 200, {
        id,
        status: failed ? "error" : done ? "completed" : "generating",
        video: done && !failed ? { url: `https://cdn.example/${id}.mp4` } : null,
        error: failed ? { name: "GenerationError", message: "The prompt was refused" } : null,
        meta:
          usage === undefined
            ? null
            : { usage: { usd_spent: usage, credits_used: credits(usage) } },
      });
    }, options.getLatencyMs ?? 0);
  };

  /** Newest first, in the window and for the models asked, once each row is visible. */
  const onLogs = async (url: URL, res: ServerResponse) => {
    stats.logReads += 1;
    logReadsOpen += 1;
    stats.maxLogReadsOpen = Math.max(stats.maxLogReadsOpen, logReadsOpen);
    await new Promise((resolve) => setTimeout(resolve, logs.latencyMs ?? 0));
    logReadsOpen -= 1;
    if (logs.status !== undefined) {
      return json(res, logs.status, { message: "Injected log failure", statusCode: logs.status });
    }
    const q = url.searchParams;
    const start = Date.parse(q.get("start") ?? "") || 0;
    const end = Date.parse(q.get("end") ?? "") || Number.POSITIVE_INFINITY;
    const models = q.getAll("model");
    const visible = rows
      .filter(({ at }) => at + logs.delayMs <= Date.now() && at >= start && at <= end)
      .filter(({ row }) => models.length === 0 || models.includes(String(row.model)))
      .map(({ row: { prompt: _, ...row } }) => row)
      .reverse();
    const limit = Number(q.get("limit") ?? 50);
    const offset = Number(q.get("offset") ?? 0);
    json(res, 200, {
      data: visible.slice(offset, offset + limit),
      pagination: {
        limit,
        offset,
        total: visible.length,
        has_more: offset + limit < visible.length,
      },
    });
  };

  const onModels = (res: ServerResponse) => {
    if (catalogue.status !== undefined) {
      return json(res, catalogue.status, {
        message: "Injected catalogue failure",
        statusCode: catalogue.status,
      });
    }
    json(res, 200, { object: "list", data: catalogue.models });
  };

  /** Newest first, in the window and of the direction and type asked, by cursor. */
  const onLedger = (url: URL, res: ServerResponse) => {
    const q = url.searchParams;
    const from = Date.parse(q.get("from") ?? "") || 0;
    const to = Date.parse(q.get("to") ?? "") || Number.POSITIVE_INFINITY;
    const entries = stats.ledger
      .filter((entry) => {
        const at = Date.parse(entry.created_at);
        return at >= from && at <= to;
      })
      .filter((entry) => !q.get("direction") || entry.direction === q.get("direction"))
      .filter((entry) => !q.get("type") || entry.type === q.get("type"))
      .reverse();
    const offset = Number(q.get("cursor")?.replace(/^c/, "") ?? 0);
    const limit = Math.min(Number(q.get("limit") ?? 100), pageSize);
    const more = offset + limit < entries.length;
    json(res, 200, {
      data: entries.slice(offset, offset + limit),
      pagination: { next_cursor: more ? `c${offset + limit}` : null },
    });
  };

  const server = createServer((req, res) => {
    stats.requestsOpen += 1;
    stats.maxRequests = Math.max(stats.maxRequests, stats.requestsOpen);
    res.once("close", () => {
      stats.requestsOpen -= 1;
    });
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST" && url.pathname === "/v2/video/generations") {
      onCreate(req, res).catch(() => res.destroy());
    } else if (req.method === "GET" && url.pathname === "/v2/video/generations") {
      onGet(url, req, res);
    } else if (req.method === "GET" && url.pathname === "/v2/logs") {
      onLogs(url, res).catch(() => res.destroy());
    } else if (req.method === "GET" && url.pathname === "/v1/models") {
      onModels(res);
    } else if (req.method === "GET" && url.pathname === "/v2/billing/transactions") {
      onLedger(url, res);
    } else json(res, 404, { message: "Not found", statusCode: 404 });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    stats.connectionsOpen += 1;
    stats.maxConnections = Math.max(stats.maxConnections, stats.connectionsOpen);
    socket.on("close", () => {
      sockets.delete(socket);
      stats.connectionsOpen -= 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    startedAt: started,
    stats,
    storm: (on) => {
      storming = on;
    },
    logs: (settings) => {
      logs = { ...logs, ...settings };
    },
    catalogue: (settings) => {
      catalogue = { ...catalogue, ...settings };
    },
    charge: ({ id, usd, model = body("").model, at }) => charge(id, usd, model, at),
    ledgerPageSize: (size) => {
      pageSize = size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
