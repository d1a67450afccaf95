/** Refuses a numeric option outside its range, naming it, what it expects and what it received. */
export function checkOption(name: string, value: number, ok: boolean, expected: string): void {
  if (!ok) throw new RangeError(`${name} must be a number ${expected}; received ${value}`);
}
