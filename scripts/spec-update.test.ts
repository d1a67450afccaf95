import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findDrift, renderArtifacts } from "./lib/artifacts.ts";
import { updateSpec } from "./lib/spec-update.ts";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const VENDOR = "specs/vendor/kling-v1-standard-text-to-video.json";
const original = await readFile(path.join(root, VENDOR), "utf8");
// biome-ignore lint/suspicious/noExplicitAny: the fixtures edit arbitrary places in a spec.
type Json = Record<string, any>;

/** The vendor's create spec with `edit` applied, compact like the vendor publishes it. */
function variant(edit: (doc: Json) => void): string {
  const doc = JSON.parse(original);
  edit(doc);
  return `${JSON.stringify(doc)}\n`;
}
const create = (doc: Json) => doc.paths["/v2/video/generations"].post;

/** Every file under dir with its content: the tree a test compares before and after. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return new Map(
    await Promise.all(
      files.map(async (f) => [path.relative(dir, f), await readFile(f, "utf8")] as const),
    ),
  );
}

let copy: string;
beforeEach(async () => {
  copy = await mkdtemp(path.join(tmpdir(), "spec-update-"));
  const dirs = [
    "specs",
    "packages/types/src/generated",
    "packages/client/src/generated",
    ".changeset",
  ];
  for (const dir of dirs) await cp(path.join(root, dir), path.join(copy, dir), { recursive: true });
  // The package manifests tell which packages the changeset bumps (the mock server is private).
  for (const pkg of await readdir(path.join(root, "packages"))) {
    const manifest = path.join(root, "packages", pkg, "package.json");
    await mkdir(path.join(copy, "packages", pkg), { recursive: true });
    await cp(manifest, path.join(copy, "packages", pkg, "package.json")).catch(() => undefined);
  }
});
afterEach(() => rm(copy, { recursive: true, force: true }));

/** Writes a candidate spec beside (not inside) the copy's specs/. */
async function candidate(content: string): Promise<string> {
  const file = path.join(copy, "candidate.json");
  await writeFile(file, content);
  return file;
}

async function changesets(): Promise<string[]> {
  const dir = path.join(copy, ".changeset");
  const names = (await readdir(dir)).filter((f) => f.startsWith("spec-update-"));
  return Promise.all(names.map((f) => readFile(path.join(dir, f), "utf8")));
}

