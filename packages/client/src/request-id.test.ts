import { describe, expect, it } from "vitest";
import { isValidClientRequestId, toClientRequestId } from "./request-id.js";

describe("toClientRequestId", () => {
  it.each(["order-1234", "a", "A.b_c:d-9", "x".repeat(128)])(
    "keeps %s, which the API accepts",
    async (value) => {
      expect(await toClientRequestId(value)).toBe(value);
    },
  );

  it.each([
    ["a space", "order 1234"],
    ["a slash", "orders/1234"],
    ["non-ASCII", "commande-é"],
    ["129 characters", "x".repeat(129)],
    ["an emoji", "🎬"],
  ])("maps a value with %s to a stable derived id the API accepts", async (_, value) => {
    const id = await toClientRequestId(value);
    expect(isValidClientRequestId(id)).toBe(true);
    expect(id).toMatch(/^[A-Za-z0-9._:-]{1,64}:[0-9a-f]{32}$/);
    expect(await toClientRequestId(value)).toBe(id);
  });

  it("derives the documented form: readable part, then the SHA-256's first 32 hex digits", async () => {
    // Computed independently, with node:crypto.
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256").update("order 1234").digest("hex").slice(0, 32);
    expect(await toClientRequestId("order 1234")).toBe(`order_1234:${hash}`);
  });

  it("keeps two values that read alike apart", async () => {
    const a = await toClientRequestId("order 1");
    const b = await toClientRequestId("order/1");
    expect(a.split(":")[0]).toBe(b.split(":")[0]);
    expect(a).not.toBe(b);
  });

  it("refuses an empty value, naming the option", async () => {
    await expect(toClientRequestId("")).rejects.toThrow(
      'Invalid clientRequestId: expected a non-empty string, received ""',
    );
  });
});
