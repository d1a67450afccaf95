import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { snapshot } from "../fixture-repo.ts";
import { FileTransaction } from "./file-transaction.ts";

describe("FileTransaction", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "transaction-"));
    await writeFile(path.join(root, "kept.txt"), "kept");
    await writeFile(path.join(root, "changed.txt"), "before");
    await writeFile(path.join(root, "removed.txt"), "removed");
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("lists only the files whose content changed", async () => {
    const files = new FileTransaction(root);
    await files.write("kept.txt", "kept");
    await files.write("changed.txt", "after");
    await files.write("new/deep/file.txt", "new");
    await files.remove("removed.txt");
    await files.remove("absent.txt");
    expect(files.changed()).toEqual(["changed.txt", "new/deep/file.txt"]);
    expect(files.changed("removed")).toEqual(["removed.txt"]);
  });

  it("puts the tree back as it was, folders it created included", async () => {
    const before = await snapshot(root);
    const files = new FileTransaction(root);
    await files.write("changed.txt", "after");
    await files.write("changed.txt", "again");
    await files.write("new/deep/file.txt", "new");
    await files.remove("removed.txt");
    await files.write("removed.txt", "back, differently");
    expect(await files.rollback()).toEqual([]);
    expect(await snapshot(root)).toEqual(before);
    await expect(rm(path.join(root, "new"))).rejects.toThrow("ENOENT");
  });
});
