// What an install takes on disk, counted as `du -sk` counts it on a file system of 4 kB blocks
// (ext4, APFS, NTFS by default): every file and every directory takes whole blocks, so many small
// files cost more than their bytes. Counted from the sizes rather than asked of the file system, so
// that the budget check gives the same answer on any machine.
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";

const BLOCK = 4096;
const blocks = (bytes: number) => Math.ceil(bytes / BLOCK); // an empty file takes none

export interface Footprint {
  /** Bytes of the files. */
  bytes: number;
  files: number;
  /** Whole 4 kB blocks of every file and directory, in kB (du -sk). */
  onDiskKb: number;
}

/** The footprint of a directory and everything under it. */
export async function footprint(dir: string): Promise<Footprint> {
  const total: Footprint = { bytes: 0, files: 0, onDiskKb: BLOCK / 1024 };
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await footprint(full);
      total.bytes += inner.bytes;
      total.files += inner.files;
      total.onDiskKb += inner.onDiskKb;
    } else {
      const { size } = await lstat(full);
      total.bytes += size;
      total.files += 1;
      total.onDiskKb += (blocks(size) * BLOCK) / 1024;
    }
  }
  return total;
}

/** A budget: each measured figure's ceiling, by name (size-budget.json). */
export type Budget = Record<string, number>;

/** The figures over their ceiling, each as a line naming the figure, the ceiling and the value. */
export function overBudget(measured: Record<string, number>, budget: Budget): string[] {
  return Object.entries(budget).flatMap(([name, limit]) => {
    const value = measured[name];
    if (value === undefined) return [`${name}: in the budget but not measured`];
    return value > limit ? [`${name}: ${value} is over its budget of ${limit}`] : [];
  });
}
