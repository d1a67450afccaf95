import { randomUUID } from "node:crypto";
import type { GenerationStatus } from "@aimlapi-video/types";

export type { GenerationStatus };
/** The final statuses; a spec change to the status enum reaches the mock through the types. */
export type Outcome = Extract<GenerationStatus, "completed" | "error">;

export interface LifecycleOptions {
  /** Polls that see each of `queued` and `generating` before the generation moves on. Default 1. */
  pollsPerStep?: number;
  /** Milliseconds after which a generation moves on a step even if nobody polled. Default: never. */
  msPerStep?: number;
}

interface Generation {
  createdAt: number;
  polls: number;
  outcome: Outcome;
}

// Bounds the memory of a long-running mock; the oldest generations are forgotten first.
const MAX_GENERATIONS = 10_000;

/** The made-up progress of the generations created through the lifecycle proxy. */
export class GenerationStore {
  readonly #generations = new Map<string, Generation>();
  readonly #pollsPerStep: number;
  readonly #msPerStep: number;
  readonly #now: () => number;

  constructor(options: LifecycleOptions = {}, now: () => number = Date.now) {
    this.#pollsPerStep = options.pollsPerStep ?? 1;
    this.#msPerStep = options.msPerStep ?? Number.POSITIVE_INFINITY;
    if (!(this.#pollsPerStep >= 1)) throw new RangeError("pollsPerStep must be at least 1");
    if (!(this.#msPerStep > 0)) throw new RangeError("msPerStep must be more than 0");
    this.#now = now;
  }

  /** Remembers a new generation and returns its id, shaped like the vendor's `<uuid>:<model>`. */
  create(model: string, outcome: Outcome): string {
    const id = `${randomUUID()}:${model}`;
    this.#generations.set(id, { createdAt: this.#now(), polls: 0, outcome });
    if (this.#generations.size > MAX_GENERATIONS) {
      const oldest = this.#generations.keys().next().value;
      if (oldest !== undefined) this.#generations.delete(oldest);
    }
    return id;
  }

  /** The status the next poll of `id` sees, or undefined for an id this store did not create. */
  peek(id: string): GenerationStatus | undefined {
    const generation = this.#generations.get(id);
    if (!generation) return undefined;
    const step = Math.max(
      Math.floor(generation.polls / this.#pollsPerStep),
      Math.floor((this.#now() - generation.createdAt) / this.#msPerStep),
    );
    if (step <= 0) return "queued";
    return step === 1 ? "generating" : generation.outcome;
  }

  /** Counts a poll that Prism answered; unanswered ones (401, 400, ...) do not move a generation. */
  recordPoll(id: string): void {
    const generation = this.#generations.get(id);
    if (generation) generation.polls += 1;
  }
}
