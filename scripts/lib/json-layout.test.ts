import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatLike } from "./json-layout.ts";

const repository = path.resolve(import.meta.dirname, "../..");

describe("formatLike", () => {
  it.each([
    ["this repository's specs/sources.json", "specs/sources.json"],
    ["the fixture repository's", "scripts/fixtures/repo/specs/sources.json"],
    ["an overlay", "specs/overlays/sdk.overlay.json"],
  ])("writes %s back byte for byte", async (_, file) => {
    const text = await readFile(path.join(repository, file), "utf8");
    expect(formatLike(text, JSON.parse(text))).toBe(text);
  });

  it("lays a changed or new member out like the original and its neighbours", () => {
    const original = `{
  "folders": [
    { "path": "vendor", "origin": "vendor" }
  ],
  "documents": [
    {
      "file": "a.json",
      "sha256": "00"
    }
  ],
  "overlays": ["x.json"]
}
`;
    const value = {
      folders: [
        { path: "vendor", origin: "vendor" },
        { path: "authored", origin: "authored" },
      ],
      documents: [
        { file: "a.json", sha256: "11" },
        { file: "b.json", sha256: "22" },
      ],
      overlays: ["x.json", "y.json"],
      added: { one: [1] },
    };
    expect(formatLike(original, value)).toBe(`{
  "folders": [
    { "path": "vendor", "origin": "vendor" },
    { "path": "authored", "origin": "authored" }
  ],
  "documents": [
    {
      "file": "a.json",
      "sha256": "11"
    },
    {
      "file": "b.json",
      "sha256": "22"
    }
  ],
  "overlays": ["x.json", "y.json"],
  "added": {
    "one": [
      1
    ]
  }
}
`);
  });

  it("writes what it cannot follow as JSON.stringify does, two spaces deep", () => {
    expect(formatLike("not json", { a: [1] })).toBe(`${JSON.stringify({ a: [1] }, null, 2)}\n`);
  });
});
