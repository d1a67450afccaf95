// The client against a server that misbehaves at every byte, on real loopback sockets, while the
// garbage collector runs: every call settles within its bound, every failure is typed with the
// right mayHaveCreatedTask, and a create is never sent twice when it may have gone through.
import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  AimlApiError,
  APIConnectionError,
  APIUserAbortError,
  createVideoClient,
  InternalServerError,
  RequestTimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WaitTimeoutError,
} from "../src/index.js";
import { MIN_PREFIX_LENGTH } from "../src/redact.js";
import { eventually } from "./eventually.js";
import { API_KEY, BODY, completed, generation } from "./fake-fetch.js";
import { type Answer, answerLength, type FaultServer, startFaultServer } from "./fault-server.js";
import { gcPressure, liveHandles } from "./gc-pressure.js";
import { HTTP_CLIENT_NAMES, HTTP_CLIENTS } from "./http-clients.js";

let stopGc: () => void;
beforeAll(() => {
  stopGc = gcPressure();
});
afterAll(() => stopGc());

/**
 * A fault server for this test only, closed when it ends. Concurrent tests pass their own
 * context's `onTestFinished`: the global one may attach to whichever test is current.
 */
async function serve(
  plan: Parameters<typeof startFaultServer>[0],
  finished: typeof onTestFinished = onTestFinished,
): Promise<FaultServer> {
  const server = await startFaultServer(plan);
  finished(() => server.close());
  return server;
}

/** Every string and byte array (as Latin-1) reachable from a value, hidden properties included. */
function everything(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === "string") return [value];
  if (value instanceof Uint8Array) return [Buffer.from(value).toString("latin1")];
  if (typeof value !== "object" || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.getOwnPropertyNames(value).flatMap((name) => [
    name,
    ...everything((value as Record<string, unknown>)[name], seen),
  ]);
}

const FAST = { intervalMs: 100, firstDelayMs: 0, jitter: 0 };
const baseClient = (url: string, extra: object = {}) =>
  createVideoClient({ apiKey: API_KEY, baseUrl: url, maxRetries: 2, poll: FAST, ...extra });

/** Runs `call`, returning what it settled with and how long it took. */
async function timed<T>(call: () => Promise<T>): Promise<{ value: T | Error; ms: number }> {
  const started = performance.now();
  const value = await call().catch((e: Error) => e);
  return { value, ms: performance.now() - started };
}

/**
 * Margin over a bound for a loaded 2-core CI machine (the test server shares this process, and the
 * GC runs every few milliseconds); the bug it catches overshot by 10 s or more.
 */
const MARGIN = 3_000;

const QUEUED = { body: { id: "gen-1", status: "queued" } } satisfies Answer;
const STALLS: Record<string, Answer> = {
  "before the headers": { after: "stall", cutAt: 0 },
  "inside the headers": { ...QUEUED, cutAt: 20 },
  "inside the body": { ...QUEUED, cutAt: answerLength(QUEUED) - 5 },
  "in a body that drips forever": { drip: true },
};

