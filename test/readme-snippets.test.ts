// Every README snippet that claims to run runs as written (the rules: CONTRIBUTING.md, "README
// snippets"): in a fresh folder where the workspace's packages are installed (linked to their
// built dist/), against the real mock on loopback (AIMLAPI_BASE_URL, and in place of the
// documented http://127.0.0.1:4010), each within a bounded time.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MockServer, start } from "../packages/mock-server/src/index.ts";
import { publicPackages, root } from "./packed-install.ts";
import { type Program, programsOf, readmes } from "./readme-snippets.ts";

const DOCUMENTED_MOCK = "http://127.0.0.1:4010";
// The client's default schedule polls first after 10 s; a snippet may wait a few such polls.
const PROGRAM_TIMEOUT_MS = 90_000;

const programs = readmes(root).flatMap((readme) =>
  programsOf(readme, readFileSync(path.join(root, readme), "utf8")),
);
let project: string;
// A fresh mock for each program: what one created or paid is not in another's account.
let mock: MockServer;

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), "readme-snippets-"));
  // ES modules, as the snippets are (top-level await).
  await writeFile(path.join(project, "package.json"), '{ "type": "module" }\n');
  const modules = path.join(project, "node_modules");
  await mkdir(path.join(modules, "@aimlapi-video"), { recursive: true });
  for (const { name, dir } of await publicPackages()) {
    await symlink(dir, path.join(modules, name), "dir");
  }
  // Node's types, for the type check of the snippets.
  await symlink(path.join(root, "node_modules/@types"), path.join(modules, "@types"), "dir");
  // What the mock's README tests its own tests with.
  await symlink(path.join(root, "node_modules/vitest"), path.join(modules, "vitest"), "dir");
  await mkdir(path.join(modules, ".bin"));
  await writeShim(
    path.join(modules, ".bin/vitest"),
    path.join(root, "node_modules/vitest/vitest.mjs"),
  );
  // The bins a README runs, as an installed package puts them on the PATH.
  const bin = path.join(project, "bin");
  await mkdir(bin);
  for (const [name, file] of [
    ["aimlapi-video", "packages/cli/dist/cli.js"],
    ["aimlapi-video-mock", "packages/mock-server/dist/cli.js"],
  ] as const) {
    await writeShim(path.join(bin, name), path.join(root, file));
  }
});

beforeEach(async () => {
  // Generations complete at once: a client's first poll (after 10 s by default) finds them so.
  mock = await start({ lifecycle: { timeScale: 1_000_000 } });
});

afterEach(() => mock?.close());

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe("the READMEs' snippets", () => {
  it("type-checks every ts program, strictly", async () => {
    const types = path.join(project, "types");
    const files: string[] = [];
    for (const program of programs) {
      let n = 0;
      for (const step of stepsOf(program)) {
        if (step.lang !== "ts") continue;
        const file = path.join(types, slug(program.name), step.file ?? `snippet-${n++}.ts`);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, step.code);
        files.push(file);
      }
    }
    const compilerOptions = {
      strict: true,
      module: "nodenext",
      target: "ES2022",
      // As the workspace's own code: with DOM's fetch types, whose json() is any (Node's: unknown).
      lib: ["ES2022", "DOM"],
      types: ["node"],
      noEmit: true,
      // The packages' own declarations: test/strict-consumer.test.ts.
      skipLibCheck: true,
      // Each program is a module, with imports or not.
      moduleDetection: "force",
    };
    await writeFile(path.join(types, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    const checked = await runCommand(process.execPath, [tsc, "-p", "tsconfig.json"], types);
    expect(checked.output).toBe("");
  }, 120_000);

  it.each(programs.map((program) => [program.name, program] as const))(
    "%s runs",
    async (name, program) => {
      const folder = path.join(project, slug(name));
      await mkdir(folder, { recursive: true });
      for (const step of stepsOf(program)) {
        if (step.file !== undefined) {
          await mkdir(path.dirname(path.join(folder, step.file)), { recursive: true });
          await writeFile(path.join(folder, step.file), step.code);
          continue;
        }
        const result = await runStep(step.lang, step.code, folder);
        expect(
          result,
          `${name}: ${step.lang} exited ${result.code}\n${result.output}`,
        ).toMatchObject({
          code: 0,
        });
      }
    },
    PROGRAM_TIMEOUT_MS + 10_000,
  );
});

function slug(name: string): string {
  return name.replaceAll(/[^\w.-]+/g, "_");
}

async function writeShim(shim: string, script: string): Promise<void> {
  await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`);
  await chmod(shim, 0o755);
}

/** The program's blocks with the documented mock's URL replaced; a run of ts blocks is one file. */
function stepsOf(program: Program): Program["blocks"] {
  const steps: Program["blocks"] = [];
  for (const block of program.blocks) {
    const code = block.code.replaceAll(DOCUMENTED_MOCK, mock.url);
    const last = steps.at(-1);
    if (block.lang === "ts" && block.file === undefined && last?.lang === "ts" && !last.file) {
      last.code += code;
    } else {
      steps.push({ ...block, code });
    }
  }
  return steps;
}

async function runStep(lang: "ts" | "sh", code: string, cwd: string) {
  // None of the machine's own settings (a key, a store): only the ones given here.
  const own = Object.entries(process.env).filter(([name]) => !name.startsWith("AIMLAPI_"));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(own),
    AIMLAPI_BASE_URL: mock.url,
    AIMLAPI_API_KEY: "any",
    // What a program keeps in the user's folders (the CLI's store) stays in its own.
    HOME: cwd,
    XDG_STATE_HOME: path.join(cwd, ".local/state"),
    // Never the internet: a package manager a snippet runs stays offline and fails at once.
    npm_config_offline: "true",
    PATH: `${path.join(project, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  if (lang === "ts") {
    await writeFile(path.join(cwd, "snippet.ts"), code);
    return runCommand(path.join(root, "node_modules/.bin/tsx"), ["snippet.ts"], cwd, env);
  }
  return runCommand("bash", ["-e", "-o", "pipefail", "-c", code], cwd, env);
}

/** Runs a command to its end, or for PROGRAM_TIMEOUT_MS; its exit code and all it printed. */
async function runCommand(command: string, args: string[], cwd: string, env = process.env) {
  // Its own process group, so that a timeout stops whatever it started.
  const child = spawn(command, args, { cwd, env, detached: true });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const timer = setTimeout(() => process.kill(-(child.pid ?? 0), "SIGKILL"), PROGRAM_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  // Nothing it started outlives it (a server a shell block left running in the background).
  try {
    process.kill(-(child.pid ?? 0), "SIGKILL");
  } catch {
    // The group is gone already.
  }
  return { code, output };
}
