import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  changesets as changesetsIn,
  coldWorkspace,
  FIXTURES,
  fixtureRepo,
  removeFixtureBase,
  snapshot,
  VENDOR_MODELS,
} from "./fixture-repo.ts";
import { findDrift, renderArtifacts } from "./lib/artifacts.ts";
import { updateSpec } from "./lib/spec-update.ts";

// A disk that fails while the update writes: every write whose path matches fails.
const faults = vi.hoisted(() => ({ failWriting: undefined as RegExp | undefined }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const writeFile: typeof fs.writeFile = (file, ...rest) =>
    faults.failWriting?.test(String(file))
      ? Promise.reject(
          Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), {
            code: "ENOSPC",
          }),
        )
      : fs.writeFile(file, ...rest);
  return { ...fs, writeFile };
});

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const VENDOR = "specs/vendor/kling-v1-standard-text-to-video.json";
const original = await readFile(path.join(FIXTURES, "repo", VENDOR), "utf8");
// biome-ignore lint/suspicious/noExplicitAny: the fixtures edit arbitrary places in a spec.
type Json = Record<string, any>;

/** The vendor's create spec with `edit` applied, compact like the vendor publishes it. */
function variant(edit: (doc: Json) => void, text = original): string {
  const doc = JSON.parse(text);
  edit(doc);
  return `${JSON.stringify(doc)}\n`;
}
const create = (doc: Json) => doc.paths["/v2/video/generations"].post;
const body = (doc: Json) => create(doc).requestBody.content["application/json"].schema;

let copy: string;
beforeEach(async () => {
  copy = await fixtureRepo();
});
afterEach(() => {
  faults.failWriting = undefined;
  return rm(copy, { recursive: true, force: true });
});
afterAll(removeFixtureBase);

/** Writes a candidate spec beside (not inside) the copy's specs/. */
async function candidate(content: string, name = "candidate.json"): Promise<string> {
  const file = path.join(copy, name);
  await writeFile(file, content);
  return file;
}

