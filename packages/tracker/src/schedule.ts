import { DEFAULT_POLL_SCHEDULE, type PollSchedule } from "@aimlapi-video/client";

/**
 * When to poll one generation, as offsets in milliseconds after its create returned. A plan is a
 * pure function of the elapsed time, so a generation picked up after a restart (or by another
 * worker) continues the same plan without any per-generation state.
 */
export interface PollPlan {
  /** The offset of the first poll strictly after `elapsedMs`. */
  next(elapsedMs: number): number;
  /** How the plan was made, for logs and the bench. */
  readonly source: "default" | "learned";
}

/** One observed completion: it happened `ms` after the create, known to within `widthMs`. */
export interface Observation {
  ms: number;
  /** The gap between the last poll that saw it unfinished and the one that saw it final. */
  widthMs: number;
}

export interface LearnOptions {
  /** Below this many observations, use the default schedule. */
  minObservations: number;
  /** Place as few polls as reach this mean detection lag over the observed completions. */
  targetLagMs: number;
  /** Before the completions start, poll this rarely at most: only early failures can show up there. */
  sentinelMaxIntervalMs: number;
  /** Never poll one generation more often than this. */
  minGapMs: number;
}

export const DEFAULT_LEARN_OPTIONS: LearnOptions = {
  minObservations: 20,
  targetLagMs: 2_500,
  sentinelMaxIntervalMs: 60_000,
  minGapMs: 1_000,
};

/** Only the newest observations count: durations drift with the vendor's load. */
export const MAX_OBSERVATIONS = 200;

/** A plan that polls at the given ascending offsets, then every `maxIntervalMs` forever. */
function offsetsPlan(
  offsets: number[],
  maxIntervalMs: number,
  source: PollPlan["source"],
): PollPlan {
  const last = offsets.at(-1) ?? 0;
  return {
    source,
    next(elapsedMs) {
      if (elapsedMs >= last)
        return last + (Math.floor((elapsedMs - last) / maxIntervalMs) + 1) * maxIntervalMs;
      let lo = 0;
      let hi = offsets.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((offsets[mid] as number) > elapsedMs) hi = mid;
        else lo = mid + 1;
      }
      return offsets[lo] as number;
    },
  };
}

/** The offsets of a geometric schedule (first delay, then intervals growing by `backoff` up to a cap). */
function geometric(
  schedule: Pick<PollSchedule, "firstDelayMs" | "intervalMs" | "backoff" | "maxIntervalMs">,
  from: number,
  until: number,
): number[] {
  const offsets: number[] = [];
  let t = from + schedule.firstDelayMs;
  let gap = schedule.intervalMs;
  while (t < until) {
    offsets.push(t);
    t += gap;
    gap = Math.min(schedule.maxIntervalMs, gap * schedule.backoff);
  }
  return offsets;
}

/** The client's `waitForGeneration` schedule (without jitter, which the scheduler adds). */
export function defaultPlan(schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): PollPlan {
  return offsetsPlan(geometric(schedule, 0, schedule.timeoutMs), schedule.maxIntervalMs, "default");
}

/**
 * A plan learned from observed completion times. Polls are rare before the completions start
 * (sentinels, for early failures), dense where completions happen, and back to the default
 * schedule's pace for stragglers. Inside the window the polls are spread with a density
 * proportional to the square root of the completions' density, which minimises the mean
 * detection lag for a given number of polls; the number is the smallest that reaches
 * `targetLagMs` over the observations. Undefined when there are too few observations.
 */
