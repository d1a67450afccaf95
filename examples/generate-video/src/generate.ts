import type { CompletedGeneration, CreateGenerationBody, VideoClient } from "@aimlapi-video/client";
import { type DownloadedVideo, downloadVideo } from "@aimlapi-video/client/node";

/**
 * What a service does: create the task, keep its id, and wait for the video while reporting
 * progress. Nothing here knows whether the API is real or the mock.
 */
export async function generateWithProgress(
  client: VideoClient,
  body: CreateGenerationBody,
  log: (line: string) => void,
  options: { signal?: AbortSignal; onCreated?: (id: string) => void } = {},
): Promise<{ generation: CompletedGeneration; polls: number; elapsedMs: number }> {
  let polls = 0;
  let elapsedMs = 0;
  const generation = await client.generateVideo(body, {
    signal: options.signal,
    onCreated: ({ id, status }) => {
      options.onCreated?.(id);
      log(`created ${id} (${status})`);
    },
    onProgress: (progress) => {
      ({ polls, elapsedMs } = progress);
      log(
        `[${(elapsedMs / 1000).toFixed(1).padStart(5)}s] poll ${polls}: ${progress.generation.status}`,
      );
    },
  });
  return { generation, polls, elapsedMs };
}

/**
 * Puts the video on disk: resumable, checked, written atomically, never sending the API key to
 * the file host. Logs progress at every quarter.
 */
export function saveVideo(
  client: VideoClient,
  generation: CompletedGeneration,
  file: string,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<DownloadedVideo> {
  let quarter = 0;
  return downloadVideo(generation, file, {
    client,
    signal,
    onProgress: ({ receivedBytes, totalBytes }) => {
      const reached = totalBytes ? Math.floor((4 * receivedBytes) / totalBytes) : 0;
      if (reached <= quarter) return;
      quarter = reached;
      log(`downloaded ${receivedBytes} of ${totalBytes} bytes`);
    },
  });
}
