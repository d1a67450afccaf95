import { describe, expect, it } from "vitest";
import type { ModelSource } from "./bundle.ts";
import { groupValidators, renderValidatorIndex, VALIDATORS_DIR } from "./validator.ts";

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
  it("share one chunk between models whose bodies check the same way, apart from the id", () => {
    const groups = groupValidators(bundle, ["acme/a", "acme/b", "acme/c"].map(model));
    expect(groups.map((g) => [g.file, g.models.map((m) => m.id)])).toEqual([
      [`${VALIDATORS_DIR}/acme.a.ts`, ["acme/a", "acme/b"]],
      [`${VALIDATORS_DIR}/acme.c.ts`, ["acme/c"]],
    ]);
    const index = renderValidatorIndex(groups);
    expect(index).toContain('"acme/b": () => import("./acme.a.js"),');
    expect(index).toContain('"acme/c": () => import("./acme.c.js"),');
  });

  it("keep a model whose schema cannot be resolved apart, with the reason", () => {
    const [broken] = groupValidators(bundle, [model("acme/broken")]);
    expect(broken?.schema).toBeInstanceOf(Error);
    expect(String(broken?.schema)).toMatch(/cannot resolve \$ref #\/components\/schemas\/Missing/);
  });
});