export function learnedPlan(
  observations: readonly Observation[],
  options: LearnOptions = DEFAULT_LEARN_OPTIONS,
  schedule: PollSchedule = DEFAULT_POLL_SCHEDULE,
): PollPlan | undefined {
  const obs = observations.slice(-MAX_OBSERVATIONS);
  if (obs.length < Math.max(1, options.minObservations)) return undefined;
  const { kernels, lo, hi } = density(obs);

  // The cumulative integral of sqrt(density) over a grid covering the window.
  const steps = 2_000;
  const dt = (hi - lo) / steps;
  const cumulative = new Float64Array(steps + 1);
  for (let i = 1; i <= steps; i++) {
    const t = lo + (i - 0.5) * dt;
    let f = 0;
    for (const k of kernels) f += Math.exp(-0.5 * ((t - k.mu) / k.sd) ** 2) / k.sd;
    cumulative[i] = (cumulative[i - 1] as number) + Math.sqrt(f) * dt;
  }
  const total = cumulative[steps] as number;
  /** The grid points where the integral reaches each of `count` equal shares. */
  const equalShares = (count: number) => {
    const points: number[] = [];
    let i = 1;
    for (let j = 1; j <= count; j++) {
      while (i < steps && (cumulative[i] as number) < (j / count) * total) i++;
      points.push(Math.round(lo + i * dt));
    }
    return points;
  };

  const sentinels = geometric({ ...schedule, maxIntervalMs: options.sentinelMaxIntervalMs }, 0, lo);
  const stragglers = geometric(
    { ...schedule, firstDelayMs: schedule.intervalMs },
    hi,
    schedule.timeoutMs,
  );
  const maxPolls = Math.max(1, Math.floor((hi - lo) / options.minGapMs));
  const plan = (count: number) => {
    const offsets = [...sentinels];
    for (const t of [...equalShares(count), ...stragglers]) {
      if (t > (offsets.at(-1) ?? 0)) offsets.push(t);
    }
    return offsetsPlan(offsets, schedule.maxIntervalMs, "learned");
  };
  // Fewest polls that reach the target lag: the mean lag falls roughly as 1/count, so search.
  let low = 1;
  let high = maxPolls;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (meanLag(plan(mid), obs) <= options.targetLagMs) high = mid;
    else low = mid + 1;
  }
  return plan(low);
}

/** A Gaussian kernel per observation, widened by how imprecisely it was seen. */
function density(obs: readonly Observation[]) {
  const values = obs.map((o) => o.ms).sort((a, b) => a - b);
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  const iqr = quantile(values, 0.75) - quantile(values, 0.25);
  const spread = Math.min(sd, iqr / 1.349) || sd || 1_000;
  const bandwidth = Math.max(250, 0.9 * spread * n ** -0.2);
  const kernels = obs.map((o) => ({
    mu: o.ms,
    sd: Math.sqrt(bandwidth ** 2 + o.widthMs ** 2 / 12),
  }));
  const lo = Math.max(0, Math.min(...kernels.map((k) => k.mu - 2.5 * k.sd)));
  const hi = Math.max(...kernels.map((k) => k.mu + 2.5 * k.sd));
  return { kernels, lo, hi };
}

function quantile(sorted: readonly number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const below = sorted[Math.floor(i)] as number;
  const above = sorted[Math.ceil(i)] as number;
  return below + (above - below) * (i - Math.floor(i));
}

/**
 * The next poll after the one planned at offset `nominal` (made at `at`): the plan's next offset,
 * moved by up to ±`jitter` of the gap so that generations created together do not poll in step.
 * The plan advances from the nominal offset, so the jitter never adds or drops a poll.
 */
export function jitteredPoll(
  plan: PollPlan,
  nominal: number,
  at: number,
  random: () => number = Math.random,
  jitter = DEFAULT_POLL_SCHEDULE.jitter,
): { nominal: number; at: number } {
  const next = plan.next(nominal);
  return { nominal: next, at: Math.max(at, next + (next - nominal) * jitter * (2 * random() - 1)) };
}

/** The mean time from each observed completion to the first poll at or after it. */
export function meanLag(plan: PollPlan, obs: readonly Observation[]): number {
  let sum = 0;
  for (const o of obs) sum += plan.next(o.ms - 1e-9) - o.ms;
  return sum / obs.length;
}

/** How many polls `plan` makes for a generation that finishes at `ms`, the detecting one included. */
export function pollsUntil(plan: PollPlan, ms: number): number {
  let polls = 0;
  let t = 0;
  do {
    t = plan.next(t);
    polls += 1;
  } while (t < ms);
  return polls;
}
