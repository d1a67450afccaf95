// The checker against Ajv (what compiled the validators before, and the reference for JSON
// Schema): for random bodies of every model, the same verdict, the same errors in the same
// order, and so the same issues.
import { Ajv, type ValidateFunction } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BodySchema, bodyValidator, isUri } from "./body-schema.js";
import { chunks, validators } from "./generated/validators/index.js";
import { describeFailure, type SchemaValidator } from "./validate-issues.js";

const ids = Object.keys(validators);

async function schemaOf(id: string): Promise<BodySchema> {
  const [chunk, key] = validators[id] as [number, string];
  const { schemas } = await (chunks[chunk] as (typeof chunks)[number])();
  return schemas[key] as BodySchema;
}

function ajvValidator(schema: BodySchema): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("uri", isUri);
  return ajv.compile(schema);
}

const junk = fc.oneof(
  fc.constantFrom(null, true, NaN, Infinity, -0, "", "5", " 12 ", [], {}),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
);
const strings = (min = 0, max = 12) => {
  const lengths = { minLength: Math.max(0, min - 1), maxLength: Math.min(max + 1, 4000) };
  // At the limits, with characters beyond the BMP: lengths count code points, not UTF-16 units.
  const edge = (n: number) =>
    fc.string({ minLength: Math.max(0, n - 1), maxLength: n + 1, unit: "binary" });
  return fc.oneof(
    fc.string(lengths),
    fc.string({ ...lengths, unit: "binary" }),
    edge(min),
    edge(max),
  );
};
const uris = fc.oneof(
  fc.webUrl(),
  fc.constantFrom("not-a-url", "C:\\video.mp4", "data:image/png;base64,AAAA", "data:image/png"),
  fc.constantFrom("HTTPS://example.com/a b", "mailto:a@b.c", "ftp://", "http://[::1]:80/x"),
);
const around = (min = -1000, max = 1000, integer = false) => {
  const edges = [min - 1, min, max, max + 1, min + 0.5, max - 0.5];
  const within = { min: Math.max(min - 2, -1e6), max: Math.min(max + 2, 1e6) };
  return fc.oneof(
    fc.constantFrom(...edges),
    fc.integer(within),
    integer ? fc.integer(within) : fc.double({ ...within, noNaN: true }),
  );
};

/** Bodies near the schema: mostly right, with wrong types, bounds, lengths and fields mixed in. */
function near(schema: BodySchema, depth = 0): fc.Arbitrary<unknown> {
  const right: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) right.push(fc.constantFrom(...schema.enum));
  for (const member of schema.anyOf ?? schema.oneOf ?? []) right.push(near(member, depth + 1));
  switch (schema.type) {
    case "string":
      right.push(schema.format === "uri" ? uris : strings(schema.minLength, schema.maxLength));
      break;
    case "integer":
    case "number":
      right.push(around(schema.minimum, schema.maximum, schema.type === "integer"));
      break;
    case "boolean":
      right.push(fc.boolean());
      break;
    case "array":
      right.push(
        fc.array(schema.items ? near(schema.items, depth + 1) : junk, {
          maxLength: Math.min((schema.maxItems ?? 3) + 1, 12),
        }),
      );
      break;
    case "object": {
      const properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, near(v, depth + 1)]),
      );
      const requiredKeys = (schema.required ?? []).filter((k) => k in properties);
      right.push(
        fc.record(properties, { requiredKeys }),
        fc.record(properties, { requiredKeys: [] }),
      );
      break;
    }
  }
  if (schema.nullable) right.push(fc.constant(null));
  return fc.oneof(
    { arbitrary: fc.oneof(...right), weight: depth === 0 ? 1 : 6 },
    { arbitrary: junk, weight: depth === 0 ? 0 : 1 },
  );
}

const errorsOf = (validate: SchemaValidator | ValidateFunction) =>
  (validate.errors ?? []).map(({ instancePath, keyword, params }) => ({
    instancePath,
    keyword,
    params,
  }));

describe("the body checker", () => {
  it("agrees with Ajv on random bodies of every model: verdict, errors in order, issues", async () => {
    for (const id of ids) {
      const schema = await schemaOf(id);
      const ours = bodyValidator(schema);
      const ajv = ajvValidator(schema);
      const bodies = near(schema).map((body) => ({ ...(body as object), model: id }));
      fc.assert(
        fc.property(bodies, (body) => {
          const verdict = ours(body);
          expect({ id, verdict }).toEqual({ id, verdict: ajv(body) });
          expect(errorsOf(ours)).toEqual(errorsOf(ajv));
          if (!verdict) {
            expect(describeFailure(body, ours, ids)).toEqual(describeFailure(body, ajv, ids));
          }
        }),
        { numRuns: 40 },
      );
    }
  });

  it("agrees with Ajv on the keywords the bundle does not use yet", () => {
    const schema: BodySchema = {
      type: "object",
      properties: {
        code: { type: "string", pattern: "^[a-z]+$", minLength: 2 },
        ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
        pick: { oneOf: [{ type: "integer" }, { type: "number", minimum: 2 }] },
      },
      required: ["code"],
    };
    const ours = bodyValidator(schema);
    const ajv = ajvValidator(schema);
    const field = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.double(),
      fc.integer({ min: -1, max: 4 }),
    );
    fc.assert(
      fc.property(
        fc.record({ code: field, ratio: field, pick: field }, { requiredKeys: [] }),
        (b) => {
          expect(ours(b)).toBe(ajv(b));
          expect(errorsOf(ours)).toEqual(errorsOf(ajv));
        },
      ),
      { numRuns: 500 },
    );
  });
});
