/** What stands in for the API key wherever the SDK would otherwise show it. */
export const REDACTED = "[redacted]";

/**
 * Keys at least this long are removed wherever they appear, even inside a longer word. Shorter
 * ones are placeholders (`AIMLAPI_API_KEY=any` for the mock), removed only as whole tokens, so
 * that `any` never mangles "anyway".
 */
export const MIN_SECRET_LENGTH = 16;

/**
 * The shortest start of a key (of MIN_SECRET_LENGTH or more) removed where a text ends or a token
 * stops: a server or the SDK cut the text there. Shorter starts stay: they reveal next to
 * nothing, and would otherwise match ordinary words and ids.
 */
export const MIN_PREFIX_LENGTH = 6;

export interface Redactor {
  /**
   * The text without the key, literal or escaped as JSON (`\u0073`) or URL (`%73`) would, nor
   * any start of it of at least MIN_PREFIX_LENGTH characters that a cut left at the end of a
   * token. The marker itself is never redacted again.
   */
  text(value: string): string;
  /** The text without the key, then cut to `maxChars` (never inside the marker), then redacted again at the cut. */
  clip(value: string, maxChars: number): string;
  /**
   * Removes the key from an error before it leaves the SDK: message, stack, own properties
   * (bodies and generations included, at any depth) and the whole cause chain. Only what the
   * SDK hands out is rewritten, never the data it parses.
   */
  error<E>(error: E): E;
}

/** A character that continues a token: the key is not matched inside a longer one. */
const WORD = /[A-Za-z0-9_-]/;
/** Where a token starts: after a non-word character, or an escape (`%3D`, `\u003d`, `\n`). */
const TOKEN_START = /(?<=^|[^A-Za-z0-9_-]|%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\[bfnrt])/y;
const MARKER = escapeRegExp(REDACTED);

const startsToken = (value: string, at: number) => {
  TOKEN_START.lastIndex = at;
  return TOKEN_START.test(value);
};
const endsToken = (value: string, at: number) => !WORD.test(value[at] ?? " ");

export function createRedactor(secret: string): Redactor {
  const keyChars = [...secret];
  const real = secret.length >= MIN_SECRET_LENGTH;
  // Where the key may begin: its first characters, in any encoding. Small whatever the key's
  // length; each place is then walked one character at a time (a pattern of the whole key
  // overflows V8's stack for keys of a few thousand characters).
  const head = keyChars.slice(0, MIN_PREFIX_LENGTH).map(anyEncoding).join("");
  const found = new RegExp(head);
  // The marker first: at each position it wins, so it is never redacted again.
  const candidates = new RegExp(`${MARKER}|${head}`, "g");
  const oneChar = new Map([...new Set(keyChars)].map((c) => [c, new RegExp(anyEncoding(c), "y")]));

  /** Where the key (or a start of it a cut left) found at `from` ends, if it is to go. */
  const keyEnd = (value: string, from: number): number | undefined => {
    const ends: number[] = [];
    let at = from;
    for (const char of keyChars) {
      const pattern = oneChar.get(char) as RegExp;
      pattern.lastIndex = at;
      if (!pattern.test(value)) break;
      at = pattern.lastIndex;
      ends.push(at);
    }
    const whole = ends.length === keyChars.length;
    if (real && whole) return at; // a real key goes wherever it is
    if (!startsToken(value, from)) return undefined;
    if (!real) return whole && endsToken(value, at) ? at : undefined;
    // A real key's start, cut where a token ends.
    for (let length = ends.length; length >= MIN_PREFIX_LENGTH; length--) {
      const end = ends[length - 1] as number;
      if (endsToken(value, end)) return end;
    }
    return undefined;
  };

  const text = (value: string) => {
    if (keyChars.length === 0 || !found.test(value)) return value;
    let out = "";
    let kept = 0;
    candidates.lastIndex = 0;
    for (let match = candidates.exec(value); match; match = candidates.exec(value)) {
      if (match[0] === REDACTED) continue;
      const end = keyEnd(value, match.index);
      if (end === undefined) {
        candidates.lastIndex = match.index + 1;
        continue;
      }
      out += value.slice(kept, match.index) + REDACTED;
      kept = candidates.lastIndex = end;
    }
    return kept === 0 ? value : out + value.slice(kept);
  };
  const contains = (value: unknown) => found.test(safeDump(value));

  const clip = (value: string, maxChars: number) => {
    const clean = text(value);
    if (clean.length <= maxChars) return clean;
    const marker = clean.lastIndexOf(REDACTED, maxChars - 1);
    const end =
      marker >= 0 && marker + REDACTED.length > maxChars ? marker + REDACTED.length : maxChars;
    return text(clean.slice(0, end));
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

  return { text, clip, error: (error) => scrub(error, new WeakSet()) as typeof error };
}

/** One character of the key as it may appear: itself, JSON-escaped or percent-encoded. */
function anyEncoding(char: string): string {
  const hex = char.charCodeAt(0).toString(16).padStart(2, "0");
  const anyCase = [...hex].map((h) => (/[a-f]/.test(h) ? `[${h}${h.toUpperCase()}]` : h)).join("");
  const literal = escapeRegExp(char);
  // JSON writes these three with a backslash rather than as \u00XX.
  const json = char === '"' || char === "\\" || char === "/" ? `|\\\\${literal}` : "";
  return `(?:${literal}|\\\\u00${anyCase}|%${anyCase}${json})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
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
