/** What stands in for the API key wherever the SDK would otherwise show it. */
export const REDACTED = "[redacted]";

export interface Redactor {
  /** The text without the key, literal or escaped as JSON (`\u0073`) or URL (`%73`) would. */
  text(value: string): string;
  /**
   * Removes the key from an error before it leaves the SDK: message, stack, own properties
   * (bodies and generations included, at any depth) and the whole cause chain. Only what the
   * SDK hands out is rewritten, never the data it parses.
   */
  error<E>(error: E): E;
}

export function createRedactor(secret: string): Redactor {
  const pattern = new RegExp([...secret].map(anyEncoding).join(""), "g");
  const text = (value: string) => {
    pattern.lastIndex = 0;
    return pattern.test(value) ? value.replace(pattern, REDACTED) : value;
  };
  const contains = (value: unknown) => {
    pattern.lastIndex = 0;
    return pattern.test(safeDump(value));
  };

  const scrub = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === "string") return text(value);
    if (typeof value !== "object" || value === null || seen.has(value)) return value;
    seen.add(value);
    if (!contains(value)) return value;
    if (value instanceof Error) {
      // Errors are rewritten in place: the SDK made them for this call.
      const fields = value as unknown as Record<string, unknown>;
      for (const key of ["message", "stack", ...Object.keys(value)]) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (descriptor && "value" in descriptor && descriptor.writable !== false) {
          fields[key] = scrub(fields[key], seen);
        } else if (descriptor && "value" in descriptor && typeof descriptor.value === "string") {
          Object.defineProperty(value, key, { ...descriptor, value: text(descriptor.value) });
        }
      }
      if ("cause" in value) fields.cause = scrub(value.cause, seen);
      return value;
    }
    // Data (a body, a generation) is copied, so the caller's and the parser's objects stay intact.
    if (Array.isArray(value)) return value.map((item) => scrub(item, seen));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), scrub(v, seen)]));
  };

  return { text, error: (error) => scrub(error, new WeakSet()) as typeof error };
}

/** One character of the key as it may appear: itself, JSON-escaped or percent-encoded. */
function anyEncoding(char: string): string {
  const hex = char.charCodeAt(0).toString(16).padStart(2, "0");
  const anyCase = [...hex].map((h) => (/[a-f]/.test(h) ? `[${h}${h.toUpperCase()}]` : h)).join("");
  const literal = char.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
  return `(?:${literal}|\\\\u00${anyCase}|%${anyCase})`;
}

/** Every string reachable from an error, for a cheap "does the key appear at all" test. */
function safeDump(value: unknown): string {
  const parts: string[] = [];
  const seen = new WeakSet<object>();
  const visit = (v: unknown, depth: number) => {
    if (typeof v === "string") parts.push(v);
    else if (typeof v === "object" && v !== null && depth < 32 && !seen.has(v)) {
      seen.add(v);
      if (v instanceof Error) {
        parts.push(v.message, v.stack ?? "");
        visit((v as { cause?: unknown }).cause, depth + 1);
      }
      for (const [key, item] of Object.entries(v)) {
        parts.push(key);
        visit(item, depth + 1);
      }
    }
  };
  visit(value, 0);
  return parts.join("\n");
}
