// Installs the packed packages into a scratch project outside the workspace with npm, as another
// service would (test/packed-install.ts), then type-checks and runs a usage file against a local
// server. npm resolves what each tarball declares, so a dependency the client's tarball names but
// nobody provides fails here.
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPacked } from "./packed-install.js";

const run = promisify(execFile);
const packages = path.resolve(import.meta.dirname, "../..");
const tsc = path.resolve(packages, "client/node_modules/typescript/bin/tsc");
let project: string;

const USAGE = `
import { createVideoClient, GenerationFailedError, type CreateGenerationBody } from "@aimlapi-video/client";
import type { Generation } from "@aimlapi-video/types";
import { downloadVideo } from "@aimlapi-video/client/node";
void downloadVideo;

const body: CreateGenerationBody = { model: "kling-video/v1/standard/text-to-video", prompt: "A fox", duration: 5 };
// @ts-expect-error the spec allows 5 or 10 seconds only
const wrong: CreateGenerationBody = { ...body, duration: 7 };
void wrong;

const client = createVideoClient({ poll: { firstDelayMs: 10, intervalMs: 100 } });
const video = await client.generateVideo(body, { onCreated: ({ id }) => console.log("created", id) });
const done: Generation = video;
console.log("video", done.video?.url, video instanceof GenerationFailedError);
`;

const tsconfig = (moduleResolution: string, module: string) =>
  JSON.stringify({
    compilerOptions: {
      strict: true,
      module,
      moduleResolution,
      target: "ES2022",
      lib: ["ES2022", "DOM"],
      skipLibCheck: false,
      outDir: "out",
      types: [],
    },
    files: ["usage.ts"],
  });

beforeAll(async () => {
  project = await installPacked();
  await writeFile(path.join(project, "usage.ts"), USAGE);
  await writeFile(path.join(project, "tsconfig.node16.json"), tsconfig("node16", "node16"));
  await writeFile(path.join(project, "tsconfig.bundler.json"), tsconfig("bundler", "ESNext"));
}, 60_000);

afterAll(() => rm(project, { recursive: true, force: true }));

describe("a service that installs the packed packages", () => {
  it.each(["node16", "bundler"])("type-checks with moduleResolution %s", async (mode) => {
    await expect(
      run(process.execPath, [tsc, "-p", `tsconfig.${mode}.json`, "--noEmit"], { cwd: project }),
    ).resolves.toBeDefined();
  });

  it("runs the packed client against a local server", async () => {
    await run(process.execPath, [tsc, "-p", "tsconfig.node16.json"], { cwd: project });
    let polls = 0;
    const server: Server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.method === "POST") return res.end('{"id":"gen-9","status":"queued"}');
      polls += 1;
      res.end(
        polls < 2
          ? '{"id":"gen-9","status":"generating","video":null}'
          : '{"id":"gen-9","status":"completed","video":{"url":"https://cdn.test/gen-9.mp4"}}',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { stdout } = await run(process.execPath, ["out/usage.js"], {
        cwd: project,
        env: {
          AIMLAPI_API_KEY: "sk-consumer",
          AIMLAPI_BASE_URL: `http://127.0.0.1:${port}`,
          PATH: "",
        },
      });
      expect(stdout).toBe("created gen-9\nvideo https://cdn.test/gen-9.mp4 false\n");
    } finally {
      server.close();
    }
  });
});
