import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRedactor, MIN_PREFIX_LENGTH, MIN_SECRET_LENGTH, REDACTED } from "./redact.js";

const KEY = "sk-test-0123456789abcdef";
const redact = createRedactor(KEY);
const START = KEY.slice(0, MIN_PREFIX_LENGTH);

describe("a key cut off", () => {
  it("by the server, at every length: no start of MIN_PREFIX_LENGTH characters is left", () => {
    for (let cut = 1; cut < KEY.length; cut++) {
      const echo = `Invalid Authorization: Bearer ${KEY.slice(0, cut)}`;
      for (const after of ["", "…", "...", " is not valid", '"}', "\n"]) {
        const out = redact.text(echo + after);
        expect(out, `cut ${cut}, then ${JSON.stringify(after)}`).not.toContain(START);
        if (cut >= MIN_PREFIX_LENGTH)
          expect(out).toBe(`Invalid Authorization: Bearer ${REDACTED}${after}`);
      }
    }
  });

  it("by the SDK (clip), at every position of the key: redacted first, then cut", () => {
    const text = `${"x".repeat(40)} Bearer ${KEY} and the rest of the server's page`;
    for (let max = 1; max <= text.length; max++) {
      const out = redact.clip(text, max);
      expect(out, `clipped at ${max}`).not.toContain(KEY.slice(0, 2));
      // Never a piece of the marker, and never more than the marker past the cut.
      expect(out.length).toBeLessThanOrEqual(max + REDACTED.length - 1);
      if (out.length > text.indexOf("Bearer") + 7) expect(out).toContain(REDACTED);
    }
  });

  it("anywhere in any text, for any key of a real length (property)", () => {
    const keyChar = fc.constantFrom(
      ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
    );
    fc.assert(
      fc.property(
        fc.string({ unit: keyChar, minLength: MIN_SECRET_LENGTH, maxLength: 48 }),
        fc.string({ maxLength: 60 }),
        fc.nat(),
        fc.constantFrom(" ", "=", '"', ":", "\n", "("),
        fc.string({ maxLength: 20 }),
        (key, before, cutSeed, glue, after) => {
          const { text } = createRedactor(key);
          const cut = MIN_PREFIX_LENGTH + (cutSeed % (key.length - MIN_PREFIX_LENGTH + 1));
          const echoed = before + glue + key.slice(0, cut);
          // Cut by the server (the text ends there), or kept whole and followed by anything.
          expect(text(echoed)).not.toContain(key.slice(0, MIN_PREFIX_LENGTH));
          expect(text(`${before}${glue}${key}${after}`)).not.toContain(key);
        },
      ),
    );
  });
});

describe("a key too short to be real is redacted as a whole token only", () => {
  it("leaves ordinary words alone", () => {
    const message = "Invalid request body. Pass { validate: false } to send it anyway.";
    for (const key of ["any", "e", "a", "send", "redacted", "[redacted]", "valid"]) {
      expect(createRedactor(key).text(message), key).toBe(
        key === "send" || key === "valid"
          ? message.replace(new RegExp(`\\b${key}\\b`), REDACTED)
          : message,
      );
    }
  });

  it("still redacts it standing alone, literal or escaped", () => {
    const { text } = createRedactor("any");
    expect(text('key "any" rejected; key=any&x; key%3Dany; \\u0061\\u006e\\u0079.')).toBe(
      `key "${REDACTED}" rejected; key=${REDACTED}&x; key%3D${REDACTED}; ${REDACTED}.`,
    );
  });

  it("never redacts the marker again, however often it runs", () => {
    for (const key of ["e", "r", "d", "redacted", "[redacted]", "]", "["]) {
      const { text } = createRedactor(key);
      const once = text(`key ${key} rejected`);
      expect(once, key).toBe(`key ${REDACTED} rejected`);
      expect(text(once), key).toBe(once);
      expect(text(REDACTED), key).toBe(REDACTED);
    }
  });
});

describe("a real key is redacted wherever it is", () => {
  it("even inside a longer word, and escaped", () => {
    const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    expect(redact.text(`Bearer${KEY}x ${escaped.join("")} ${encodeURIComponent(KEY)}`)).toBe(
      `Bearer${REDACTED}x ${REDACTED} ${REDACTED}`,
    );
  });

  it("however long: a key of 100,000 characters, whole or cut", () => {
    const long = "k7".repeat(50_000);
    const { text } = createRedactor(long);
    expect(text(`Bearer ${long} and Bearer ${long.slice(0, 70_001)}`)).toBe(
      `Bearer ${REDACTED} and Bearer ${REDACTED}`,
    );
  });

  it("but not an id that merely starts like it", () => {
    expect(redact.text(`${START}x-y and x${START}`)).toBe(`${START}x-y and x${START}`);
  });
});
