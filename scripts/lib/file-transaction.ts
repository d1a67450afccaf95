// Writes a set of files as one change: every file's content before its first write is kept, so a
// failure anywhere (a write, the check after it) puts the whole tree back as it was.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export class FileTransaction {
  /** By path relative to the root: the bytes before the first write, or null when it was absent. */
  readonly #originals = new Map<string, Buffer | null>();
  readonly #changed = new Map<string, "written" | "removed">();
  /** The top-most folders that a write created, removed again by `rollback`. */
  readonly #createdDirs: string[] = [];

  constructor(readonly root: string) {}

  /** Writes `content` to `file` (relative to the root) unless it already has it. */
  async write(file: string, content: string | Buffer): Promise<void> {
    const target = path.join(this.root, file);
    const before = await this.#remember(file, target);
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    if (before?.equals(bytes) && !this.#changed.has(file)) return;
    const created = await mkdir(path.dirname(target), { recursive: true });
    if (created) this.#createdDirs.push(created);
    await writeFile(target, bytes);
    this.#changed.set(file, "written");
  }

  /** Removes `file` (relative to the root), when it exists. */
  async remove(file: string): Promise<void> {
    const target = path.join(this.root, file);
    if ((await this.#remember(file, target)) === null && !this.#changed.has(file)) return;
    await rm(target, { force: true });
    this.#changed.set(file, "removed");
  }

  /** The files written (or removed), in the order they were first changed. */
  changed(how: "written" | "removed" = "written"): string[] {
    return [...this.#changed].filter(([, done]) => done === how).map(([file]) => file);
  }

  /**
   * Puts every changed file back as it was, removes the files and folders it created, and
   * resolves to the files it could not restore (empty when the tree is as before).
   */
  async rollback(): Promise<string[]> {
    const failed: string[] = [];
    for (const file of [...this.#changed.keys()].reverse()) {
      const target = path.join(this.root, file);
      const before = this.#originals.get(file);
      try {
        if (before === null || before === undefined) await rm(target, { force: true });
        else {
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, before);
        }
      } catch (error) {
        failed.push(`${file} (${(error as Error).message})`);
      }
    }
    for (const dir of this.#createdDirs.reverse()) {
      await rm(dir, { recursive: true, force: true }).catch(() => failed.push(dir));
    }
    this.#changed.clear();
    return failed;
  }

  async #remember(file: string, target: string): Promise<Buffer | null> {
    if (this.#originals.has(file)) return this.#originals.get(file) as Buffer | null;
    const before = await readFile(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    this.#originals.set(file, before);
    return before;
  }
}
