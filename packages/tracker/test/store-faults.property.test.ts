/**
 * Property-based: random sequences of store faults under random submits. A fault hits one store
 * call, either before it reaches the store (nothing written) or after (written, but the answer
 * lost: the nastiest case). Over a real SQLite store, for every sequence: each key is paid for at
 * most once, every paid id ends up in the store (or, for a create that may have happened, the key
 * stays claimed and is never created again), and every submit whose create answered hands the id
 * to its caller whatever the store did. The tracker's backoffs run on fake timers.
 */
import {
  AimlApiError,
  BadRequestError,
  type CreateGenerationBody,
  type VideoClient,
} from "@aimlapi-video/client";
import fc from "fast-check";
import { afterEach, expect, it, vi } from "vitest";
import {
  createTracker,
  type Engine,
  StoreError,
  sqliteStore,
  TrackerError,
  UnrecordedCreateError,
} from "../src/index.js";

type Fault = "ok" | "before" | "after";
type Answer = "created" | "ambiguous" | "rejected";

/** The engine with `faults` applied in order to its calls; once they are used up, it is healthy. */
function faulty(engine: Engine, faults: Fault[]): Engine {
  const queue = [...faults];
  const wrap =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const fault = queue.shift() ?? "ok";
      if (fault === "before") throw new StoreError("injected: refused before the write");
      const result = await call(...args);
      if (fault === "after") throw new StoreError("injected: written, answer lost");
      return result;
    };
  return {
    beforeCreate: wrap(engine.beforeCreate.bind(engine)),
    claim: wrap(engine.claim.bind(engine)),
    transition: wrap(engine.transition.bind(engine)),
    get: wrap(engine.get.bind(engine)),
    list: engine.list.bind(engine),
    observations: wrap(engine.observations.bind(engine)),
    observe: wrap(engine.observe.bind(engine)),
    pauseCreates: wrap(engine.pauseCreates.bind(engine)),
    acceptLoss: engine.acceptLoss.bind(engine),
    start: engine.start.bind(engine),
    close: engine.close.bind(engine),
  };
}

/** A client whose creates answer as the scenario says, and which lists what was paid for. */
function fakeClient(answers: Map<string, Answer>) {
  const paid: Array<{ key: string; id: string; answered: boolean }> = [];
  const client = {
    async createGeneration(body: CreateGenerationBody) {
      const key = (body as { prompt: string }).prompt;
      const answer = answers.get(key) ?? "created";
      if (answer === "rejected") {
        throw new BadRequestError("Body validation error", { status: 400, body: undefined });
      }
      const id = `gen-${paid.length + 1}`;
      paid.push({ key, id, answered: answer === "created" });
      if (answer === "ambiguous") {
        throw new AimlApiError("The connection was reset mid-answer.", {
          mayHaveCreatedTask: true,
        });
      }
      return { id, status: "queued" };
    },
  };
  return { client: client as unknown as VideoClient, paid };
}

afterEach(() => {
  vi.useRealTimers();
});

it("whatever the store's faults: each key paid at most once, every paid id recorded or handed to the caller", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          key: fc.constantFrom("a", "b", "c", "d"),
          answer: fc.constantFrom<Answer>("created", "created", "ambiguous", "rejected"),
        }),
        { minLength: 1, maxLength: 10 },
      ),
      fc.array(fc.constantFrom<Fault>("ok", "ok", "before", "after"), { maxLength: 40 }),
      async (submits, faults) => {
        vi.useFakeTimers({
          toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate"],
        });
        const store = sqliteStore({ path: ":memory:" });
        // A key's answer is its first one: the API answers one key the same way.
        const answers = new Map<string, Answer>();
        for (const { key, answer } of submits) if (!answers.has(key)) answers.set(key, answer);
        const { client, paid } = fakeClient(answers);
        const tracker = createTracker({
          store: faulty(store, faults),
          client,
          budget: { maxConcurrent: 64, requestsPerSecond: 100_000 },
          learn: false,
        });
        const settled = Promise.allSettled(
          submits.map(({ key }) =>
            tracker.submit(
              { model: "kling-video/v1/standard/text-to-video", prompt: key },
              { key },
            ),
          ),
        );
        // The faults run out; the tracker's rewrites (1 s, doubling) then get through.
        await vi.runAllTimersAsync();
        const results = await settled;
        vi.useRealTimers();

        // Paid at most once per key.
        const paidKeys = paid.map((p) => p.key);
        expect(new Set(paidKeys).size).toBe(paidKeys.length);
        for (const { key, id, answered } of paid) {
          const record = await store.get(key);
          if (answered) {
            // The id answered is in the store, whatever failed on the way.
            expect(record?.id).toBe(id);
          } else {
            // May have been created: still claimed or ambiguous, never free to be created again.
            expect(["creating", "ambiguous"]).toContain(record?.status);
          }
        }
        for (const [i, result] of results.entries()) {
          if (result.status === "fulfilled") continue;
          const error = result.reason as Error;
          // Typed, always: the tracker's own, or the client's saying whether a task may exist.
          expect(error instanceof TrackerError || error instanceof AimlApiError).toBe(true);
          const mine = paid.find((p) => p.key === submits[i]?.key && p.answered);
          // A create that answered and was not recorded at once: its submit carried the id.
          if (error instanceof UnrecordedCreateError) expect(error.id).toBe(mine?.id);
        }
        await tracker.close();
      },
    ),
    { numRuns: 150 },
  );
});
