// Where a video will be saved, checked before anything is paid for or waited on: a missing or
// read-only folder found only after the create and the wait would waste both. An existing folder
// means "save <id>.mp4 there".
import { accessSync, constants, type Stats, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "./exit-codes.js";

/** An absolute `file`, or a `dir` to save `<id>.mp4` in once the id is known. */
export type OutTarget = { file: string; dir?: undefined } | { dir: string; file?: undefined };

/**
 * Checks `value` (given as `option`) as a place to save a video: an existing writable folder, or
 * a file (new or to replace) in one. Throws a UsageError naming the option and the problem.
 */
export function checkOut(value: string, option: string): OutTarget {
  const target = path.resolve(value);
  const found = statOf(target);
  if (found?.isDirectory()) {
    checkWritable(target, value, option);
    return { dir: target };
  }
  const wrong = (problem: string) =>
    new UsageError(
      `Invalid ${option}: expected a file in an existing, writable folder (or a folder), received "${value}": ${problem}.`,
    );
  if (found && !found.isFile()) throw wrong("it is neither a file nor a folder");
  // "clips/" names a folder; one that does not exist would otherwise become a file "clips".
  if (!found && /[\\/]$/.test(value)) throw wrong("no such folder");
  const parent = path.dirname(target);
  const folder = statOf(parent);
  if (!folder) throw wrong(`the folder ${parent} does not exist`);
  if (!folder.isDirectory()) throw wrong(`${parent} is not a folder`);
  checkWritable(parent, value, option);
  return { file: target };
}

/** Checks `value` (given as `option`) as an existing, writable folder. */
export function checkFolder(value: string, option: string): string {
  const target = path.resolve(value);
  const found = statOf(target);
  if (!found?.isDirectory()) {
    throw new UsageError(
      `Invalid ${option}: expected an existing, writable folder, received "${value}": ${found ? "not a folder" : "no such folder"}.`,
    );
  }
  checkWritable(target, value, option);
  return target;
}

/** The file to save `id`'s video to: the target's file, or `defaultName` in its folder. */
export const fileOf = (target: OutTarget, defaultName: string): string =>
  target.file ?? path.join(target.dir, defaultName);

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The video is written beside its name then renamed: the folder itself must take writes. */
function checkWritable(folder: string, value: string, option: string): void {
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "not writable";
    throw new UsageError(
      `Invalid ${option}: expected a writable folder, received "${value}": ${folder} is not writable (${code}).`,
    );
  }
}
