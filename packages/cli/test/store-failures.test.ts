// What the CLI does when the API is out of credits or its store cannot write: it says so, sends
// nothing it cannot record, and exits with a documented code.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MODEL, runCli, type StubApi, spawnCli, startStubApi } from "./support.js";

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

  it("exits 8 with the API's reason and what to do; the next generate, a person's new request, asks the API again", async () => {
    const store = path.join(dir, "generations.db");
    const first = await generate(api, store);
    expect(first.code).toBe(8);
    expect(first.stderr).toContain(
      "Error: Out of credits: the API refused the create (403 You've run out of credits. Please top up your balance.). Nothing was created, nothing was paid. Top up the account's balance, then run the command again.",
    );
    // The 403 paused creates in the store; a new generate lifts it and tries once more.
    const second = await generate(api, store);
    expect(second.code).toBe(8);
    expect(creates(api)).toBe(2);
  });
});

/** Fills the file system at `mount` to the last byte (a file `filler`). */
function fill(mount: string): void {
  try {
    writeFileSync(path.join(mount, "filler"), Buffer.alloc(1024 * 1024));
  } catch {
    // ENOSPC: full, as wanted.
  }
}

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

  it("the disk fills while the create is in flight: the paid id is printed, the video still waited for, and the id recorded once space returns", async () => {
    const slow = await startStubApi({ completesAfterMs: 3_000, createDelayMs: 1_000 });
    try {
      const dir = path.join(mount, "in-flight");
      mkdirSync(dir);
      const store = path.join(dir, "generations.db");
      const running = spawnCli(
        [
          "generate",
          "--model",
          MODEL,
          "--prompt",
          "A fox",
          "--no-download",
          "--poll-interval",
          "0.1",
          "--json",
        ],
        { env: { AIMLAPI_BASE_URL: slow.url, AIMLAPI_VIDEO_STORE: store } },
      );
      // The create has reached the API (claimed first); fill the disk before it answers.
      await vi.waitFor(() => expect(creates(slow)).toBe(1), { timeout: 10_000 });
      fill(mount);
      // The CLI polls once its submit is over, with the id the store refused; the generation
      // completes later, once the disk has room again.
      const polled = () => slow.requests.some((r) => r.url.startsWith("/v2/video/generations?"));
      await vi.waitFor(() => expect(polled()).toBe(true), { timeout: 10_000 });
      rmSync(path.join(mount, "filler"));
      const run = await running.done;
      expect(run.code).toBe(0);
      // One JSON document, written once the id was in the store.
      expect(JSON.parse(run.stdout)).toMatchObject({
        id: "gen-done",
        video: { url: expect.stringContaining("/v.mp4") },
      });
      expect(creates(slow)).toBe(1);
      // The tracker wrote the id once the space came back.
      const listed = await runCli(["list", "--json"], { env: { AIMLAPI_VIDEO_STORE: store } });
      expect(listed.stdout).toContain("gen-done");
    } finally {
      await slow.close();
    }
  });

  it("exits 6 naming the file, and sends nothing", async () => {
    const dir = path.join(mount, "state");
    mkdirSync(dir);
    fill(mount);
    const store = path.join(dir, "generations.db");
    const run = await generate(api, store);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain(store);
    expect(creates(api)).toBe(0);
  });
});
