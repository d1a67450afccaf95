/**
 * The polling simulation of `pnpm bench`, in virtual time: no timers, no server. Each job has a
 * true duration drawn from what Kling documents (5–6 min for a 5 s video, 11–14 min for 10 s,
 * plus a few stragglers); a schedule polls it until a poll lands at or after that duration.
 * Detection lag = that poll's time − the true duration; GETs = polls made.
 */
import { DEFAULT_POLL_SCHEDULE } from "@aimlapi-video/client";
import {
  DEFAULT_LEARN_OPTIONS,
  defaultPlan,
  jitteredPoll,
  learnedPlan,
  type Observation,
  type PollPlan,
} from "../src/schedule.js";

const MIN = 60_000;

/** A small deterministic PRNG (mulberry32), so every run prints the same numbers. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Profile {
  name: string;
  /** Draws a true duration in ms. */
  draw(random: () => number): number;
}

/** 97 % uniform over the documented range, 3 % stragglers up to 30 % past its end. */
const kling = (name: string, fromMin: number, toMin: number): Profile => ({
  name,
  draw: (random) => {
    const from = fromMin * MIN;
    const to = toMin * MIN;
    return random() < 0.97 ? from + random() * (to - from) : to + random() * 0.3 * to;
  },
});

const PROFILES = [
  kling("Kling 5 s video (5–6 min)", 5, 6),
  kling("Kling 10 s video (11–14 min)", 11, 14),
];

/** Polls one job the way the tracker does (`jitteredPoll`: each offset moved by ±10 % of its gap). */
function runJob(plan: PollPlan, duration: number, random: () => number) {
  let nominal = 0;
  let at = 0;
  let polls = 0;
  for (;;) {
    const previous = at;
    ({ nominal, at } = jitteredPoll(plan, nominal, at, random));
    polls += 1;
    if (at >= duration) {
      return {
        lag: at - duration,
        polls,
        observation: { ms: (previous + at) / 2, widthMs: at - previous },
      };
    }
  }
}

interface Result {
  lag: number;
  polls: number;
  minPolls: number;
  maxPolls: number;
}

function measure(
  plan: (obs: Observation[]) => PollPlan,
  profile: Profile,
  jobs: number,
  seed: number,
  learnFrom: Observation[] = [],
): Result {
  const random = rng(seed);
  const observations = [...learnFrom];
  let lag = 0;
  let polls = 0;
  let minPolls = Number.POSITIVE_INFINITY;
  let maxPolls = 0;
  for (let i = 0; i < jobs; i++) {
    const job = runJob(plan(observations), profile.draw(random), random);
    observations.push(job.observation);
    lag += job.lag;
    polls += job.polls;
    minPolls = Math.min(minPolls, job.polls);
    maxPolls = Math.max(maxPolls, job.polls);
  }
  return { lag: lag / jobs, polls: polls / jobs, minPolls, maxPolls };
}

/** The first `count` observations a tracker makes with the default schedule, before any history. */
function bootstrap(profile: Profile, count: number, seed: number): Observation[] {
  const random = rng(seed);
  const plan = defaultPlan();
  return Array.from(
    { length: count },
    () => runJob(plan, profile.draw(random), random).observation,
  );
}

/** Learns again after every `count` new observations, as the tracker refreshes its plans. */
function relearnEvery(count: number) {
  let plan: PollPlan = defaultPlan();
  let learnedAt = -count;
  return (obs: Observation[]) => {
    if (obs.length - learnedAt >= count) {
      plan = learnedPlan(obs) ?? plan;
      learnedAt = obs.length;
    }
    return plan;
  };
}

const every = (ms: number): PollPlan => ({
  source: "default",
  next: (t) => (Math.floor(t / ms) + 1) * ms,
});
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const row = (label: string, r: Result) =>
  `  ${label.padEnd(44)} lag ${seconds(r.lag).padStart(7)}   GETs/job ${r.polls.toFixed(1).padStart(5)} (${r.minPolls}–${r.maxPolls})`;

export function simulate(jobs = 2_000): string[] {
  const out: string[] = [];
  for (const [index, profile] of PROFILES.entries()) {
    const seed = 1_000 + index;
    const first50 = bootstrap(profile, 50, seed);
    const frozen = learnedPlan(first50);
    if (!frozen) throw new Error("50 observations must be enough to learn a plan");
    out.push(`${profile.name}, ${jobs} jobs each:`);
    out.push(
      row(
        "default schedule (client's waitForGeneration)",
        measure(() => defaultPlan(), profile, jobs, seed),
      ),
    );
    out.push(
      row(
        "vendor loop (every 15 s)",
        measure(() => every(15_000), profile, jobs, seed),
      ),
    );
    out.push(
      row(
        "learned from the first 50 completions",
        measure(() => frozen, profile, jobs, seed),
      ),
    );
    out.push(
      row(
        "learned, still learning (steady state)",
        measure(relearnEvery(50), profile, jobs, seed, first50),
      ),
    );
    out.push("  trade-off (mean lag vs GETs/job):");
    for (const scale of [0.5, 0.75, 1, 1.5, 2]) {
      const plan = defaultPlan({
        ...DEFAULT_POLL_SCHEDULE,
        firstDelayMs: DEFAULT_POLL_SCHEDULE.firstDelayMs * scale,
        intervalMs: DEFAULT_POLL_SCHEDULE.intervalMs * scale,
        maxIntervalMs: DEFAULT_POLL_SCHEDULE.maxIntervalMs * scale,
      });
      out.push(
        row(
          `  default × ${scale}`,
          measure(() => plan, profile, jobs, seed),
        ),
      );
    }
    for (const interval of [5_000, 10_000, 15_000, 30_000]) {
      out.push(
        row(
          `  fixed every ${interval / 1000} s`,
          measure(() => every(interval), profile, jobs, seed),
        ),
      );
    }
    for (const targetLagMs of [1_000, 2_000, 2_500, 4_000, 8_000]) {
      const plan = learnedPlan(first50, { ...DEFAULT_LEARN_OPTIONS, targetLagMs });
      if (plan)
        out.push(
          row(
            `  learned, target ${targetLagMs / 1000} s`,
            measure(() => plan, profile, jobs, seed),
          ),
        );
    }
  }
  return out;
}