const changesets = () => changesetsIn(copy);
const read = (file: string) => readFile(path.join(copy, file), "utf8");
const exists = (file: string) =>
  read(file).then(
    () => true,
    () => false,
  );

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
async function update(
  source: string,
  options: {
    target?: string;
    typecheck?: boolean;
    dryRun?: boolean;
    downloadTimeoutMs?: number;
  } = {},
) {
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

describe("pnpm spec:update, end to end on a copy of a fixture repository", () => {
  it("takes an added optional request field and response field as a minor change", async () => {
    const content = variant((doc) => {
      const post = create(doc);
      body(doc).properties.seed = { type: "integer" };
      post.responses["200"].content["application/json"].schema.properties.created_at = {
        type: "string",
      };
    });
    const { code, output } = await cli(await candidate(content));

    expect(output).toContain("Bump: minor");
    expect(output).toContain(
      '(model "kling-video/v1/standard/text-to-video"): seed`: new optional field',
    );
    expect(code).toBe(0);
    expect(await read(VENDOR)).toBe(content);
    const sha = createHash("sha256").update(content).digest("hex");
    expect(await read("specs/sources.json")).toContain(sha);
    const [note, ...others] = await changesets();
    expect(others).toEqual([]);
    expect(note).toMatch(
      /^---\n"@aimlapi-video\/client": minor\n"@aimlapi-video\/types": minor\n---\n/,
    );
    expect(note).toContain("created_at`: new optional field");

    const types = await read("packages/types/src/generated/openapi.ts");
    expect(types).toContain("seed?: number;");
    expect(types).toContain("created_at?: string;");
    // What `pnpm check:drift` would say about the result.
    const drift = await findDrift(copy, await renderArtifacts(copy));
    expect(drift).toEqual({ changed: [], missing: [], unexpected: [] });
  });

  it("follows a retrieve operation that moved to another path, and names the lost overlay action", async () => {
    const retrieve = "specs/authored/video-generations-retrieve.json";
    const content = variant(
      (doc) => {
        doc.paths["/v2/video/generations"].get.parameters[0].description = "The task's id.";
        doc.paths = { "/v3/video/generations": doc.paths["/v2/video/generations"] };
      },
      await read(retrieve),
    );
    const { code, output } = await cli(await candidate(content), "--target", retrieve);

    expect(output).toContain(
      "`GET /v2/video/generations`: operation moved to GET /v3/video/generations",
    );
    expect(output).toContain(
      "`GET /v3/video/generations query generation_id parameter`: description changed",
    );
    expect(output).toContain("Overlay actions that no longer find their target");
    expect(output).toContain("An example for the retrieve answer.");
    expect(code).toBe(0);
    const [note] = await changesets();
    expect(note).toContain('"@aimlapi-video/types": major');
    expect(await read("packages/types/src/generated/openapi.ts")).toContain(
      '"/v3/video/generations"',
    );
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

describe("updateSpec finds its target by model", () => {
  const veo = path.join(VENDOR_MODELS, "Google/veo-3.1-t2v.json");

  it("adds the vendor's file of a new model beside the others, never over another model's", async () => {
    const kling = await read(VENDOR);
    const { code, output } = await update(veo);

    expect(output).toContain(
      'specs/vendor/Google/veo-3.1-t2v.json: new, serving "google/veo-3.1-t2v"',
    );
    expect(output).toContain(
      '`POST /v2/video/generations request body (application/json)`: new model "google/veo-3.1-t2v"',
    );
    expect(output).toContain("Bump: minor");
    // The vendor's quirks are listed, and normalised in the bundle only.
    expect(output).toContain('string default "8" for an integer: 8 in the bundle');
    expect(output).toContain("`in` on an http security scheme");
    expect(code).toBe(0);
    expect(await read(VENDOR)).toBe(kling);
    expect(await read("specs/vendor/Google/veo-3.1-t2v.json")).toBe(await readFile(veo, "utf8"));
    const sources = JSON.parse(await read("specs/sources.json"));
    expect(sources.documents).toContainEqual({
      file: "vendor/Google/veo-3.1-t2v.json",
      origin: "vendor",
      source: "aimlapi/api-docs docs/api-references/video-models/Google/veo-3.1-t2v.json",
      sha256: createHash("sha256")
        .update(await readFile(veo))
        .digest("hex"),
    });
    expect(await read("packages/types/src/generated/openapi.ts")).toContain('"google/veo-3.1-t2v"');
  });

  it("follows a model renamed inside the same file of the vendor's folder", async () => {
    const FILE = "Kling-AI/video-v2-6-pro-motion-control.json";
    const at = (when: string) => path.join(FIXTURES, "cases/rename", when, "video-models", FILE);
    expect(await update(at("january"))).toMatchObject({ code: 0 });
    const { code, output } = await update(at("today"));
    expect(output).toContain(
      `- specs/vendor/${FILE}: updated, serving "klingai/video-v2-6-motion-control"; renamed from "klingai/video-v2-6-pro-motion-control"`,
    );
    expect(output).toContain(
      'model "klingai/video-v2-6-pro-motion-control" renamed "klingai/video-v2-6-motion-control"',
    );
    expect(output).toContain("Bump: major");
    expect(code).toBe(0);
    expect(await read(`specs/vendor/${FILE}`)).toBe(await readFile(at("today"), "utf8"));
  });

  it("says so when --target names another model's file", async () => {
    const { output } = await update(veo, { target: VENDOR, dryRun: true });
    expect(output).toContain(
      `--target ${VENDOR} serves "kling-video/v1/standard/text-to-video", which ${veo} does not`,
    );
    expect(output).toContain('model "kling-video/v1/standard/text-to-video" removed');
    expect(output).toContain("Bump: major");
  });

  it("replaces our document with the vendor's file for the same model", async () => {
    const ours = "specs/authored/models/Alibaba-Cloud/wan2.2-t2v-plus.json";
    const { code, output } = await update(
      path.join(VENDOR_MODELS, "Alibaba-Cloud/wan2.2-t2v-plus.json"),
    );

    expect(output).toContain(
      `${ours}: removed: specs/vendor/Alibaba-Cloud/wan2.2-t2v-plus.json serves "alibaba/wan2.2-t2v-plus" now`,
    );
    expect(output).toContain(
      '(model "alibaba/wan2.2-t2v-plus"): enhance_prompt`: new optional field',
    );
    expect(code).toBe(0);
    expect(await exists(ours)).toBe(false);
    expect(await exists("specs/vendor/Alibaba-Cloud/wan2.2-t2v-plus.json")).toBe(true);
    expect(await findDrift(copy, await renderArtifacts(copy))).toEqual({
      changed: [],
      missing: [],
      unexpected: [],
    });
  });

  it("keeps our document, shadowed, when the vendor's file has no example body", async () => {
    const ours = "specs/authored/models/MiniMax/hailuo-02.json";
    const { code, output } = await update(path.join(VENDOR_MODELS, "MiniMax/hailuo-02.json"));
    expect(output).toContain(`${ours} stays (shadowed by specs/vendor/MiniMax/hailuo-02.json)`);
    expect(code).toBe(0);
    expect(await exists(ours)).toBe(true);
  });

  it("warns about a document far larger than the usual", async () => {
    const huge = variant((doc) => {
      body(doc).description = "x".repeat(300 * 1024);
    });
    const { output } = await update(await candidate(huge), { dryRun: true });
    expect(output).toMatch(/candidate\.json is 30\d\.\d kB, over 256\.0 kB/);
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
        body(doc).properties.prompt.description = "What the video shows.";
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
    const content = variant((doc) => body(doc).required.push("duration"));
    const { code, output } = await update(await candidate(content), { typecheck: true });
    expect(output).toContain("The type check FAILED");
    expect(code).toBe(1);
    expect(await read(VENDOR)).toBe(content);
  });

  it("type checks a never-built clone: the client is built before its bench is checked", async () => {
    const cold = await coldWorkspace();
    try {
      await expect(readFile(path.join(cold, "packages/client/dist/index.js"))).rejects.toThrow();
      const kling = await readFile(path.join(cold, VENDOR), "utf8");
      const file = path.join(cold, "candidate.json");
      await writeFile(
        file,
        variant((doc) => (body(doc).description = "Kling v1 standard."), kling),
      );
      const lines: string[] = [];
      const code = await updateSpec({ root: cold, source: file, log: (t) => lines.push(t) });
      const output = lines.join("\n");
      expect(output).toContain("Bump: patch");
      expect(output).not.toContain("FAILED");
      expect(output).toContain("The packages compile against the new types.");
      expect(code).toBe(0);
    } finally {
      await rm(cold, { recursive: true, force: true });
    }
  });

  describe("refuses, with nothing changed on disk,", () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.url === "/spec.json") response.end(variant((doc) => (doc.info.version = "2")));
        else if (request.url === "/fails") response.writeHead(500).end("oops");
        else if (request.url === "/stalls") {
          // The headers and the start of the body, then nothing.
          response.writeHead(200, { "content-type": "application/json" });
          response.write('{"openapi":');
        } else request.socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });

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
        "a legacy per-vendor file (its create operation elsewhere)",
        async () => path.join(VENDOR_MODELS, "Kling-AI/kling-video-text-to-video.json"),
        "cannot be used: no POST /v2/video/generations; it creates on /v2/generate/video/kling/generation (a legacy per-vendor path)",
      ],
      ...(
        [
          ["chat", "chat-gpt-4o.json", "/v1/chat/completions"],
          ["image", "image-flux-pro.json", "/v1/images/generations"],
          ["music", "music-lyria-2.json", "/v2/generate/audio"],
        ] as const
      ).map(([kind, file, route]): [string, () => Promise<string>, string] => [
        `a ${kind} model's spec (not a video model, not a legacy path)`,
        async () => path.join(FIXTURES, "cases/not-video", file),
        `cannot be used: not a video model: it creates on POST ${route}, not POST /v2/video/generations`,
      ]),
      [
        "a file that serves no model and whose operations no document has",
        () =>
          candidate(
            variant(
              (doc) =>
                (doc.paths = { "/v9/other": { get: doc.paths["/v2/video/generations"].post } }),
            ),
          ),
        "serves no model (its POST /v2/video/generations body has no `model` enum) and holds none of the operations of the other documents (it has GET /v9/other): name the file it replaces with --target",
      ],
    ])("%s", async (_, source, message) => {
      const before = await snapshot(copy);
      const from = await source();
      await expect(update(from)).rejects.toThrow(message);
      const after = await snapshot(copy);
      after.delete("candidate.json");
      expect(after).toEqual(before);
    });

    it("a file for one model of a document that serves others too", async () => {
      const both = variant((doc) => body(doc).properties.model.enum.push("google/veo-3.1-t2v"));
      expect(await update(await candidate(both))).toMatchObject({ code: 0 });
      const before = await snapshot(copy);
      await expect(update(path.join(FIXTURES, "repo", VENDOR))).rejects.toThrow(
        'specs/vendor/kling-v1-standard-text-to-video.json also serves "google/veo-3.1-t2v", which it does not',
      );
      expect(await snapshot(copy)).toEqual(before);
    });

    it("a URL that stalls mid-answer, naming the URL and how far it got", async () => {
      const before = await snapshot(copy);
      const started = Date.now();
      await expect(update(`${base}/stalls`, { downloadTimeoutMs: 500 })).rejects.toThrow(
        `Cannot download ${base}/stalls: no complete answer within 0.5 s (11 bytes came, then nothing)`,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await snapshot(copy)).toEqual(before);
    });

    it("a file with an invisible character before its JSON, shown as its code point", async () => {
      await expect(update(await candidate(`\u200B${original}`))).rejects.toThrow(
        /candidate\.json is not valid JSON: Unexpected token 'U\+200B'/,
      );
    });

    it("a --target that is not one of the documents", async () => {
      await expect(
        update(`${base}/spec.json`, { target: "specs/overlays/sdk.overlay.json" }),
      ).rejects.toThrow(
        "--target specs/overlays/sdk.overlay.json is not a source document of specs/",
      );
    });
  });

  it("takes a file that starts with a UTF-8 byte order mark, keeps its bytes, and says BOM", async () => {
    const content = `\uFEFF${variant((doc) => (body(doc).properties.prompt.description = "What happens."))}`;
    const file = await candidate(content);
    const { code, output } = await update(file);
    expect(output).toContain(
      "specs/vendor/kling-v1-standard-text-to-video.json $: a UTF-8 byte order mark (BOM, the bytes EF BB BF) before the JSON: ignored (the file keeps its bytes)",
    );
    expect(output).toContain("Bump: patch");
    expect(code).toBe(0);
    const stored = await readFile(path.join(copy, VENDOR));
    expect([...stored.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(stored.equals(await readFile(file))).toBe(true);
    const sha = createHash("sha256").update(stored).digest("hex");
    expect(await read("specs/sources.json")).toContain(sha);
  });

  it("lists only the files that changed as written", async () => {
    const before = await snapshot(copy);
    const file = await candidate(
      variant((doc) => (body(doc).properties.seed = { type: "integer" })),
    );
    const { output } = await update(file);
    const after = await snapshot(copy);
    const changed = [...after.keys()].filter(
      (f) => f !== "candidate.json" && after.get(f) !== before.get(f),
    );
    const wrote = output.match(/^Wrote (.*)\.$/m)?.[1]?.split(", ");
    expect(wrote?.sort()).toEqual(changed.sort());
    // The spec, sources.json, the bundle, the types, Kling's validator, the catalog, the changeset:
    // not the other models' validators, unchanged.
    expect(wrote).toHaveLength(7);
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
      const sources = JSON.parse(await read("specs/sources.json"));
      expect(sources.documents[0].source).toBe(url);
    } finally {
      server.close();
    }
  });
});

