// Where the store lives by default, and how it is overridden.
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { outputsPath, storePath } from "../src/store.js";

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
