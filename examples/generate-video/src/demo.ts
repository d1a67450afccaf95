// `pnpm demo`: starts the mock, generates a video through the real client with live progress,
// downloads it to videos/, prints its path, and stops the mock. Ctrl-C stops it cleanly and
// prints the generation's id, which is how a service would resume it.
import path from "node:path";
import { APIUserAbortError, createVideoClient } from "@aimlapi-video/client";
import { start } from "@aimlapi-video/mock-server";
import { generateWithProgress, saveVideo } from "./generate.js";

const log = (line: string) => console.log(line);
const interrupt = new AbortController();
let generationId: string | undefined;
// Kept for the whole run: pnpm forwards the terminal's Ctrl-C, so one keypress arrives twice,
// and a second signal must not kill the demo before it has stopped the mock.
const onSignal = () => interrupt.abort();
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

log("Starting the local mock…");
const mock = await start({ lifecycle: { pollsPerStep: 2 } });
log(`Mock ready at ${mock.url}`);

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
  const { generation, polls, elapsedMs } = await generateWithProgress(client, body, log, {
    signal: interrupt.signal,
    onCreated: (id) => {
      generationId = id;
    },
  });
  log(`Completed in ${(elapsedMs / 1000).toFixed(1)} s after ${polls} polls.`);
  // Ids can be composites such as `<uuid>:<model path>`: the uuid names the file.
  const name = (generation.id.split(":")[0] ?? "video").replace(/[^\w.-]+/g, "_");
  const file = path.resolve(import.meta.dirname, "../videos", `${name}.mp4`);
  const saved = await saveVideo(client, generation, file, log, interrupt.signal);
  log(`Video saved to ${saved.path} (${saved.bytes} bytes)`);
} catch (error) {
  if (error instanceof APIUserAbortError && interrupt.signal.aborted) {
    log(
      generationId
        ? `Interrupted. Generation ${generationId} goes on; resume it with client.waitForGeneration("${generationId}").`
        : "Interrupted before the generation was created.",
    );
    exitCode = 130;
  } else {
    console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  }
} finally {
  await mock.close();
  log("Mock stopped.");
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
}
process.exitCode = exitCode;
