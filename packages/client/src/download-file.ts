import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { type DownloadOptions, streamVideo, type VideoSource } from "./download.js";
import { DownloadError } from "./download-errors.js";
import { AimlApiError } from "./errors.js";

export type {
  DownloadOptions,
  DownloadProgress,
  GenerationLookup,
  VideoSource,
} from "./download.js";
export { DownloadError, type DownloadFailureReason } from "./download-errors.js";

export interface DownloadedVideo {
  /** The absolute path of the complete file. */
  path: string;
  bytes: number;
  generationId: string | undefined;
}

/**
 * Downloads a generation's video to `file`, atomically: the bytes go to a temporary file in the
 * same directory, which is flushed to disk and renamed over `file` only once the download is
 * complete and checked. On any failure the temporary file is removed and `file` is untouched.
 */
export async function downloadVideo(
  source: VideoSource,
  file: string,
  options: DownloadOptions = {},
): Promise<DownloadedVideo> {
  if (typeof file !== "string" || file === "") {
    throw new AimlApiError(
      `Invalid file: expected a path (a non-empty string), received ${JSON.stringify(file)}.`,
    );
  }
  const target = path.resolve(file);
  const temp = temporaryPath(target);
  const generationId = typeof source === "string" ? source : source?.id;
  const writeFailed = (cause: unknown, bytes: number) =>
    new DownloadError(
      "write-failed",
      `Could not write the video to ${target} (${(cause as { code?: string }).code ?? String(cause)}).`,
      { generationId, bytesReceived: bytes, cause },
    );

  // Open the file first: a directory that cannot be written fails before any byte is fetched.
  let handle: FileHandle | undefined = await open(temp, "wx").catch((error: unknown) => {
    throw writeFailed(error, 0);
  });
  let bytes = 0;
  try {
    const video = await streamVideo(source, options);
    const reader = video.stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      await handle.write(chunk).catch((error: unknown) => {
        reader.cancel().catch(() => {});
        throw writeFailed(error, bytes);
      });
      bytes += chunk.byteLength;
    }
    try {
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, target);
    } catch (error) {
      throw writeFailed(error, bytes);
    }
    await syncDirectory(path.dirname(target));
    return { path: target, bytes, generationId: video.generationId };
  } finally {
    if (handle) await handle.close().catch(() => {});
    await rm(temp, { force: true });
  }
}

/** Most file systems take at most 255 bytes in one name (Windows: 255 UTF-16 units, never more). */
const NAME_MAX_BYTES = 255;

/**
 * `.<name>.<random>.part` beside the target, the name shortened (never inside a character) so
 * that the whole stays within NAME_MAX_BYTES: a legal target name must not fail for its
 * temporary one.
 */
function temporaryPath(target: string): string {
  const suffix = `.${randomBytes(4).toString("hex")}.part`;
  let room = NAME_MAX_BYTES - 1 - suffix.length;
  let name = "";
  for (const char of path.basename(target)) {
    room -= Buffer.byteLength(char);
    if (room < 0) break;
    name += char;
  }
  return path.join(path.dirname(target), `.${name}${suffix}`);
}

/** Makes the rename itself durable; best effort, as some platforms cannot open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r").catch(() => undefined);
  await handle?.sync().catch(() => {});
  await handle?.close().catch(() => {});
}
