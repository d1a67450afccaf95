import { AimlApiError } from "./errors.js";

/** The longest delay a timer can hold: setTimeout turns anything longer into 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  unit?: string;
}

/**
 * Checks a numeric option before anything is sent, so that a typo cannot turn into a hot loop or
 * an instant failure after a paid create. `undefined` means "the default" and is never checked.
 */
export function checkNumber(name: string, value: unknown, rule: NumberRule): void {
  if (value === undefined) return;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= rule.min &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value));
  if (ok) return;
  const kind = rule.integer ? "a whole number" : "a number";
  const unit = rule.unit ? ` ${rule.unit}` : "";
  throw new AimlApiError(
    `Invalid ${name}: expected ${kind} from ${rule.min} to ${rule.max}${unit}, received ${describe(value)}.`,
  );
}

const describe = (value: unknown) =>
  typeof value === "string" ? `the string ${JSON.stringify(value)}` : String(value);

/** `{ ...base, ...override }`, except that an `undefined` in the override keeps the base value. */
export function withDefaults<T extends object>(base: T, override: Partial<T> | undefined): T {
  const merged = { ...base };
  for (const key in override) {
    const value = override[key];
    if (value !== undefined) merged[key] = value as T[typeof key];
  }
  return merged;
}