describe.each(HTTP_CLIENT_NAMES)("over %s", (over) => {
  const transport = HTTP_CLIENTS[over] as () => object;
  const client = (url: string, extra: object = {}) => baseClient(url, { ...transport(), ...extra });

  describe.concurrent("every bound fires, whatever the server does and whatever the GC does", () => {
    for (const [where, answer] of Object.entries(STALLS)) {
      it(`create: the request timeout ends a stall ${where}, and the task may exist`, async ({
        onTestFinished: finished,
      }) => {
        const s = await serve(() => answer, finished);
        const { value, ms } = await timed(() =>
          client(s.url, { timeoutMs: 1_000 }).createGeneration(BODY),
        );
        expect(value).toBeInstanceOf(RequestTimeoutError);
        expect((value as AimlApiError).mayHaveCreatedTask).toBe(true);
        expect(ms).toBeLessThan(1_000 + MARGIN);
        // The server took it (it may read it after the client gave up: it shares this event loop).
        expect(await eventually(() => s.received.length === 1)).toBe(true);
        // The request itself was aborted, not only abandoned: its connection is closed.
        expect(await eventually(() => s.openSockets() === 0)).toBe(true);
      });

      it(`get: the caller's signal ends a stall ${where}, its reason kept as the cause`, async ({
        onTestFinished: finished,
      }) => {
        const s = await serve(() => answer, finished);
        const signal = AbortSignal.timeout(400);
        const { value, ms } = await timed(() =>
          client(s.url, { timeoutMs: 60_000 }).getGeneration("gen-1", { signal }),
        );
        expect(value).toBeInstanceOf(APIUserAbortError);
        expect((value as Error).cause).toBe(signal.reason);
        expect(ms).toBeLessThan(400 + MARGIN);
        expect(await eventually(() => s.openSockets() === 0)).toBe(true);
      });

      it(`wait: the wait's deadline ends a poll stalled ${where}`, async ({
        onTestFinished: finished,
      }) => {
        const s = await serve(() => answer, finished);
        const { value, ms } = await timed(() =>
          client(s.url, { timeoutMs: 60_000 }).waitForGeneration("gen-1", { timeoutMs: 500 }),
        );
        expect(value).toBeInstanceOf(WaitTimeoutError);
        expect(ms).toBeLessThan(500 + MARGIN);
        expect(await eventually(() => s.openSockets() === 0)).toBe(true);
      });
    }

    it("stops reading a body that never ends at the size limit", async ({
      onTestFinished: finished,
    }) => {
      const s = await serve(() => ({ endless: true }), finished);
      // A generous time bound, so that only the size limit can end it (else: RequestTimeoutError).
      const value = await client(s.url, { timeoutMs: 60_000 })
        .getGeneration("gen-1")
        .catch((e) => e);
      expect(value).toBeInstanceOf(UnexpectedResponseError);
      expect((value as Error).message).toMatch(/larger than 1048576 bytes/);
    });

    it("refuses a 200 MB answer without reading it, within the bound", async ({
      onTestFinished: finished,
    }) => {
      const s = await serve(
        () => ({
          headers: { "content-length": String(200 * 1024 * 1024) },
          body: "{",
          after: "stall",
        }),
        finished,
      );
      const { value, ms } = await timed(() => client(s.url).getGeneration("gen-1"));
      expect(value).toBeInstanceOf(UnexpectedResponseError);
      expect((value as Error).message).toMatch(/larger than 1048576 bytes/);
      expect(ms).toBeLessThan(MARGIN);
    });

    it("creates a task, then an abort after the request left says it may exist", async ({
      onTestFinished: finished,
    }) => {
      const s = await serve(() => ({ after: "stall", cutAt: 0 }), finished);
      const controller = new AbortController();
      const pending = client(s.url).createGeneration(BODY, { signal: controller.signal });
      while (s.received.length === 0) await new Promise((r) => setTimeout(r, 5));
      controller.abort(new Error("shutting down"));
      const error = await pending.catch((e) => e);
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect(error.mayHaveCreatedTask).toBe(true);
      expect(error.cause).toEqual(new Error("shutting down"));
    });
  });

  describe("a connection reset at any byte of the answer", () => {
    const ok = { body: { id: "gen-1", status: "queued" } } satisfies Answer;
    const length = answerLength(ok);

    it("create: typed, never resent, and the task may exist, at every byte", async () => {
      for (let cut = 0; cut < length; cut += 1) {
        const s = await serve(() => ({ ...ok, cutAt: cut, after: "reset" }));
        const error = await client(s.url)
          .createGeneration(BODY)
          .catch((e) => e);
        expect(error, `reset at byte ${cut}`).toBeInstanceOf(APIConnectionError);
        expect(error.mayHaveCreatedTask, `reset at byte ${cut}`).toBe(true);
        expect(s.received, `reset at byte ${cut}`).toHaveLength(1);
      }
    });

    it("get: retried after a reset in the status line, the headers or the body, then answered", async () => {
      const answer = { body: generation("generating") } satisfies Answer;
      const end = answerLength(answer);
      const bodyStart = end - JSON.stringify(answer.body).length;
      for (const cut of [0, 5, 40, bodyStart - 1, bodyStart, end - 1]) {
        const s = await serve(({ index }) =>
          index === 0 ? { ...answer, cutAt: cut, after: "reset" } : answer,
        );
        const got = await client(s.url, { onRetry: () => {} }).getGeneration("gen-1");
        expect(got.status, `reset at byte ${cut}`).toBe("generating");
      }
    });
  });

  describe("whether a create may have gone through", () => {
    for (const [what, answer] of Object.entries({
      "a truncated body": { body: '{"id":"gen-1","sta' },
      "an HTML page": { body: "<html>ok</html>", headers: { "content-type": "text/html" } },
      "an empty body": { body: "" },
      'an empty id ("")': { body: { id: "", status: "queued" } },
    } satisfies Record<string, Answer>)) {
      it(`a 2xx with ${what}: the task exists, onCreated is not called`, async () => {
        const s = await serve(() => answer);
        const created: unknown[] = [];
        const error = await client(s.url)
          .generateVideo(BODY, { onCreated: (c) => created.push(c) })
          .catch((e) => e);
        expect(error).toBeInstanceOf(UnexpectedResponseError);
        expect(error.mayHaveCreatedTask).toBe(true);
        expect(created).toEqual([]);
        expect(s.received).toHaveLength(1);
      });
    }

    it.each([
      [
        "a circular body",
        () => {
          const body: Record<string, unknown> = { ...BODY };
          body.self = body;
          return body;
        },
      ],
      ["a BigInt in the body", () => ({ ...BODY, seed: 10n })],
    ])("%s fails before anything is sent", async (_, make) => {
      const s = await serve(() => QUEUED);
      const error = await client(s.url)
        .createGeneration(make() as never, { validate: false })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.mayHaveCreatedTask).toBe(false);
      expect(s.received).toHaveLength(0);
    });

    it("bad wait options fail before the paid create", async () => {
      const s = await serve(() => QUEUED);
      for (const options of [{ intervalMs: 0 }, { backoff: 0 }, { timeoutMs: Number.NaN }]) {
        const error = await client(s.url)
          .generateVideo(BODY, options)
          .catch((e) => e);
        expect(error).toBeInstanceOf(AimlApiError);
        expect(error.mayHaveCreatedTask).toBe(false);
      }
      expect(s.received).toHaveLength(0);
    });

    it("`undefined` options mean the defaults: the wait goes on after the create", async () => {
      const s = await serve(({ method }) => (method === "POST" ? QUEUED : { body: completed() }));
      const result = await client(s.url).generateVideo(BODY, {
        timeoutMs: undefined,
        intervalMs: undefined,
        backoff: undefined,
        firstDelayMs: 0,
      });
      expect(result.status).toBe("completed");
    });
  });

  describe("the key never leaves in an error", () => {
    const ESCAPED = [...API_KEY]
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
      .join("");

    const leaks = (error: unknown, secret = API_KEY) => {
      const chain: unknown[] = [];
      for (let e = error; e; e = (e as { cause?: unknown }).cause) chain.push(e);
      const views = chain.flatMap((e) => [
        JSON.stringify(e),
        inspect(e, { depth: 10, showHidden: true }),
        String(e),
        (e as Error).stack ?? "",
      ]);
      return views.filter((v) => v.includes(secret));
    };

    for (const [channel, answer] of Object.entries({
      "the reason phrase": { status: 502, reason: `Bad ${API_KEY}`, body: "" },
      "a request id header": { status: 500, headers: { "x-request-id": API_KEY }, body: "" },
      "a JSON-escaped 2xx body": {
        body: `{"id":"gen-1","status":"error","error":{"name":"E","message":"${ESCAPED}"}}`,
      },
      "an error body": { status: 400, body: { message: `bad key ${API_KEY}`, path: API_KEY } },
    } satisfies Record<string, Answer>)) {
      it(`echoed in ${channel}`, async () => {
        const s = await serve(() => answer);
        const retries: unknown[] = [];
        const error = await client(s.url, {
          maxRetries: 1,
          onRetry: (e: unknown) => retries.push(e),
        })
          .waitForGeneration("gen-1", { maxFailedPolls: 1 })
          .catch((e) => e);
        expect(error).toBeInstanceOf(AimlApiError);
        expect(leaks(error)).toEqual([]);
        expect(JSON.stringify(retries)).not.toContain(API_KEY);
      });
    }

    it("cut off at any length, by the server or where the SDK shortens the server's text", async () => {
      const answers: Answer[] = [];
      for (let cut = 1; cut < API_KEY.length; cut++) {
        const echo = `Invalid key: Bearer ${API_KEY.slice(0, cut)}`;
        answers.push({ status: 401, body: echo, headers: { "content-type": "text/plain" } });
        answers.push({ status: 401, body: { message: echo, path: echo } });
        answers.push({ status: 500, headers: { "x-request-id": echo }, body: "" });
        // The SDK quotes at most 120 characters in a message and 500 in `body`: the key straddles each cut.
        for (const [status, limit] of [
          [502, 120],
          [502, 500],
          [200, 120],
        ] as const) {
          const body = `${"x".repeat(limit - cut - 1)} ${API_KEY} ${"y".repeat(600)}`;
          answers.push({ status, body, headers: { "content-type": "text/html" } });
        }
      }
      const s = await serve(({ index }) => answers[index]);
      const c = client(s.url, { maxRetries: 0 });
      for (const answer of answers) {
        const error = await c.getGeneration("gen-1").catch((e) => e);
        expect(error, JSON.stringify(answer)).toBeInstanceOf(AimlApiError);
        expect(leaks(error, API_KEY.slice(0, MIN_PREFIX_LENGTH))).toEqual([]);
      }
      expect(s.received).toHaveLength(answers.length);
    });

    it("a malformed answer echoing it: the error keeps no bytes of the answer", async () => {
      const cut = `${API_KEY.slice(0, 10)}\x01${API_KEY.slice(10)}`;
      const answers: Answer[] = [
        { headers: { "x-echo": cut }, body: "{}" }, // an invalid character inside the key: refused
        { headers: { [`bad header ${API_KEY}`]: "x" }, body: "{}" }, // a header line that is not one
      ];
      const s = await serve(({ index }) => answers[index]);
      const c = client(s.url, { maxRetries: 0 });
      for (const answer of answers) {
        const error = await c.getGeneration("gen-1").catch((e) => e);
        // node:http refuses both; undici only the first.
        expect(error, JSON.stringify(answer)).toBeInstanceOf(AimlApiError);
        // Any 8 characters of the key in a row, in a string or in bytes, anywhere in the chain.
        const pieces = Array.from({ length: API_KEY.length - 7 }, (_, i) =>
          API_KEY.slice(i, i + 8),
        );
        const found = everything(error).filter((text) => pieces.some((p) => text.includes(p)));
        expect(found).toEqual([]);
      }
    });

    it("a one-letter key does not corrupt the data the client reads", async () => {
      const s = await serve(({ index }) =>
        index < 2
          ? { body: generation("queued", { meta: { usage: { credits_used: 1 } } }) }
          : { body: completed() },
      );
      const result = await createVideoClient({
        apiKey: "e",
        baseUrl: s.url,
        poll: FAST,
      }).waitForGeneration("gen-1");
      expect(result.status).toBe("completed");
      expect(result.video.url).toBe("https://cdn.example.test/v.mp4");
    });
  });

  describe("loops have floors", () => {
    it("one bad poll does not end a wait: a 200 HTML page, then the video", async () => {
      const s = await serve(({ index }) =>
        index === 0 ? { body: "<html>proxy</html>" } : { body: completed() },
      );
      const result = await client(s.url).waitForGeneration("gen-1");
      expect(result.status).toBe("completed");
    });

    it("gives up after maxFailedPolls failures in a row, with the last one", async () => {
      const s = await serve(() => ({ status: 503, body: "" }));
      const error = await client(s.url)
        .waitForGeneration("gen-1", { maxFailedPolls: 2 })
        .catch((e) => e);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(s.received).toHaveLength(3); // polls do not multiply with the transport's retries
    });

    it("many calls on one signal: one listener, none left, no warning", async () => {
      const s = await serve(() => ({ body: generation("queued") }));
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on("warning", onWarning);
      const controller = new AbortController();
      const c = client(s.url);
      const calls = Array.from({ length: 50 }, () =>
        c.getGeneration("gen-1", { signal: controller.signal }),
      );
      expect(getEventListeners(controller.signal, "abort").length).toBeLessThanOrEqual(1);
      await Promise.all(calls);
      await new Promise((r) => setImmediate(r));
      process.off("warning", onWarning);
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    });

    it("checks the id before any delay or request", async () => {
      const s = await serve(() => QUEUED);
      const before = liveHandles();
      await expect(client(s.url).waitForGeneration("")).rejects.toThrow(/Invalid generation id/);
      await expect(client(s.url).getGeneration("x".repeat(5_000))).rejects.toThrow(
        /at most 1024 characters, received 5000 characters/,
      );
      expect(liveHandles()).toBe(before);
      expect(s.received).toHaveLength(0);
    });
  });
});
