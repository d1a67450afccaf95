// Where the store lives by default, and how it is overridden; the CLI's own file across versions.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { Outputs, outputsPath, storePath } from "../src/store.js";

describe("storePath", () => {
  it("is under $XDG_STATE_HOME, else ~/.local/state, one file per API", () => {
    expect(storePath(undefined, { XDG_STATE_HOME: "/state" }, undefined)).toBe(
      "/state/aimlapi-video/generations.db",
    );
    expect(storePath(undefined, {}, undefined)).toBe(
      path.join(os.homedir(), ".local/state/aimlapi-video/generations.db"),
    );
    expect(storePath(undefined, { XDG_STATE_HOME: "/state" }, "http://127.0.0.1:4010/")).toBe(
      "/state/aimlapi-video/generations-127.0.0.1_4010.db",
    );
  });

  it("--store wins over AIMLAPI_VIDEO_STORE, which wins over the default", () => {
    const env = { AIMLAPI_VIDEO_STORE: "/env/g.db", XDG_STATE_HOME: "/state" };
    expect(storePath("/flag/g.db", env, undefined)).toBe("/flag/g.db");
    expect(storePath(undefined, env, "http://127.0.0.1:4010")).toBe("/env/g.db");
    expect(storePath("rel.db", {}, undefined)).toBe(path.resolve("rel.db"));
  });

  it("keeps the CLI's own file beside the tracker's", () => {
    expect(outputsPath("/state/generations.db")).toBe("/state/generations.cli.db");
  });
});

describe("Outputs", () => {
  it("opens a file made before failures were recorded, and records one", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cli-outputs-"));
    try {
      const file = path.join(dir, "generations.cli.db");
      // The table as the first release made it, with a row in it.
      const old = new Database(file);
      old.exec(
        "CREATE TABLE outputs (key TEXT PRIMARY KEY, base_url TEXT, dir TEXT NOT NULL, file TEXT, download INTEGER NOT NULL, saved_file TEXT, done_at INTEGER) STRICT",
      );
      old.prepare("INSERT INTO outputs (key, dir, download) VALUES ('k', '/tmp', 1)").run();
      old.close();
      const outputs = new Outputs(file);
      expect(outputs.get("k")).toMatchObject({ key: "k", error: undefined, doneAt: undefined });
      outputs.finished("k", { error: "Generation g failed: no credits" });
      expect(outputs.get("k")).toMatchObject({ error: "Generation g failed: no credits" });
      outputs.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