describe("an update is all or nothing", () => {
  const DOTTED = path.join(
    FIXTURES,
    "cases/dotted/video-models/Kling-AI/v1-standard-text-to-video.json",
  );

  it("keeps component names with dots whole (Kling.v1.CameraControl beside Kling.v1.AdvancedCameraControl)", async () => {
    const { code, output } = await update(DOTTED);
    expect(output).not.toContain("cannot produce");
    expect(code).toBe(0);
    const bundle = JSON.parse(await read("specs/bundled/aimlapi-video.openapi.json"));
    expect(Object.keys(bundle.components.schemas)).toEqual(
      expect.arrayContaining(["Kling.v1.CameraControl", "Kling.v1.AdvancedCameraControl"]),
    );
    expect(bundle.components.schemas).not.toHaveProperty("Kling");
    const types = await read("packages/types/src/generated/openapi.ts");
    expect(types).toContain('camera_control?: components["schemas"]["Kling.v1.CameraControl"];');
    expect(await findDrift(copy, await renderArtifacts(copy))).toEqual({
      changed: [],
      missing: [],
      unexpected: [],
    });
  });

  it("refuses a file whose generated files cannot be produced, and leaves the whole tree as it was", async () => {
    const before = await snapshot(copy);
    // The vendor's pattern is no regular expression: the model's validator cannot be generated.
    const file = await candidate(
      variant((doc) => (body(doc).properties.negative_prompt.pattern = "([")),
    );
    const { code, output } = await update(file);
    expect(output).toContain(
      "- packages/client/src/generated/validators/kling-video.ts: kling-video.v1.standard.text-to-video: Invalid regular expression",
    );
    expect(output).toContain("Nothing was changed");
    expect(output).not.toContain("Wrote");
    expect(code).toBe(1);
    const after = await snapshot(copy);
    after.delete("candidate.json");
    expect(after).toEqual(before);
  });

  it("refuses a file whose references point nowhere", async () => {
    const before = await snapshot(copy);
    const dangling = JSON.parse(await readFile(DOTTED, "utf8"));
    delete dangling.components.schemas["Kling.v1.CameraControl"];
    const file = await candidate(JSON.stringify(dangling));
    await expect(update(file)).rejects.toThrow(/camera_control: Can't resolve \$ref/);
    const after = await snapshot(copy);
    after.delete("candidate.json");
    expect(after).toEqual(before);
  });

  it.each([
    ["specs/sources.json", /specs\/sources\.json$/],
    ["the generated types", /openapi\.ts$/],
    ["the changeset", /\.changeset\/spec-/],
  ])("puts every file back when writing %s fails", async (_, where) => {
    const before = await snapshot(copy);
    const file = await candidate(
      variant((doc) => body(doc).properties.model.enum.push("kling-video/v1/standard/other")),
    );
    faults.failWriting = where;
    await expect(update(file)).rejects.toThrow(
      /ENOSPC: no space left on device[\s\S]*Every file was restored as it was\./,
    );
    faults.failWriting = undefined;
    const after = await snapshot(copy);
    after.delete("candidate.json");
    expect(after).toEqual(before);
  });
});

describe("the create operation every model shares", () => {
  const RESPONSES = path.join(FIXTURES, "cases/responses");
  const op = async () =>
    JSON.parse(await read("specs/bundled/aimlapi-video.openapi.json")).paths[
      "/v2/video/generations"
    ].post;

  it("compares every file's answers: one that sorts after another is not ignored", async () => {
    // specs/vendor/runway/gen4_turbo.json sorts after the Kling file, whose answers came first.
    const { code, output } = await update(path.join(RESPONSES, "runway-created-at.json"));
    expect(output).toContain(
      "`POST /v2/video/generations 200 response (application/json): created_at`: new optional field",
    );
    expect(output).toContain(
      "the create operation's answers of vendor/runway/gen4_turbo.json differ from those of vendor/kling-v1-standard-text-to-video.json (first at $.paths['/v2/video/generations'].post.responses.200.content.application/json.schema.properties.created_at): merged, so that every model's answer fits",
    );
    expect(output).toContain("Bump: minor");
    expect(code).toBe(0);
    const media = (await op()).responses["200"].content["application/json"];
    // Kling's answer has no created_at: it is optional in the answer every model shares.
    expect(media.schema.properties.created_at).toEqual({
      type: "integer",
      description: "When the task was created, in seconds since the epoch.",
    });
    expect(media.schema.required).toEqual(["id", "status"]);
    // The runway file's example shows a runway answer: it is named after the model.
    expect(media.examples).toEqual({
      "runway/gen4_turbo": {
        summary: "runway/gen4_turbo",
        value: {
          id: "8d3c1f0a-2b4e-4c6d-9e8f-0a1b2c3d4e5f:runway/gen4_turbo",
          status: "queued",
          created_at: 1767225600,
        },
      },
    });
    expect(await read("packages/types/src/generated/openapi.ts")).toContain("created_at?: number;");
  });

  it("keeps each model's code samples with it, whichever file sorts first", async () => {
    const veo = path.join(VENDOR_MODELS, "Google/veo-3.1-t2v.json");
    expect(await update(veo)).toMatchObject({ code: 0 });
    expect((await op())["x-codeSamples"].map((s: Json) => s.label)).toEqual([
      "JavaScript (google/veo-3.1-t2v)",
    ]);
    const { code, output } = await update(path.join(RESPONSES, "runway-created-at.json"));
    expect(output).toContain("`POST /v2/video/generations`: x-codeSamples changed");
    expect(code).toBe(0);
    const samples = (await op())["x-codeSamples"];
    expect(samples.map((s: Json) => s.label)).toEqual([
      "JavaScript (google/veo-3.1-t2v)",
      "JavaScript (runway/gen4_turbo)",
    ]);
    expect(samples[1].source).toContain("model: 'runway/gen4_turbo'");
  });

  it("refuses answers that no one answer fits, and changes nothing", async () => {
    const before = await snapshot(copy);
    await expect(update(path.join(RESPONSES, "runway-numeric-id.json"))).rejects.toThrow(
      /the create operation's answers are documented differently by vendor\/kling-v1-standard-text-to-video\.json and vendor\/runway\/gen4_turbo\.json at \$\.paths\['\/v2\/video\/generations'\]\.post\.responses\.200\.content\.application\/json\.schema\.properties\.id\.type \("string" and "integer"\)/,
    );
    expect(await snapshot(copy)).toEqual(before);
  });
});
