/** What a generation cost, as the API reported it. */
export interface GenerationCost {
  usd?: number | undefined;
  credits?: number | undefined;
}

/** The generation with what it cost, when its answer said (`cost` is left out otherwise). */
export type Costed<G> = G & { cost?: GenerationCost };

const finite = (value: unknown): number | undefined => {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number >= 0 ? number : undefined;
};

/**
 * Adds `cost` from the generation's `meta.usage` (`usd_spent`, `credits_used`): what the
 * generation cost. The answer's `x-aimlapi-usd-spent` / `x-aimlapi-credits-used` headers are the
 * request's cost, taken only where `meta.usage` says nothing and they are above zero (a poll is
 * free, so a zero there says nothing about the generation).
 */
export function withCost<G extends object>(generation: G, headers: Headers): Costed<G> {
  const usage = (generation as { meta?: { usage?: Record<string, unknown> | null } | null }).meta
    ?.usage;
  const fromHeader = (name: string) => {
    const value = finite(headers.get(name));
    return value ? value : undefined;
  };
  const usd = finite(usage?.usd_spent) ?? fromHeader("x-aimlapi-usd-spent");
  const credits = finite(usage?.credits_used) ?? fromHeader("x-aimlapi-credits-used");
  if (usd === undefined && credits === undefined) return generation;
  return { ...generation, cost: { usd, credits } };
}
