// `pnpm demo`: starts the mock in lifecycle mode, generates a video through the real client with
// live progress, prints the URL and the totals, and stops the mock.
import { createVideoClient } from "@aimlapi-video/client";
import { start } from "@aimlapi-video/mock-server";
import { generateWithProgress } from "./generate.js";

const log = (line: string) => console.log(line);

log("Starting the local mock (Prism, lifecycle mode)…");
const mock = await start({ lifecycle: { pollsPerStep: 2 } });
log(`Mock ready at ${mock.url} (Prism pid ${mock.pid})`);

let exitCode = 0;
try {
  const client = createVideoClient({
    apiKey: "demo-key", // the mock wants a bearer key, any will do
    baseUrl: mock.url,
    // The real API takes minutes; the mock moves on every two polls, so poll fast.
    poll: { firstDelayMs: 300, intervalMs: 300, backoff: 1, timeoutMs: 30_000 },
  });
  const body = {
    model: "kling-video/v1/standard/text-to-video",
    prompt: "A red fox trotting through fresh snow at dawn",
    duration: 5,
    aspect_ratio: "16:9",
  } as const;
  log(`Generating: "${body.prompt}" (${body.duration} s, ${body.aspect_ratio})`);
  const { generation, polls, elapsedMs } = await generateWithProgress(client, body, log);
  log(`Completed in ${(elapsedMs / 1000).toFixed(1)} s after ${polls} polls.`);
  log(`Video: ${generation.video.url}`);
} catch (error) {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await mock.close();
  log("Mock stopped.");
}
process.exitCode = exitCode;
