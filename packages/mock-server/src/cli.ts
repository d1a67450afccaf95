#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { CatalogueChanges } from "./docs-json.js";
import { watchAncestors } from "./parent-watch.js";
import type { PriceOverride } from "./prices.js";
import type { StartOptions } from "./start.js";

const USAGE = `Usage: aimlapi-video-mock [options]

  --host <host>            listen here (default 127.0.0.1; env AIMLAPI_MOCK_HOST)
  --port <port>            listen here, 0 for a free port (default 4010; env AIMLAPI_MOCK_PORT)
  --time-scale <n>         put generations on the clock, n times faster than real time: 60 walks
                           the default five-minute generation in five seconds
  --polls-per-step <n>     polls that see each of queued and generating (default 1, or no limit
                           with --time-scale)
  --no-lifecycle           plain Prism answers: every poll answers the same example
  --video-url-ttl <s>      seconds a video URL works after it was handed out (default 3600)
  --logs-delay <ms>        milliseconds before a request shows in GET /v2/logs, as the API's
                           analytics lag (default 0)
  --logs-limit <n>         requests to GET /v2/logs answered per 60 s, more get 429 (default 200)
  --balance <usd>          the account's balance at start (default 1000); a create it cannot pay
                           for gets 403
  --prices <file>          a JSON object of prices by model id, each a pricing object or USD for
                           one video, in place of the fixture prices
  --catalogue <file>       a JSON object of changes to the catalogue, as the live one changes:
                           { "add": [{ "id", "document" }], "remove": [id], "rename": { old: new } }
  --spec <file>            serve another OpenAPI file (default the spec bundled in the package)
  --quiet                  do not log requests to stderr
  --help                   show this help

Exit status: 0 when stopped (Ctrl-C, SIGTERM, or its parent process died), 1 when it could not
start, 2 for a wrong option.`;

