/** `undefined` means the default; anything else must be a finite number above zero. */
export function positive<F extends number | undefined>(
  name: string,
  value: number | undefined,
  fallback: F,
): number | F {
  return checked(name, value, fallback, "a positive number", (number) => number > 0);
}

/** `undefined` means the default; anything else must be a finite number of 0 or more. */
export function nonNegative<F extends number | undefined>(
  name: string,
  value: number | undefined,
  fallback: F,
): number | F {
  return checked(name, value, fallback, "a number of 0 or more", (number) => number >= 0);
}

function checked<F extends number | undefined>(
  name: string,
  value: number | undefined,
  fallback: F,
  expected: string,
  valid: (value: number) => boolean,
): number | F {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !valid(value)) {
    throw new TypeError(`Invalid ${name}: expected ${expected}, received ${String(value)}.`);
  }
  return value;
}

/** An instant given as epoch ms or a Date, as epoch ms; `undefined` stays undefined. */
export function instant(name: string, value: number | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new TypeError(
      `Invalid ${name}: expected epoch milliseconds or a valid Date, received ${String(value)}.`,
    );
  }
  return ms;
}
