// Which document a definition is taken from when several give one: the vendor's over ours, equal
// ones merged, and two of the same origin that differ refused, naming both and where they differ.
import { isDeepStrictEqual } from "node:util";
import { isObject, type Origin, type QuirkWarning, RANK } from "./openapi.ts";

/** Two documents disagree and neither has precedence: the bundle is refused. */
export class BundleConflictError extends Error {
  override name = "BundleConflictError";
}

/** The first JSON path where `a` and `b` differ, for a conflict message. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const found = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (found) return found;
    }
  }
  return path;
}

/** Picks what each key resolves to: precedence by origin, equal values merge, others conflict. */
export class Claims<T> {
  readonly #entries = new Map<string, { file: string; origin: Origin; value: T }>();
  constructor(readonly warnings: QuirkWarning[]) {}

  claim(key: string, path: string, file: string, origin: Origin, value: T): void {
    const previous = this.#entries.get(key);
    if (!previous || RANK[origin] < RANK[previous.origin]) {
      if (previous) this.#shadow(path, previous.file, file);
      this.#entries.set(key, { file, origin, value });
      return;
    }
    if (RANK[origin] > RANK[previous.origin]) {
      this.#shadow(path, file, previous.file);
      return;
    }
    const diff = firstDifference(previous.value, value, path);
    if (diff) {
      throw new BundleConflictError(
        `${key} is defined differently by ${previous.file} and ${file} (first difference at ${diff}); make them agree or remove one`,
      );
    }
  }

  #shadow(path: string, loser: string, winner: string) {
    this.warnings.push({ file: loser, path, message: `shadowed by ${winner}` });
  }

  get(key: string) {
    return this.#entries.get(key);
  }
  entries() {
    return [...this.#entries];
  }
}