/** A wrong option: the message, the usage, exit 2; never a stack trace. */
function usageError(message: string): never {
  console.error(`aimlapi-video-mock: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      strict: true,
      options: {
        host: { type: "string", default: process.env.AIMLAPI_MOCK_HOST || "127.0.0.1" },
        port: { type: "string", default: process.env.AIMLAPI_MOCK_PORT || "4010" },
        "time-scale": { type: "string" },
        "polls-per-step": { type: "string" },
        "no-lifecycle": { type: "boolean", default: false },
        "video-url-ttl": { type: "string" },
        "logs-delay": { type: "string" },
        "logs-limit": { type: "string" },
        balance: { type: "string" },
        prices: { type: "string" },
        catalogue: { type: "string" },
        spec: { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    // parseArgs names the option and what was wrong with it (unknown, missing value, ...).
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

/** The JSON object in the `--prices` file, or a usage error naming the flag and the file. */
function pricesFile(file: string): Record<string, PriceOverride> {
  let prices: unknown;
  try {
    prices = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return usageError(`--prices ${file}: expected a JSON file of prices by model id; ${reason}`);
  }
  if (typeof prices !== "object" || prices === null || Array.isArray(prices)) {
    usageError(
      `--prices ${file}: expected a JSON object of prices by model id; received ${JSON.stringify(prices)}`,
    );
  }
  return prices as Record<string, PriceOverride>;
}

/** The JSON object in the `--catalogue` file, or a usage error naming the flag and the file. */
function catalogueFile(file: string): CatalogueChanges {
  let changes: unknown;
  try {
    changes = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return usageError(`--catalogue ${file}: expected a JSON file of catalogue changes; ${reason}`);
  }
  const { add = [], remove = [], rename = {} } = (changes ?? {}) as Record<string, unknown>;
  if (
    typeof changes !== "object" ||
    changes === null ||
    Array.isArray(changes) ||
    !Array.isArray(add) ||
    !Array.isArray(remove) ||
    typeof rename !== "object" ||
    rename === null ||
    Array.isArray(rename)
  ) {
    usageError(
      `--catalogue ${file}: expected { "add": [{ "id", "document" }], "remove": [ids], "rename": { "old": "new" } }`,
    );
  }
  return changes as CatalogueChanges;
}

/** The flag's value as a number that passes `ok`, or a usage error naming the flag. */
function numberFlag(
  name: string,
  raw: string | undefined,
  ok: (n: number) => boolean,
  expected: string,
) {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !ok(value)) {
    usageError(`--${name} expects ${expected}; received "${raw}"`);
  }
  return value;
}

const values = parse();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port =
  numberFlag(
    "port",
    values.port,
    (n) => Number.isInteger(n) && n >= 0 && n <= 65_535,
    "a port number from 0 to 65535",
  ) ?? 4010;
const timeScale = numberFlag(
  "time-scale",
  values["time-scale"],
  (n) => n > 0 && Number.isFinite(n),
  "a number above 0",
);
const pollsPerStep = numberFlag(
  "polls-per-step",
  values["polls-per-step"],
  (n) => Number.isInteger(n) && n >= 1,
  "a whole number of at least 1",
);
const ttl = numberFlag(
  "video-url-ttl",
  values["video-url-ttl"],
  (n) => n > 0 && Number.isFinite(n),
  "a number of seconds above 0",
);
const logsDelay = numberFlag(
  "logs-delay",
  values["logs-delay"],
  (n) => n >= 0 && Number.isFinite(n),
  "a number of milliseconds of at least 0",
);
const logsLimit = numberFlag(
  "logs-limit",
  values["logs-limit"],
  (n) => Number.isInteger(n) && n >= 1,
  "a whole number of at least 1",
);
const balance = numberFlag(
  "balance",
  values.balance,
  (n) => n >= 0 && Number.isFinite(n),
  "a number of USD of at least 0",
);
const prices = values.prices === undefined ? undefined : pricesFile(values.prices);
const catalogue = values.catalogue === undefined ? undefined : catalogueFile(values.catalogue);
// Without the lifecycle the mock keeps no state: no generations to move, no request log, no
// catalogue and no balance.
const stateful = Object.entries({
  "time-scale": timeScale,
  "polls-per-step": pollsPerStep,
  "logs-delay": logsDelay,
  "logs-limit": logsLimit,
  balance,
  prices,
  catalogue,
}).flatMap(([name, value]) => (value === undefined ? [] : [`--${name}`]));
if (values["no-lifecycle"] && stateful.length > 0) {
  usageError(`--no-lifecycle cannot be combined with ${stateful.join(" or ")}`);
}

const options: StartOptions = {
  host: values.host,
  port,
  ...(values["no-lifecycle"]
    ? { lifecycle: false }
    : {
        lifecycle: { timeScale, pollsPerStep },
        logs: { delayMs: logsDelay, limitPerMinute: logsLimit },
        billing: { balanceUsd: balance },
        prices,
        catalogue,
      }),
  ...(ttl !== undefined && { videoUrlTtlMs: ttl * 1000 }),
  ...(values.spec !== undefined && { specPath: values.spec }),
  // stderr, so that stdout carries only what a user or a script needs.
  ...(!values.quiet && { onLog: (line: string) => console.error(line) }),
};

// Loaded only now, so that a wrong option is answered at once.
const [{ start }, { mockCatalogue }, { MockStartError }] = await Promise.all([
  import("./start.js"),
  import("./catalogue.js"),
  import("./start-error.js"),
]);
if (prices !== undefined) {
  // Checked with the spec's models before anything listens: a wrong price is a wrong option.
  const specPath = values.spec;
  await mockCatalogue({ ...(specPath !== undefined && { specPath }), prices }).catch(
    (error: Error) => {
      // A spec that cannot be served is start()'s to report.
      if (!(error instanceof MockStartError))
        usageError(`--prices ${values.prices}: ${error.message}`);
    },
  );
}
const mock = await start(options).catch((error: Error & { code?: string }) => {
  if (error instanceof RangeError && error.message.startsWith("catalogue")) {
    usageError(`--catalogue ${values.catalogue}: ${error.message}`);
  }
  if (error.code === "EADDRINUSE") {
    console.error(
      `aimlapi-video-mock: port ${port} on ${values.host} is already in use, perhaps by another mock.\n` +
        `Start this one on another port (--port 4011, or --port 0 for any free one; env AIMLAPI_MOCK_PORT), or stop the process that holds it (lsof -i :${port}).`,
    );
  } else {
    console.error(`aimlapi-video-mock: ${error.message}`);
  }
  process.exit(1);
});

let stopping = false;
const stop = (why?: string) => {
  if (stopping) return;
  stopping = true;
  if (why) console.error(`aimlapi-video-mock: ${why}; stopping.`);
  mock.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => stop());
// However the process that started it dies, SIGKILL included, the mock does not stay behind.
watchAncestors(() => stop("the process that started it has exited"));
// A reader of stdout that went away (a closed pipe) must not crash the mock with EPIPE.
process.stdout.on("error", () => stop("stdout was closed"));

const lifecycle = values["no-lifecycle"]
  ? "no lifecycle: every answer is Prism's example"
  : timeScale !== undefined
    ? `generations on the clock, ${timeScale}x faster than real time`
    : `generations move on ${pollsPerStep && pollsPerStep > 1 ? `every ${pollsPerStep} polls` : "at every poll"}`;
// Only now: whoever waits for these lines may send requests, or signal us, at once.
console.log(`AIML API video mock on ${mock.url} (${lifecycle}). Ctrl-C stops it.`);
console.log(`AIMLAPI_BASE_URL=${mock.url}`);
