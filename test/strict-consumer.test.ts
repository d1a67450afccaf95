// A project that type-checks strictly, libraries included (`strict: true`, no `skipLibCheck`),
// imports every typed entry point of every public package, installed from their packed tarballs:
// the declarations we publish must stand alone, without types their dependencies do not ship.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { installPacked, type PublicPackage, publicPackages, root } from "./packed-install.ts";

const run = promisify(execFile);
const tsc = path.join(root, "node_modules/typescript/bin/tsc");
let project: string;
let packages: PublicPackage[];

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), "strict-consumer-"));
  packages = await publicPackages();
  // The Node types a Node project has, at the version the workspace uses.
  await installPacked(project, packages, ["@types/node@20.19.43"]);
}, 240_000);

afterAll(() => rm(project, { recursive: true, force: true }));

it("finds every public package and its typed entry points", () => {
  const entries = Object.fromEntries(packages.map((p) => [p.name, p.typedEntries]));
  expect(entries).toMatchObject({
    "@aimlapi-video/types": expect.arrayContaining(["."]),
    "@aimlapi-video/client": expect.arrayContaining([".", "./models", "./download", "./node"]),
    "@aimlapi-video/mock-server": expect.arrayContaining(["."]),
    "@aimlapi-video/tracker": expect.arrayContaining([".", "./redis"]),
  });
  // The CLI is a bin with no types to import; it is installed all the same.
  expect(packages.map((p) => p.name)).toContain("@aimlapi-video/cli");
});

it("type-checks an import of each of them with strict: true and no skipLibCheck", async () => {
  const specifiers = packages.flatMap((p) =>
    p.typedEntries.map((entry) => (entry === "." ? p.name : `${p.name}/${entry.slice(2)}`)),
  );
  const source = specifiers
    .map((specifier, i) => `import * as entry${i} from "${specifier}";`)
    .concat(`export const entries = [${specifiers.map((_, i) => `entry${i}`).join(", ")}];`)
    .join("\n");
  await writeFile(path.join(project, "consumer.ts"), `${source}\n`);
  await writeFile(
    path.join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "ES2022",
        lib: ["ES2022"],
        types: ["node"],
        noEmit: true,
      },
      files: ["consumer.ts"],
    }),
  );
  const checked = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project }).then(
    () => "",
    (error: { stdout: string }) => error.stdout,
  );
  expect(checked).toBe("");
});
