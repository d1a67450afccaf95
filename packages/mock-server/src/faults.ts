/** The request header that injects faults; see the README's "Faults" for the grammar. */
export const FAULT_HEADER = "x-mock-fault";
/** The same rules in a create body's prompt, for callers that cannot set headers. */
const PROMPT_FAULT = /\[mock:fault ([^\]]+)\]/;

/** Which requests a rule acts on. */
export type FaultTarget = "create" | "poll" | "video";
export type RequestKind = FaultTarget | "other";

export type Fault =
  | { kind: "status"; status: number; retryAfter?: string }
  | { kind: "slow"; ms: number }
  | { kind: "reset"; afterBytes: number }
  | { kind: "stall"; afterBytes: number }
  | { kind: "timeout-after-create"; ms: number | undefined }
  | { kind: "expired-url"; status: 403 | 410 };

export interface FaultRule {
  fault: Fault;
  /** Undefined: whichever request carries the rule. */
  on: FaultTarget | undefined;
  times: number;
  /** Position in its header value, so each rule of a value keeps its own count. */
  index: number;
}

/** A malformed `x-mock-fault` value; the mock answers it with 400 and this message. */
export class FaultSyntaxError extends Error {
  override name = "FaultSyntaxError";
}

const TARGETS = new Set<string>(["create", "poll", "video"]);
const KINDS = "a status 400-599, slow, reset, stall, timeout-after-create or expired-url";
const PARAMS: Record<Fault["kind"], readonly string[]> = {
  status: ["retry-after", "on"],
  slow: ["ms", "on"],
  reset: ["after-bytes", "on"],
  stall: ["after-bytes", "on"],
  // These two act on one kind of request only.
  "timeout-after-create": ["ms"],
  "expired-url": ["status"],
};
const IMPLIED_TARGET: Partial<Record<Fault["kind"], FaultTarget>> = {
  "timeout-after-create": "create",
  "expired-url": "video",
};
const COMMON = ["times", "id"];

/** Parses `429; retry-after=2; times=1, slow; ms=500` into its rules. */
export function parseFaults(value: string): FaultRule[] {
  return value.split(",").map((text, index) => {
    const [head = "", ...pairs] = text.split(";").map((part) => part.trim());
    const params = new Map<string, string>();
    for (const pair of pairs) {
      const [name = "", raw] = pair.split("=").map((s) => s.trim());
      if (raw === undefined || name === "") {
        throw new FaultSyntaxError(`${FAULT_HEADER}: expected name=value, received "${pair}"`);
      }
      params.set(name.toLowerCase(), raw);
    }
    const fault = faultOf(head.toLowerCase(), params);
    const allowed = [...PARAMS[fault.kind], ...COMMON];
    for (const name of params.keys()) {
      if (!allowed.includes(name)) {
        throw new FaultSyntaxError(
          `${FAULT_HEADER}: "${head}" takes ${allowed.join(", ")}; received "${name}"`,
        );
      }
    }
    const on = params.get("on");
    if (on !== undefined && !TARGETS.has(on)) {
      throw new FaultSyntaxError(
        `${FAULT_HEADER}: on= expected create, poll or video; received "${on}"`,
      );
    }
    const times = params.has("times") ? count(params, "times", 1) : Number.POSITIVE_INFINITY;
    return {
      fault,
      on: IMPLIED_TARGET[fault.kind] ?? (on as FaultTarget | undefined),
      times,
      index,
    };
  });
}

function faultOf(kind: string, params: Map<string, string>): Fault {
  if (/^[45]\d\d$/.test(kind)) {
    const retryAfter = params.has("retry-after")
      ? String(count(params, "retry-after", 0))
      : undefined;
    return { kind: "status", status: Number(kind), ...(retryAfter && { retryAfter }) };
  }
  switch (kind) {
    case "slow":
      return { kind, ms: count(params, "ms", 0, 10_000) };
    case "reset":
    case "stall":
      return { kind, afterBytes: count(params, "after-bytes", 0, 0) };
    case "timeout-after-create":
      return { kind, ms: params.has("ms") ? count(params, "ms", 0) : undefined };
    case "expired-url": {
      const status = count(params, "status", 403, 403);
      if (status !== 403 && status !== 410) {
        throw new FaultSyntaxError(
          `${FAULT_HEADER}: status= expected 403 or 410; received ${status}`,
        );
      }
      return { kind, status };
    }
    default:
      throw new FaultSyntaxError(`${FAULT_HEADER}: expected ${KINDS}; received "${kind}"`);
  }
}

function count(params: Map<string, string>, name: string, min: number, fallback?: number): number {
  const raw = params.get(name);
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw) || value < min) {
    throw new FaultSyntaxError(
      `${FAULT_HEADER}: ${name}= expected a whole number of at least ${min}; received "${raw ?? ""}"`,
    );
  }
  return value;
}

/** The fault rules written into a create body's prompt as `[mock:fault <rules>]`, if any. */
export function promptFaults(prompt: unknown): string | undefined {
  return typeof prompt === "string" ? PROMPT_FAULT.exec(prompt)?.[1]?.trim() : undefined;
}

/**
 * Which rules act on a request. Rules come from the request's own header and, for a poll or a
 * download, from the generation's creation (only those aimed at later requests with `on=` or
 * `expired-url`). Each rule counts its uses under its source, so `times=N` holds across retries.
 */
export class FaultBook {
  readonly #uses = new Map<string, number>();
  // Bounds the memory of a long-running mock; the oldest counts are forgotten first.
  static readonly MAX_COUNTS = 10_000;

  select(sources: readonly { key: string; rules: FaultRule[] }[], kind: RequestKind): Fault[] {
    const chosen: Fault[] = [];
    for (const { key, rules } of sources) {
      for (const rule of rules) {
        if (rule.on !== undefined && rule.on !== kind) continue;
        const useKey = `${key}#${rule.index}`;
        const used = this.#uses.get(useKey) ?? 0;
        if (used >= rule.times) continue;
        this.#uses.delete(useKey);
        this.#uses.set(useKey, used + 1);
        if (this.#uses.size > FaultBook.MAX_COUNTS) {
          this.#uses.delete(this.#uses.keys().next().value ?? "");
        }
        chosen.push(rule.fault);
      }
    }
    return chosen;
  }
}
