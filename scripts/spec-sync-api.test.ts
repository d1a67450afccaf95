// `pnpm spec:sync --from-api` against the mock (packages/mock-server, built), which serves the live
// catalogue (GET /v1/models) and each model's document (GET /docs-json) from a bundle: offline,
// loopback only. The mock serves the fixture repository's own bundle, so the API and specs/ agree
// at first; then a mock whose catalogue gained, lost and renamed a model.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changesets, fixtureRepo, removeFixtureBase, snapshot } from "./fixture-repo.ts";
import { findDrift, renderArtifacts } from "./lib/artifacts.ts";
import { syncFromApi } from "./lib/spec-sync-api.ts";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
// The mock from its sources (no build needed; the mock depends on nothing in scripts/). It is
// given the spec to serve, so its own dist/ copy of the bundle is not read.
const MOCK = path.join(root, "packages/mock-server/src/index.ts");

interface Mock {
  url: string;
  close(): Promise<void>;
}
type Start = (options: Record<string, unknown>) => Promise<Mock>;

let copy: string;
let spec: string;
let work: string;
let start: Start;
beforeAll(async () => {
  ({ start } = (await import(MOCK)) as { start: Start });
  copy = await fixtureRepo();
  work = await mkdtemp(path.join(tmpdir(), "spec-sync-api-"));
  // The fixture's bundle as it is before any sync: what the API serves.
  spec = path.join(work, "aimlapi-video.openapi.json");
  await writeFile(spec, JSON.stringify(await servedSpec()));
}, 120_000);
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
  await removeFixtureBase();
});

/**
 * The fixture's bundle with the catalogue's path of this repository's bundle (GET /v1/models, which
 * the fixture does not have: Prism checks each request against the spec the mock serves).
 */
async function servedSpec() {
  const read = async (file: string) => JSON.parse(await readFile(file, "utf8"));
  const served = await read(path.join(copy, "specs/bundled/aimlapi-video.openapi.json"));
  const ours = await read(path.join(root, "specs/bundled/aimlapi-video.openapi.json"));
  served.paths["/v1/models"] = ours.paths["/v1/models"];
  for (const [kind, section] of Object.entries(ours.components as Record<string, object>)) {
    served.components[kind] = { ...section, ...served.components[kind] };
  }
  return served;
}

async function withMock<T>(options: Record<string, unknown>, run: (url: string) => Promise<T>) {
  const mock = await start({ specPath: spec, ...options });
  try {
    return await run(mock.url);
  } finally {
    await mock.close();
  }
}

async function sync(base: string, options: { dryRun?: boolean } = {}) {
  const lines: string[] = [];
  const statuses: number[] = [];
  const code = await syncFromApi({
    root: copy,
    base,
    typecheck: false,
    cacheDir: path.join(work, "cache"),
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      statuses.push(response.status);
      return response;
    },
    ...options,
    log: (t) => lines.push(t),
  });
  return { code, output: lines.join("\n"), statuses };
}

/** The command a maintainer types, as a dry run on the copy. */
const dryRunCommand = (url: string) =>
  promisify(execFile)(
    tsx,
    [
      path.join(root, "scripts/spec-sync.ts"),
      "--from-api",
      url,
      "--root",
      copy,
      "--dry-run",
      "--no-typecheck",
    ],
    { cwd: root },
  );

const KLING = "kling-video/v1/standard/text-to-video";
const KLING_NEW = "kling-video/v1/standard/t2v";
const noDrift = { changed: [], missing: [], unexpected: [] };
const models = async () => {
  const bundle = JSON.parse(
    await readFile(path.join(copy, "specs/bundled/aimlapi-video.openapi.json"), "utf8"),
  );
  return Object.keys(
    bundle.paths["/v2/video/generations"].post.requestBody.content["application/json"].schema
      .discriminator.mapping,
  ).sort();
};

