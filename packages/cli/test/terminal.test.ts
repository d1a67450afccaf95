// The CLI in a real pseudo-terminal (tmux), read off the screen as a person sees it: the spinner
// with status, elapsed time and polls, the download bar, and Ctrl-C typed at the keyboard.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type MockServer, start } from "@aimlapi-video/mock-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { API_KEY, CLI, defaultStore, isMp4, MODEL, runCli, startStubApi } from "./support.js";

const hasTmux = (() => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// A server of our own, on a socket in the test's folder: no other tmux session on the machine is
// touched, and nothing is left in /tmp/tmux-*.
let socket: string;
const tmux = (...args: string[]) =>
  execFileSync("tmux", ["-S", socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
// -J joins the lines the terminal wrapped, so long ids read as one line.
const screen = (session: string) => tmux("capture-pane", "-p", "-J", "-t", session);

/** Starts `command` in a new 100x24 terminal; the shell stays to show the exit code. */
function openTerminal(session: string, cwd: string, command: string): void {
  tmux(
    "new-session",
    "-d",
    "-s",
    session,
    "-x",
    "100",
    "-y",
    "24",
    "-c",
    cwd,
    `${command}; echo "EXIT=$?"; sleep 60`,
  );
}

/** Reads the screen until `pattern` shows (bounded), keeping every distinct frame seen. */
async function waitForScreen(session: string, pattern: RegExp, frames: string[] = []) {
  for (let i = 0; i < 300; i++) {
    const now = screen(session);
    if (frames.at(-1) !== now) frames.push(now);
    if (pattern.test(now)) return now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Never saw ${pattern} on the screen; it shows:\n${screen(session)}`);
}

describe.skipIf(!hasTmux)("in a terminal (tmux)", () => {
  let mock: MockServer;
  let dir: string;
  // Not CI: a person's terminal (CI=true, as on the CI machine, turns the animations off).
  const env = `env -u CI AIMLAPI_API_KEY=${API_KEY} AIMLAPI_VIDEO_STORE=${defaultStore()} TERM=xterm-256color`;

  beforeAll(async () => {
    // Four polls per status at 0.3 s: a few seconds of spinner to watch.
    mock = await start({ lifecycle: { pollsPerStep: 4 } });
    dir = await mkdtemp(path.join(tmpdir(), "cli-tty-"));
    socket = path.join(dir, "tmux.sock");
  }, 60_000);
  afterAll(async () => {
    try {
      tmux("kill-server");
    } catch {
      // No session left: nothing to kill.
    }
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows live progress, then a download bar, then where the video is", async () => {
    openTerminal(
      "generate",
      dir,
      `${env} node ${CLI} --base-url ${mock.url} generate --model ${MODEL} --prompt 'A red fox' --poll-interval 0.3 --out fox.mp4`,
    );
    const frames: string[] = [];
    await waitForScreen("generate", /EXIT=\d+/, frames);
    const spinner = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (queued|generating) · \d+s · (\d+) polls?$/m;
    const seen = frames.map((f) => spinner.exec(f)).filter((m) => m !== null);
    // The same line moved through both statuses and a growing count of polls.
    expect(new Set(seen.map((m) => m[1]))).toEqual(new Set(["queued", "generating"]));
    expect(Number(seen.at(-1)?.[2])).toBeGreaterThan(Number(seen[0]?.[2]));

    const last = screen("generate");
    expect(last).toMatch(/Generation \S+ created \(key [\w-]+\)\./);
    expect(last).toMatch(/^✔ Completed after \d+s, \d+ polls?$/m);
    expect(last).toMatch(/^Downloading \|█+\| 100% \d+ kB of \d+ kB$/m);
    expect(last).toMatch(/^Saved fox\.mp4 \(\d+ bytes\)$/m);
    expect(last).toContain("EXIT=0");
    // The spinner rewrote its line in place: no trail of old spinner lines.
    expect(last.match(/polls?$/gm)?.length ?? 0).toBe(1);
    expect(last).not.toContain(API_KEY);
    expect(isMp4(await readFile(path.join(dir, "fox.mp4")))).toBe(true);
  });

  it("Ctrl-C typed while waiting prints the id and the command that resumes it", async () => {
    const api = await startStubApi();
    try {
      openTerminal(
        "interrupt",
        dir,
        `${env} node ${CLI} --base-url ${api.url} generate --model ${MODEL} --prompt 'A fox' --poll-interval 0.2 --out fox2.mp4`,
      );
      await waitForScreen("interrupt", /queued · \d+s · [1-9]\d* polls?/);
      tmux("send-keys", "-t", "interrupt", "C-c");
      const last = await waitForScreen("interrupt", /EXIT=\d+/);
      expect(last).toContain("Interrupted. Generation gen-stuck goes on on the server.");
      expect(last).toContain(
        `Resume with: aimlapi-video wait gen-stuck --out fox2.mp4 --base-url ${api.url}`,
      );
      expect(last).toContain("EXIT=130");
    } finally {
      await api.close();
    }
  });

  it("one Ctrl-C during a create that hangs stops it at once, keeps the key ambiguous and says how to settle it", async () => {
    const api = await startStubApi({ hangCreates: true });
    const store = path.join(dir, "hang", "generations.db");
    try {
      openTerminal(
        "hang",
        dir,
        `${env} node ${CLI} --base-url ${api.url} --store ${store} generate --model ${MODEL} --prompt 'A fox' --key hang-1 --out fox3.mp4`,
      );
      await waitForScreen("hang", /Creating a generation with /);
      await vi.waitFor(() => expect(api.requests.some((r) => r.method === "POST")).toBe(true), {
        timeout: 10_000,
      });
      tmux("send-keys", "-t", "hang", "C-c");
      // Bounded well below the 60 s the create would otherwise hang for.
      const last = await waitForScreen("hang", /EXIT=\d+/);
      expect(last).toContain("EXIT=130");
      expect(last).toMatch(
        /Interrupted\. The create of key hang-1 may or may not have made a generation/,
      );
      const settle = `--base-url ${api.url} --store ${store}`;
      expect(last).toContain(`aimlapi-video find hang-1 ${settle}`);
      expect(last).toContain(`aimlapi-video resolve hang-1 --id <id> ${settle}`);
      expect(last).toContain(`aimlapi-video resolve hang-1 --retry ${settle}`);
      expect(last).not.toContain(API_KEY);
      const list = await runCli(["--json", "--store", store, "list"]);
      expect(JSON.parse(list.stdout).generations).toEqual([
        expect.objectContaining({ key: "hang-1", status: "ambiguous" }),
      ]);
    } finally {
      await api.close();
    }
  });
});
