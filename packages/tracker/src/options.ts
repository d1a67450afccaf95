/** `undefined` means the default; anything else must be a finite number above zero. */
export function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Invalid ${name}: expected a positive number, received ${String(value)}.`);
  }
  return value;
}
