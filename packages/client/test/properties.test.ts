// Property-based: random sequences of server faults against create, get and wait, over fetch or
// node:http, on real loopback sockets under GC pressure. For every sequence: the call settles within its bound,
// every rejection is a typed AimlApiError with the right mayHaveCreatedTask, a create is never
// sent again once it may have gone through, nothing is sent to the origin a redirect points at,
// no view of any error shows the key (nor its start, when the server cut its echo), and nothing
// (timer, socket, listener) is left behind.
import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  AimlApiError,
  APIConnectionError,
  APIUserAbortError,
  createVideoClient,
} from "../src/index.js";
import { MIN_PREFIX_LENGTH } from "../src/redact.js";
import { API_KEY, BODY, completed, generation } from "./fake-fetch.js";
import { type Answer, answerLength, type FaultServer, startFaultServer } from "./fault-server.js";
import { gcPressure, liveHandles } from "./gc-pressure.js";
import { HTTP_CLIENT_NAMES, HTTP_CLIENTS } from "./http-clients.js";

let stopGc: () => void;
/** Another origin, which redirects point at: nothing may ever reach it. */
let elsewhere: FaultServer;
beforeAll(async () => {
  stopGc = gcPressure();
  elsewhere = await startFaultServer(() => ({ body: { id: "gen-x", status: "queued" } }));
});
afterAll(async () => {
  stopGc();
  await elsewhere.close();
});

type Fault =
  | { kind: "ok" }
  | { kind: "status"; status: number; retryAfter: string | null }
  | { kind: "stall" | "reset"; at: number }
  | { kind: "html" | "truncated" | "echo" }
  | { kind: "redirect"; status: number; sameOrigin: boolean }
  /** The server's own echo of the key, cut after `length` characters. */
  | { kind: "cut-echo"; length: number };

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant({ kind: "ok" as const }),
  fc.record({
    kind: fc.constant("status" as const),
    status: fc.constantFrom(400, 401, 403, 404, 408, 429, 500, 502, 503, 504),
    // The values that used to make hot loops: none, zero, a date in the past, garbage.
    retryAfter: fc.constantFrom(null, "0", "Wed, 21 Oct 2015 07:28:00 GMT", "soon"),
  }),
  fc.record({
    kind: fc.constantFrom("stall" as const, "reset" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constantFrom("html" as const, "truncated" as const, "echo" as const) }),
  fc.record({
    kind: fc.constant("redirect" as const),
    status: fc.constantFrom(301, 302, 303, 307, 308),
    sameOrigin: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("cut-echo" as const),
    length: fc.integer({ min: 1, max: API_KEY.length - 1 }),
  }),
);

const scenario = fc.record({
  op: fc.constantFrom("create", "get", "wait"),
  faults: fc.array(fault, { minLength: 1, maxLength: 4 }),
  abortAfterMs: fc.option(fc.integer({ min: 20, max: 400 }), { nil: undefined }),
  over: fc.constantFrom(...HTTP_CLIENT_NAMES),
});

const TIMEOUT = 100;
const WAIT = 700;
const MARGIN = 3_000; // a loaded 2-core CI machine; the bugs these catch overshot by 10 s or more

function answerFor(f: Fault | undefined, good: Answer): Answer {
  if (!f || f.kind === "ok") return good;
  switch (f.kind) {
    case "status":
      return {
        status: f.status,
        body: { message: "no", statusCode: f.status },
        headers: f.retryAfter ? { "retry-after": f.retryAfter } : {},
      };
    case "stall":
    case "reset":
      return { ...good, cutAt: Math.floor(f.at * answerLength(good)), after: f.kind };
    case "html":
      return { body: "<html>proxy</html>", headers: { "content-type": "text/html" } };
    case "truncated":
      return { body: JSON.stringify(good.body).slice(0, 10) };
    case "echo":
      return {
        status: 502,
        reason: `Bad ${API_KEY}`,
        headers: { "x-request-id": API_KEY },
        body: { message: API_KEY },
      };
    case "redirect": {
      const path = "/v2/video/generations?generation_id=gen-1";
      const target = f.sameOrigin ? path : `${elsewhere.url}${path}`;
      return { status: f.status, headers: { location: target } };
    }
    case "cut-echo": {
      const echo = `Invalid key: Bearer ${API_KEY.slice(0, f.length)}`;
      return { status: 401, body: echo, headers: { "content-type": "text/plain" } };
    }
  }
}

const views = (error: unknown) => {
  const out: string[] = [];
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    out.push(
      JSON.stringify(e) ?? "",
      inspect(e, { depth: 10, showHidden: true }),
      String(e),
      (e as Error).stack ?? "",
    );
  }
  return out.join("\n");
};

it("holds its promises for every sequence of faults", async () => {
  const baseline = liveHandles();
  await fc.assert(
    fc.asyncProperty(scenario, async ({ op, faults, abortAfterMs, over }) => {
      const server = await startFaultServer(({ method, index }) =>
        answerFor(
          faults[index],
          method === "POST"
            ? { body: { id: "gen-1", status: "queued" } }
            : {
                body:
                  op === "wait" && index >= faults.length ? completed() : generation("generating"),
              },
        ),
      );
      const signal = abortAfterMs === undefined ? undefined : AbortSignal.timeout(abortAfterMs);
      const client = createVideoClient({
        ...HTTP_CLIENTS[over]?.(),
        apiKey: API_KEY,
        baseUrl: server.url,
        timeoutMs: TIMEOUT,
        poll: { firstDelayMs: 0, intervalMs: 100, jitter: 0, timeoutMs: WAIT, maxFailedPolls: 2 },
      });
      const started = performance.now();
      const outcome = await (op === "create"
        ? client.createGeneration(BODY, { signal })
        : op === "get"
          ? client.getGeneration("gen-1", { signal })
          : client.waitForGeneration("gen-1", { signal })
      ).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      const ms = performance.now() - started;

      // Bound: a create or get is at most three attempts and two short backoffs; a wait, its deadline.
      const bound = op === "wait" ? WAIT : 3 * TIMEOUT + 375 + 750;
      expect(ms).toBeLessThan(Math.min(bound, abortAfterMs ?? bound) + MARGIN);
      expect(server.creates()).toBeLessThanOrEqual(1);
      expect(elsewhere.received).toEqual([]);
      if (!outcome.ok) {
        const { error } = outcome;
        expect(error).toBeInstanceOf(AimlApiError);
        const may = (error as AimlApiError).mayHaveCreatedTask;
        const sent = `${String(error)} after ${server.received.map((r) => r.method).join(",")}`;
        if (op !== "create") expect(may, sent).toBe(false);
        // Never "no" when the server took it. A "maybe" for a task the server never saw is only
        // allowed while the request was in flight (aborted, timed out, cut): the client cannot know.
        else if (server.creates() === 1) expect(may, sent).toBe(true);
        else if (may)
          expect(error, sent).toSatisfy(
            (e) => e instanceof APIUserAbortError || e instanceof APIConnectionError,
          );
        expect(views(error)).not.toContain(API_KEY.slice(0, MIN_PREFIX_LENGTH));
      }
      if (signal) expect(getEventListeners(signal, "abort")).toHaveLength(0);
      await server.close();
      const deadline = performance.now() + 2_000;
      while (liveHandles() > baseline && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      expect(liveHandles()).toBeLessThanOrEqual(baseline);
    }),
    { numRuns: 60 },
  );
});
