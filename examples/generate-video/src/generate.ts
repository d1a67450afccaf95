import type { CompletedGeneration, CreateGenerationBody, VideoClient } from "@aimlapi-video/client";

/**
 * What a service does: create the task, keep its id, and wait for the video while reporting
 * progress. Nothing here knows whether the API is real or the mock.
 */
export async function generateWithProgress(
  client: VideoClient,
  body: CreateGenerationBody,
  log: (line: string) => void,
): Promise<{ generation: CompletedGeneration; polls: number; elapsedMs: number }> {
  let polls = 0;
  let elapsedMs = 0;
  const generation = await client.generateVideo(body, {
    onCreated: ({ id, status }) => log(`created ${id} (${status})`),
    onProgress: (progress) => {
      ({ polls, elapsedMs } = progress);
      log(
        `[${(elapsedMs / 1000).toFixed(1).padStart(5)}s] poll ${polls}: ${progress.generation.status}`,
      );
    },
  });
  return { generation, polls, elapsedMs };
}
