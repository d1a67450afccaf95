// Installs the packed mock (and the packed types and client it declares) into a project outside the
// workspace with `npm install <tarballs>`, as another service would, then starts it there from
// code and from its bin. Offline: npm resolves the mock's declared dependencies from a loopback
// registry that serves the packages this workspace already installed.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canListen, portOf } from "./support.js";
import { baseUrlOf, childrenOf } from "./support-process.js";
import { npmInstallOffline } from "./support-registry.js";

const run = promisify(execFile);
const packages = path.resolve(import.meta.dirname, "../..");
const workspace = path.resolve(packages, "..");
const tsc = path.resolve(packages, "mock-server/node_modules/typescript/bin/tsc");
let project: string;

const USAGE = `
import { type MockServer, start } from "@aimlapi-video/mock-server";
import type { GenerationStatus } from "@aimlapi-video/types";

const mock: MockServer = await start({ lifecycle: { pollsPerStep: 1 } });
try {
  const headers = { authorization: "Bearer any", "content-type": "application/json" };
  const created = await fetch(\`\${mock.url}/v2/video/generations\`, {
    method: "POST",
    headers,
    body: JSON.stringify({ model: "google/veo-3.1-t2v", prompt: "A fox", duration: 8 }),
  }).then((r) => r.json());
  let generation: { status: GenerationStatus; video?: { url: string } } = created;
  const seen: string[] = [];
  while (generation.status !== "completed") {
    const url = \`\${mock.url}/v2/video/generations?generation_id=\${encodeURIComponent(created.id)}\`;
    generation = await fetch(url, { headers }).then((r) => r.json());
    seen.push(generation.status);
    if (seen.length > 5) throw new Error("no progress");
  }
  const video = new Uint8Array(await (await fetch(generation.video?.url ?? "")).arrayBuffer());
  console.log(seen.join(" "), new TextDecoder().decode(video.subarray(4, 8)), video.length);
} finally {
  await mock.close();
}
`;

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), "mock-consumer-"));
  await assertBuilt();
  for (const name of ["types", "client", "mock-server"]) {
    await run("pnpm", ["pack", "--pack-destination", project], { cwd: path.join(packages, name) });
  }
  const tarballs = (await readdir(project)).filter((f) => f.endsWith(".tgz"));
  await npmInstallOffline(
    project,
    workspace,
    tarballs.map((t) => `./${t}`),
  );
  await writeFile(path.join(project, "usage.ts"), USAGE);
  await writeFile(
    path.join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: "node16",
        moduleResolution: "node16",
        target: "ES2022",
        lib: ["ES2022", "DOM"],
        skipLibCheck: true,
        outDir: "out",
        types: [],
      },
      files: ["usage.ts"],
    }),
  );
}, 180_000);

afterAll(() => rm(project, { recursive: true, force: true }));

/**
 * The tarball packs dist/ as it is: it must exist and be newer than every source file. Packing
 * never rebuilds it (no prepack), so that no test or check rewrites dist/ under another package's
 * tests that import the mock at the same time.
 */
async function assertBuilt(): Promise<void> {
  const own = path.join(packages, "mock-server");
  const built = await stat(path.join(own, "dist/index.js")).catch(() => undefined);
  const sources = await readdir(path.join(own, "src"));
  const newest = Math.max(
    ...(await Promise.all(
      sources.map(async (f) => (await stat(path.join(own, "src", f))).mtimeMs),
    )),
  );
  if (!built || built.mtimeMs < newest) {
    throw new Error(
      "packages/mock-server/dist is missing or older than src/: run `pnpm build` first (`pnpm test` at the root builds)",
    );
  }
}

describe("a service that installs the packed mock with npm", () => {
  it("gets the spec inside the package, and no tsx", async () => {
    const installed = path.join(project, "node_modules/@aimlapi-video/mock-server");
    const spec = JSON.parse(
      await readFile(path.join(installed, "dist/aimlapi-video.openapi.json"), "utf8"),
    );
    expect(spec.paths["/v2/video/generations"].post).toBeDefined();
    const manifest = JSON.parse(await readFile(path.join(installed, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).not.toContain("tsx");
    await expect(readdir(path.join(project, "node_modules/tsx"))).rejects.toThrow();
  });

  it("type-checks and runs start() from code, and downloads the MP4 of a completed generation", async () => {
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project });
    const { stdout } = await run(process.execPath, ["out/usage.js"], { cwd: project });
    const fixture = path.join(
      project,
      "node_modules/@aimlapi-video/mock-server/fixtures/sample.mp4",
    );
    const size = (await readFile(fixture)).length;
    expect(stdout).toBe(`queued generating completed ftyp ${size}\n`);
  });

  it.each([
    ["SIGINT", 0],
    ["SIGTERM", 0],
    ["SIGKILL", null],
  ] as const)("runs its bin alone in one process, which %s stops", async (signal, code) => {
    const bin = path.join(project, "node_modules/.bin/aimlapi-video-mock");
    const mock = spawn(bin, ["--port", "0", "--quiet"], { cwd: project });
    const exited = new Promise<number | null>((resolve) => mock.once("exit", resolve));
    try {
      const url = await baseUrlOf(mock);
      const answer = await fetch(`${url}/v2/video/generations?generation_id=x`, {
        headers: { authorization: "Bearer k" },
      });
      expect(answer.status).toBe(404); // served: an id it never issued
      // Prism runs inside the bin's own process: no child to outlive it.
      expect(childrenOf(mock.pid ?? 0)).toEqual([]);
      mock.kill(signal);
      expect(await exited).toBe(code);
      expect(await canListen("127.0.0.1", portOf(url))).toBe(true);
    } finally {
      mock.kill("SIGKILL");
    }
  });

  it("leaves nothing behind when a process running start() is killed with SIGKILL", async () => {
    const script = `import("@aimlapi-video/mock-server").then((m) => m.start()).then((mock) => console.log("AIMLAPI_BASE_URL=" + mock.url));`;
    const service = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
    });
    const exited = new Promise((resolve) => service.once("exit", resolve));
    try {
      const url = await baseUrlOf(service);
      expect(childrenOf(service.pid ?? 0)).toEqual([]);
      service.kill("SIGKILL");
      await exited;
      expect(await canListen("127.0.0.1", portOf(url))).toBe(true);
    } finally {
      service.kill("SIGKILL");
    }
  });

  it.each([
    // A parent that hands its pipes to the mock, as pnpm does with a terminal's.
    [
      "a node parent",
      process.execPath,
      [
        "-e",
        `require("node:child_process").spawn("node_modules/.bin/aimlapi-video-mock", ["--port", "0", "--quiet"], { stdio: "inherit" }); setInterval(() => {}, 1000);`,
      ],
    ],
    // npx and npm exec run the bin under `sh -c`, which outlives a killed npm.
    [
      "npm exec",
      "npm",
      [
        "exec",
        "--offline",
        "--userconfig",
        "npmrc",
        "--",
        "aimlapi-video-mock",
        "--port",
        "0",
        "--quiet",
      ],
    ],
  ])("stops its bin when %s that started it is killed with SIGKILL", async (_, command, args) => {
    const parent = spawn(command, args, { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await baseUrlOf(parent);
      const mockGone = new Promise((resolve) => parent.stdout.once("close", resolve));
      parent.kill("SIGKILL");
      // The mock holds our stdout (inherited through the parent): it closes when the mock and
      // any shell between have exited.
      await mockGone;
      expect(await canListen("127.0.0.1", portOf(url))).toBe(true);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