async function cli(...args: string[]) {
  try {
    const run = promisify(execFile);
    const { stdout, stderr } = await run(
      tsx,
      [path.join(root, "scripts/spec-update.ts"), "--root", copy, "--no-typecheck", ...args],
      { cwd: root },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/** The in-process entry point, for the cases that need no separate process. */
async function update(source: string, options: { target?: string; typecheck?: boolean } = {}) {
  const lines: string[] = [];
  const code = await updateSpec({
    root: copy,
    source,
    typecheck: false,
    ...options,
    log: (t) => lines.push(t),
  });
  return { code, output: lines.join("\n") };
}

describe("pnpm spec:update, end to end on a copy of the repository", () => {
  it("takes an added optional request field and response field as a minor change", async () => {
    const content = variant((doc) => {
      const post = create(doc);
      post.requestBody.content["application/json"].schema.properties.seed = { type: "integer" };
      post.responses["200"].content["application/json"].schema.properties.created_at = {
        type: "string",
      };
    });
    const { code, output } = await cli(await candidate(content));

    expect(output).toContain("Bump: minor");
    expect(output).toContain("seed`: new optional field");
    expect(code).toBe(0);
    expect(await readFile(path.join(copy, VENDOR), "utf8")).toBe(content);
    const sha = createHash("sha256").update(content).digest("hex");
    expect(await readFile(path.join(copy, "specs/sources.json"), "utf8")).toContain(sha);
    const [note, ...others] = await changesets();
    expect(others).toEqual([]);
    expect(note).toMatch(
      /^---\n"@aimlapi-video\/client": minor\n"@aimlapi-video\/types": minor\n---\n/,
    );
    expect(note).toContain("created_at`: new optional field");

    const types = await readFile(
      path.join(copy, "packages/types/src/generated/openapi.ts"),
      "utf8",
    );
    expect(types).toContain("seed?: number;");
    expect(types).toContain("created_at?: string;");
    // What `pnpm check:drift` would say about the result.
    const drift = await findDrift(copy, await renderArtifacts(copy));
    expect(drift).toEqual({ changed: [], missing: [], unexpected: [] });
  });

  it("takes a create operation that moved to another path as a major change", async () => {
    const content = variant((doc) => {
      doc.paths = { "/v3/video/generations": doc.paths["/v2/video/generations"] };
    });
    const { code, output } = await cli(await candidate(content), "--target", VENDOR);

    expect(output).toContain("`POST /v2/video/generations`: operation removed");
    expect(output).toContain("Overlay actions that no longer find their target");
    expect(output).toContain("A summary for the create operation.");
    // The client's body validator is generated for the old path: the developer must adapt it.
    expect(output).toContain("packages/client/src/generated/validate-create-body.ts");
    expect(code).toBe(1);
    const [note] = await changesets();
    expect(note).toContain('"@aimlapi-video/types": major');
    expect(note).toContain("`POST /v2/video/generations`: operation removed");
    const types = await readFile(
      path.join(copy, "packages/types/src/generated/openapi.ts"),
      "utf8",
    );
    expect(types).toContain('"/v3/video/generations"');
  });

  it("changes nothing with --dry-run", async () => {
    const before = await snapshot(copy);
    const file = await candidate(
      variant((doc) =>
        create(doc).responses["200"].content["application/json"].schema.required.pop(),
      ),
    );
    const { code, output } = await cli(file, "--dry-run");

    expect(output).toContain(
      "`POST /v2/video/generations 200 response (application/json): status`: now optional",
    );
    expect(output).toContain("Dry run: nothing was written.");
    expect(code).toBe(0);
    const after = await snapshot(copy);
    after.delete("candidate.json");
    expect(after).toEqual(before);
  });
});

describe("updateSpec", () => {
  it("does nothing for the file it already has", async () => {
    const before = await snapshot(copy);
    const { code, output } = await update(path.join(copy, VENDOR));
    expect(output).toContain("already has this content: nothing to update");
    expect(code).toBe(0);
    expect(await snapshot(copy)).toEqual(before);
  });

  it("gives description-only changes a patch changeset", async () => {
    const file = await candidate(
      variant((doc) => {
        create(doc).requestBody.content["application/json"].schema.properties.prompt.description =
          "What the video shows.";
      }),
    );
    const { code, output } = await update(file);
    expect(output).toContain("Bump: patch");
    expect(code).toBe(0);
    expect(await changesets()).toEqual([expect.stringContaining('"@aimlapi-video/types": patch')]);
  });

  it("writes no changeset for a reformatted file with the same API", async () => {
    const file = await candidate(JSON.stringify(JSON.parse(original), null, 2));
    const { code, output } = await update(file);
    expect(output).toContain("No API changes");
    expect(code).toBe(0);
    expect(await changesets()).toEqual([]);
  });

  it("says so when the packages fail the type check, and keeps the update", async () => {
    // The copy has no dependencies installed, so the workspace's type check cannot pass there.
    const content = variant((doc) =>
      create(doc).requestBody.content["application/json"].schema.required.push("duration"),
    );
    const { code, output } = await update(await candidate(content), { typecheck: true });
    expect(output).toContain("The type check FAILED");
    expect(code).toBe(1);
    expect(await readFile(path.join(copy, VENDOR), "utf8")).toBe(content);
  });

  describe("refuses, with nothing changed on disk,", () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.url === "/spec.json") response.end(variant((doc) => (doc.info.version = "2")));
        else if (request.url === "/fails") response.writeHead(500).end("oops");
        else request.socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it.each<[string, () => Promise<string>, string | RegExp]>([
      ["a file that is not JSON", () => candidate("<html>"), /candidate\.json is not valid JSON/],
      [
        "JSON that is not OpenAPI 3.x",
        () => candidate('{"swagger":"2.0","paths":{}}'),
        'is not an OpenAPI 3.x document: it has no "openapi": "3.x.y" field',
      ],
      [
        "OpenAPI with the wrong structure",
        () => candidate(variant((doc) => (create(doc).responses = "none"))),
        "#/paths/~1v2~1video~1generations/post/responses: Expected type `Responses` (object) but got `string`",
      ],
      ["a missing file", async () => path.join(copy, "nowhere.json"), "Cannot read"],
      [
        "a URL answering 500",
        async () => `${base}/fails`,
        "the server answered 500 Internal Server Error",
      ],
      [
        "a URL that closes the connection",
        async () => `${base}/closes`,
        /Cannot download http:\/\/127\.0\.0\.1:\d+\/closes: \w/,
      ],
      [
        "a file whose operations no document has",
        () =>
          candidate(
            variant((doc) => (doc.paths = { "/v9/other": doc.paths["/v2/video/generations"] })),
          ),
        "holds none of the operations of specs/sources.json's documents (it has POST /v9/other): name the file it replaces with --target",
      ],
      [
        "a file with operations of several documents",
        () =>
          candidate(
            variant((doc) => {
              doc.paths["/v2/generate/video/kling/generation"] = { get: { responses: {} } };
            }),
          ),
        "holds operations of several documents (vendor/kling-v1-standard-text-to-video.json, authored/video-generations-retrieve.json)",
      ],
    ])("%s", async (_, source, message) => {
      const before = await snapshot(copy);
      const from = await source();
      await expect(update(from)).rejects.toThrow(message);
      const after = await snapshot(copy);
      after.delete("candidate.json");
      expect(after).toEqual(before);
    });

    it("a --target that is not one of the documents", async () => {
      await expect(
        update(`${base}/spec.json`, { target: "specs/overlays/sdk.overlay.json" }),
      ).rejects.toThrow(
        "--target specs/overlays/sdk.overlay.json is not a document in specs/sources.json",
      );
    });
  });

  it("downloads the new version from a URL", async () => {
    const server = createServer((_, response) =>
      response.end(variant((doc) => (doc.info.title = "AIML"))),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
      const { code, output } = await update(url);
      expect(output).toContain("Bump: patch");
      expect(code).toBe(0);
      const sources = JSON.parse(await readFile(path.join(copy, "specs/sources.json"), "utf8"));
      expect(sources.documents[0].source).toBe(url);
    } finally {
      server.close();
    }
  });
});
