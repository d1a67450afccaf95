import { describe, expect, it } from "vitest";
import type { ModelSource } from "./bundle.ts";
import {
  groupValidators,
  renderValidatorChunk,
  renderValidatorIndex,
  VALIDATORS_DIR,
  validationSchema,
} from "./validator.ts";

const body = (model: string, duration: number[]) => ({
  type: "object",
  properties: {
    model: { type: "string", enum: [model] },
    prompt: { type: "string", description: "What to film." },
    duration: { type: "integer", enum: duration },
  },
  required: ["model", "prompt"],
});
const bundle = {
  components: {
    schemas: {
      "acme.a": body("acme/a", [5, 10]),
      "acme.b": body("acme/b", [5, 10]),
      "acme.c": body("acme/c", [4, 8]),
      "acme.broken": { $ref: "#/components/schemas/Missing" },
      "acme.unchecked": { ...body("acme/unchecked", [5]), additionalProperties: false },
    },
  },
};
const model = (id: string): ModelSource => ({
  id,
  component: id.replace("/", "."),
  file: "f.json",
  origin: "authored",
  shadowed: [],
});

describe("validators", () => {
  it("share one schema between models whose bodies check the same way, in their vendor's chunk", () => {
    const groups = groupValidators(bundle, ["acme/a", "acme/b", "acme/c"].map(model));
    expect(groups.map((g) => [g.file, g.key, g.models.map((m) => m.id)])).toEqual([
      [`${VALIDATORS_DIR}/acme.ts`, "acme.a", ["acme/a", "acme/b"]],
      [`${VALIDATORS_DIR}/acme.ts`, "acme.c", ["acme/c"]],
    ]);
    const index = renderValidatorIndex(groups);
    expect(index).toContain('() => import("./acme.js"),');
    expect(index).toContain('"acme/b": [0, "acme.a"],');
    expect(index).toContain('"acme/c": [0, "acme.c"],');
    const chunk = renderValidatorChunk(groups);
    expect(chunk).toContain('"acme.c": {"type":"object","properties":{"model":{"type":"string"},');
    expect(chunk).not.toContain("What to film."); // descriptions do not check anything
  });

  it("refuse a keyword the client's checker does not know", () => {
    expect(() => validationSchema(bundle, "acme.unchecked")).toThrow(
      "acme.unchecked: the client's validator does not check additionalProperties",
    );
  });

  it("keep a model whose schema cannot be resolved apart, with the reason", () => {
    const [broken] = groupValidators(bundle, [model("acme/broken")]);
    expect(broken?.schema).toBeInstanceOf(Error);
    expect(String(broken?.schema)).toMatch(/cannot resolve \$ref #\/components\/schemas\/Missing/);
  });
});
