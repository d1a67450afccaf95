// A local file as a media input (Node): opened when `prepareMedia` reaches it, read a few bytes at
// a time for the header checks, then once whole into one buffer of its size (the Base64 pass reads
// that buffer in place: the bench in bench/media.ts compares it with Buffer.toString alone).
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import type { MediaBytes, OpenedMedia } from "./media-input.js";

/** A file on disk (a path, or a `file:` URL) for a media field of `prepareMedia`. */
export function localFile(path: string | URL): MediaBytes {
  const file = path instanceof URL ? fileURLToPath(path) : path;
  return {
    label: basename(file),
    async open(): Promise<OpenedMedia> {
      const handle = await open(file, "r");
      try {
        const { size } = await handle.stat();
        return {
          size,
          async read(offset, length) {
            const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
            return buffer.subarray(0, bytesRead);
          },
          async readAll() {
            const buffer = Buffer.allocUnsafe(size);
            let filled = 0;
            // Each turn reads at least a byte, or stops.
            while (filled < size) {
              const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
              if (bytesRead === 0) throw new Error(`${basename(file)} shrank while it was read`);
              filled += bytesRead;
            }
            return buffer;
          },
          close: () => handle.close(),
        };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
  };
}
