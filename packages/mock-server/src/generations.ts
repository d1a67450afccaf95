import { randomUUID } from "node:crypto";
import type { GenerationStatus } from "@aimlapi-video/types";
import { checkOption } from "./check-option.js";

export type { GenerationStatus };
/** The final statuses; a spec change to the status enum reaches the mock through the types. */
export type Outcome = Extract<GenerationStatus, "completed" | "error">;

export interface LifecycleOptions {
  /**
   * Polls that see each of `queued` and `generating` before the generation moves on. Default 1,
   * or no limit when `timeScale` is set (the clock alone moves it then).
   */
  pollsPerStep?: number;
  /**
   * Put generations on the clock, with simulated time running this many times faster than real
   * time: 60 walks the default five-minute generation in five seconds.
   */
  timeScale?: number;
  /** Simulated milliseconds spent `queued`, with `timeScale`. Default 20 s. */
  queuedMs?: number;
  /** Simulated milliseconds spent `generating`, with `timeScale`. Default 280 s. */
  generatingMs?: number;
}

/** What the mock remembers of a generation created through it; `generations()` lists these. */
export interface MockGeneration {
  id: string;
  model: string;
  /** Date.now() at creation. */
  createdAt: number;
  /** Polls answered so far. */
  polls: number;
  /** The status the next poll sees. */
  status: GenerationStatus;
  outcome: Outcome;
}

interface Generation {
  model: string;
  createdAt: number;
  polls: number;
  outcome: Outcome;
  /** The `x-mock-fault` rules given at creation, which also act on its polls and its video. */
  faults: string | undefined;
  /** Video URLs handed out so far, numbered from 0. */
  urlsIssued: number;
  /** URLs numbered below this one have expired (the `expired-url` fault), answered so. */
  urlsValidFrom: number;
  expiredStatus: 403 | 410;
}

export interface Progress {
  status: GenerationStatus;
  /** Real milliseconds until the status can next change; 0 when the next poll may change it. */
  nextChangeInMs: number | undefined;
}

// A realistic generation: the vendor's heavier models take 5–6 minutes for a 5 s video.
const DEFAULT_QUEUED_MS = 20_000;
const DEFAULT_GENERATING_MS = 280_000;
// Bounds the memory of a long-running mock; the oldest generations are forgotten first.
const MAX_GENERATIONS = 10_000;

/** The made-up progress of the generations created through the mock. */
export class GenerationStore {
  readonly #generations = new Map<string, Generation>();
  readonly #pollsPerStep: number;
  readonly #timeScale: number;
  readonly #phaseEnds: readonly [number, number];
  readonly #now: () => number;

  // Date.now is looked up at each call, so that a test's fake clock reaches it.
  constructor(options: LifecycleOptions = {}, now: () => number = () => Date.now()) {
    const timed = options.timeScale !== undefined;
    this.#pollsPerStep = options.pollsPerStep ?? (timed ? Number.POSITIVE_INFINITY : 1);
    this.#timeScale = options.timeScale ?? 1;
    const queued = options.queuedMs ?? DEFAULT_QUEUED_MS;
    const generating = options.generatingMs ?? DEFAULT_GENERATING_MS;
    // Without a time scale only polls move a generation.
    this.#phaseEnds = timed
      ? [queued, queued + generating]
      : [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    checkOption("pollsPerStep", this.#pollsPerStep, this.#pollsPerStep >= 1, "at least 1");
    const finite = (n: number, min: number) => Number.isFinite(n) && n >= min;
    checkOption(
      "timeScale",
      this.#timeScale,
      finite(this.#timeScale, 0) && this.#timeScale > 0,
      "above 0",
    );
    checkOption("queuedMs", queued, finite(queued, 0), "at least 0");
    checkOption("generatingMs", generating, finite(generating, 0), "at least 0");
    this.#now = now;
  }

  /** Remembers a new generation and returns its id, shaped like the vendor's `<uuid>:<model>`. */
  create(model: string, outcome: Outcome, faults?: string): string {
    const id = `${randomUUID()}:${model}`;
    this.#generations.set(id, {
      model,
      createdAt: this.#now(),
      polls: 0,
      outcome,
      faults,
      urlsIssued: 0,
      urlsValidFrom: 0,
      expiredStatus: 403,
    });
    if (this.#generations.size > MAX_GENERATIONS) {
      const oldest = this.#generations.keys().next().value;
      if (oldest !== undefined) this.#generations.delete(oldest);
    }
    return id;
  }

  has(id: string): boolean {
    return this.#generations.has(id);
  }

  /** The model the generation was created for. */
  modelOf(id: string): string | undefined {
    return this.#generations.get(id)?.model;
  }

  /** The `x-mock-fault` rules the generation was created with. */
  faultsOf(id: string): string | undefined {
    return this.#generations.get(id)?.faults;
  }

  /** What the next poll of `id` sees, or undefined for an id this store did not create. */
  peek(id: string): Progress | undefined {
    const generation = this.#generations.get(id);
    if (!generation) return undefined;
    const simulated = (this.#now() - generation.createdAt) * this.#timeScale;
    const byPolls = Math.floor(generation.polls / this.#pollsPerStep);
    const byTime = this.#phaseEnds.filter((end) => simulated >= end).length;
    const step = Math.max(byPolls, byTime);
    if (step >= 2) return { status: generation.outcome, nextChangeInMs: undefined };
    const phaseEnd = this.#phaseEnds[step] ?? Number.POSITIVE_INFINITY;
    const nextChangeInMs = Number.isFinite(this.#pollsPerStep)
      ? 0
      : Math.max(0, Math.ceil((phaseEnd - simulated) / this.#timeScale));
    return { status: step === 0 ? "queued" : "generating", nextChangeInMs };
  }

  /** Counts a poll that Prism answered; unanswered ones (401, 400, ...) do not move a generation. */
  recordPoll(id: string): void {
    const generation = this.#generations.get(id);
    if (generation) generation.polls += 1;
  }

  /** Numbers a new video URL of `id`; undefined for an id this store did not create. */
  issueUrl(id: string): number | undefined {
    const generation = this.#generations.get(id);
    if (!generation) return undefined;
    generation.urlsIssued += 1;
    return generation.urlsIssued - 1;
  }

  /** The status that refuses URL number `issue` of `id` once `expireUrls` has passed it. */
  urlRefusal(id: string, issue: number): 403 | 410 | undefined {
    const generation = this.#generations.get(id);
    return generation && issue < generation.urlsValidFrom ? generation.expiredStatus : undefined;
  }

  /** Expires every URL of `id` handed out so far; the next retrieve hands out a fresh one. */
  expireUrls(id: string, status: 403 | 410): void {
    const generation = this.#generations.get(id);
    if (!generation) return;
    generation.urlsValidFrom = generation.urlsIssued;
    generation.expiredStatus = status;
  }

  list(): MockGeneration[] {
    return [...this.#generations].map(([id, g]) => ({
      id,
      model: g.model,
      createdAt: g.createdAt,
      polls: g.polls,
      status: this.peek(id)?.status ?? g.outcome,
      outcome: g.outcome,
    }));
  }
}
