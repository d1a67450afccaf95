// What the CLI does when the API is out of credits or its store cannot write: it says so, sends
// nothing it cannot record, and exits with a documented code.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL, runCli, type StubApi, startStubApi } from "./support.js";

const generate = (api: StubApi, store: string) =>
  runCli(["generate", "--model", MODEL, "--prompt", "A fox", "--no-download"], {
    env: { AIMLAPI_BASE_URL: api.url, AIMLAPI_VIDEO_STORE: store },
  });
const creates = (api: StubApi) => api.requests.filter((r) => r.method === "POST").length;

describe("out of credits", () => {
  let api: StubApi;
  let dir: string;
  beforeAll(async () => {
    api = await startStubApi({
      refuse: { status: 403, message: "You've run out of credits. Please top up your balance." },
    });
    dir = mkdtempSync(path.join(tmpdir(), "cli-credits-"));
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 3 with the API's reason; the next generate, a person's new request, asks the API again", async () => {
    const store = path.join(dir, "generations.db");
    const first = await generate(api, store);
    expect(first.code).toBe(3);
    expect(first.stderr).toContain("run out of credits");
    // The 403 paused creates in the store; a new generate lifts it and tries once more.
    const second = await generate(api, store);
    expect(second.code).toBe(3);
    expect(creates(api)).toBe(2);
  });
});

// A full disk needs a small filesystem of its own: a tmpfs, mounted as root (CI runs as root).
const root = process.getuid?.() === 0;

describe.skipIf(!root)("a store on a full disk", () => {
  let api: StubApi;
  let mount: string;
  beforeAll(async () => {
    api = await startStubApi();
    mount = mkdtempSync(path.join(tmpdir(), "cli-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mount]);
  });
  afterAll(async () => {
    await api?.close();
    if (mount) {
      execFileSync("umount", [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  });

  it("exits 6 naming the file, and sends nothing", async () => {
    const dir = path.join(mount, "state");
    mkdirSync(dir);
    // Fill the filesystem to the last byte.
    try {
      writeFileSync(path.join(mount, "filler"), Buffer.alloc(1024 * 1024));
    } catch {
      // ENOSPC: full, as wanted.
    }
    const store = path.join(dir, "generations.db");
    const run = await generate(api, store);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain(store);
    expect(creates(api)).toBe(0);
  });
});