describe("pnpm spec:sync --from-api", () => {
  it("takes every model's document from the API, then has nothing to do", async () => {
    const before = await models();
    const dry = await withMock({}, dryRunCommand);
    expect(dry.stdout).toContain("No API changes: no changeset is needed.");
    expect(dry.stdout).toContain("Dry run: nothing was written.");
    await withMock({}, async (url) => {
      const first = await sync(url);
      expect(first.code).toBe(0);
      expect(first.statuses).toEqual([200, 200, 200, 200, 200]);
      // Our documents give way to the API's; the API is the same: no change to its shape.
      expect(first.output).toContain("(4 written, 2 removed, 0 unchanged, 0 skipped)");
      expect(first.output).toContain(
        '- specs/authored/models/MiniMax/hailuo-02.json: removed: "minimax/hailuo-02" served by specs/vendor/minimax/hailuo-02.json now',
      );
      expect(first.output).toContain("No API changes: no changeset is needed.");
      expect(await models()).toEqual(before);
      expect(await findDrift(copy, await renderArtifacts(copy))).toEqual(noDrift);
      const snap = await snapshot(copy);
      const again = await sync(url);
      expect(again.output).toContain("nothing to update");
      expect(await snapshot(copy)).toEqual(snap);
      // Conditional requests: the list and the 4 documents had not changed.
      expect(again.statuses).toEqual([304, 304, 304, 304, 304]);
    });
  });

  it("follows a catalogue that gained, lost and renamed a model: minor, major and a kept alias", async () => {
    await withMock({}, (url) => sync(url));
    const hailuo = await withMock({}, async (url) =>
      (await fetch(`${url}/docs-json?model=minimax/hailuo-02`)).json(),
    );
    const added = JSON.parse(
      JSON.stringify(hailuo).replaceAll("minimax/hailuo-02", "minimax/hailuo-03"),
    );
    const catalogue = {
      add: [{ id: "minimax/hailuo-03", document: added }],
      remove: ["runway/gen4_turbo"],
      rename: { [KLING]: KLING_NEW },
    };
    const dry = await withMock({ catalogue }, dryRunCommand);
    expect(dry.stdout).toContain("Dry run: nothing was written.");
    const { code, output } = await withMock({ catalogue }, (url) => sync(url));
    expect(code).toBe(0);
    for (const line of [
      "(2 written, 1 removed, 2 unchanged, 0 skipped)",
      '- specs/vendor/minimax/hailuo-03.json: new: "minimax/hailuo-03" from http://127.0.0.1:',
      `- specs/vendor/kling-video/v1/standard/t2v.json: new: "${KLING_NEW}" from http://127.0.0.1:`,
      `, renamed from "${KLING}" (still accepted: an alias)`,
      '- specs/vendor/runway/gen4_turbo.json: removed: "runway/gen4_turbo" no longer in http://127.0.0.1:',
      `- specs/vendor/kling-v1-standard-text-to-video.json stays: renamed "${KLING}" → "${KLING_NEW}", the old id still accepted (an alias), so it keeps compiling`,
      "Bump: major",
      'model "runway/gen4_turbo" removed',
      'new model "minimax/hailuo-03"',
      `new model "${KLING_NEW}"`,
    ]) {
      expect(output).toContain(line);
    }
    const types = await readFile(
      path.join(copy, "packages/types/src/generated/openapi.ts"),
      "utf8",
    );
    expect(types).toContain(`"${KLING_NEW}"`);
    // The old id keeps compiling: the API still accepts it.
    expect(types).toContain(`"${KLING}"`);
    expect(types).not.toContain('"runway/gen4_turbo"');
    const client = await readFile(
      path.join(copy, "packages/client/src/generated/models.ts"),
      "utf8",
    );
    expect(client).toContain(`"${KLING}"`);
    const notes = await changesets(copy);
    const [note, ...others] = notes.filter((n) => n.includes("Follow the API's catalogue"));
    expect(others).toEqual([]);
    expect(note).toContain(
      `the old id kept (the API still accepts it as an alias): "${KLING}" → "${KLING_NEW}".`,
    );
    expect(await findDrift(copy, await renderArtifacts(copy))).toEqual(noDrift);

    const again = await withMock({ catalogue }, (url) => sync(url));
    expect(again.output).toContain("nothing to update");
  });

  it("stops at a request that does not answer in time, naming it, and changes nothing", async () => {
    const before = await snapshot(copy);
    const silent = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    const { port } = silent.address() as AddressInfo;
    try {
      await expect(
        syncFromApi({
          root: copy,
          base: `http://127.0.0.1:${port}`,
          timeoutMs: 200,
          log: () => {},
        }),
      ).rejects.toThrow(
        `http://127.0.0.1:${port}/v1/models?output_modalities=video&type=internal%2Fvideo-generations%2Fsubmit did not answer within 200 ms`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise((done) => silent.close(done));
    }
    expect(await snapshot(copy)).toEqual(before);
  });

  it("removes our document of a model the catalogue no longer lists (major)", async () => {
    // A fresh copy: our document is still there (the tests above replaced it with the API's).
    const fresh = await fixtureRepo();
    const lines: string[] = [];
    const code = await withMock({ catalogue: { remove: ["alibaba/wan2.2-t2v-plus"] } }, (url) =>
      syncFromApi({
        root: fresh,
        base: url,
        dryRun: true,
        typecheck: false,
        cacheDir: false,
        log: (t) => lines.push(t),
      }),
    ).finally(() => rm(fresh, { recursive: true, force: true }));
    const output = lines.join("\n");
    expect(code).toBe(0);
    expect(output).toContain(
      '- specs/authored/models/Alibaba-Cloud/wan2.2-t2v-plus.json: removed: "alibaba/wan2.2-t2v-plus" no longer in http://127.0.0.1:',
    );
    expect(output).toContain("Bump: major");
  });
});
