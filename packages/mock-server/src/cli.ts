import { parseArgs } from "node:util";
import { start } from "./start.js";

const USAGE = `Usage: pnpm mock [--host 127.0.0.1] [--port 4010] [--no-lifecycle]
                 [--polls-per-step 1] [--ms-per-step <ms>]
Environment: AIMLAPI_MOCK_HOST and AIMLAPI_MOCK_PORT, overridden by the flags.`;

const { values } = parseArgs({
  options: {
    host: { type: "string", default: process.env.AIMLAPI_MOCK_HOST ?? "127.0.0.1" },
    port: { type: "string", default: process.env.AIMLAPI_MOCK_PORT ?? "4010" },
    "no-lifecycle": { type: "boolean", default: false },
    "polls-per-step": { type: "string" },
    "ms-per-step": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`Not a port: ${values.port}\n${USAGE}`);
  process.exit(2);
}
const pollsPerStep = values["polls-per-step"];
const msPerStep = values["ms-per-step"];

const server = await start({
  host: values.host,
  port,
  lifecycle: values["no-lifecycle"]
    ? false
    : {
        ...(pollsPerStep === undefined ? {} : { pollsPerStep: Number(pollsPerStep) }),
        ...(msPerStep === undefined ? {} : { msPerStep: Number(msPerStep) }),
      },
  // stderr, so that stdout carries only what a user or a script needs.
  onLog: (line) => console.error(line),
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

let stopping = false;
const stop = () => {
  stopping = true;
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
void server.exited.then(() => {
  if (stopping) return;
  console.error("Prism exited on its own; stopping the mock.");
  process.exit(1);
});

// Only now: whoever waits for this line may signal us at once.
const mode = values["no-lifecycle"]
  ? "plain Prism"
  : `lifecycle proxy in front of Prism at ${server.prismUrl}`;
console.log(`AIML API video mock on ${server.url} (${mode}). Ctrl-C stops it.`);
console.log(`AIMLAPI_BASE_URL=${server.url}`);
