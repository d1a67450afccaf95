// The commands. Each returns its exit code; nothing here calls process.exit, so tests can run it.
import { createRequire } from "node:module";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { closestModels, findModel, listModels, type ModelInfo } from "./catalog.js";
import { describeError, EXIT, UsageError } from "./exit-codes.js";
import { type FindFlags, findCreate } from "./find.js";
import { generateVideo, type PriceFlags } from "./generate.js";
import { listenForInterrupt } from "./interrupt.js";
import { withLocalMedia } from "./media-options.js";
import { addModelOptions, bodyFromOptions, describeParameter, flagOf } from "./model-options.js";
import { checkOut, fileOf } from "./out-path.js";
import { listPrices } from "./prices.js";
import { listGenerations, resolveKey, resumeAll } from "./resume.js";
import {
  defaultFile,
  type Globals,
  HTTP_URL,
  type Io,
  isHttpUrl,
  resumeCommand,
  Session,
  saveVideo,
  type WaitFlags,
  waitFor,
} from "./session.js";
import type { SettleFlags } from "./settle.js";
import { type SpendFlags, showSpend, sinceOf } from "./spend.js";

export type { Io } from "./session.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/** Runs the CLI on `argv` (without the node and script paths) and resolves with the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const interrupt = listenForInterrupt();
  const session = new Session(io, interrupt);
  // Known before parsing: a usage error found while parsing is one JSON document too.
  session.json = jsonRequested(argv);
  let code: number;
  try {
    const program = buildProgram(session, argv);
    await program.parseAsync(argv, { from: "user" });
    code = session.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const shown = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      // Without --json, Commander has printed it already.
      if (shown) code = EXIT.ok;
      else if (session.json) code = session.fail(new UsageError(commanderMessage(error)));
      else code = EXIT.usage;
    } else code = session.fail(error);
  } finally {
    session.reporter?.stop();
  }
  // A paid id the store still could not record is listed here (CloseTimeoutError), not lost.
  const closed = await session.closeStore().then(
    () => true,
    (error: unknown) => {
      io.stderr.write(`Error: ${describeError(error)}\n`);
      return false;
    },
  );
  interrupt.dispose();
  return closed === false && code === EXIT.ok ? EXIT.store : code;
}

/** `--json` anywhere before a `--`. */
const jsonRequested = (argv: string[]) => {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
};

/** Commander's message without its `error: ` prefix. */
const commanderMessage = (error: CommanderError) => error.message.replace(/^error: /, "");

function buildProgram(session: Session, argv: string[]): Command {
  const { io } = session;
  const program = new Command("aimlapi-video")
    .description("Generate, check and download AIML API videos.")
    .version(version)
    .addOption(new Option("--api-key <key>", "API key (default: $AIMLAPI_API_KEY)"))
    .addOption(
      new Option(
        "--base-url <url>",
        "API base URL, e.g. a local mock (default: $AIMLAPI_BASE_URL or the real API)",
      ).argParser(httpUrl),
    )
    .addOption(
      new Option(
        "--store <file>",
        "where generations are recorded (default: $AIMLAPI_VIDEO_STORE, else $XDG_STATE_HOME/aimlapi-video/generations.db)",
      ),
    )
    .option("--json", "machine-readable output on stdout, no progress display")
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // With --json, run() prints a usage error as the one JSON document instead.
      writeErr: (text) => {
        if (!session.json) io.stderr.write(text);
      },
    })
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 generation failed, 2 usage, 3 API or network error, 4 timeout, 5 a create needs your decision (find: not found; spend: the ledger needs a look), 6 store failed, 7 above --max-usd (nothing sent), 8 out of credits (nothing created), 130 interrupted.",
    );
  const action =
    <A extends unknown[]>(fn: (globals: Globals, ...args: A) => Promise<void>) =>
    async (...args: A) => {
      const command = args.at(-1) as Command;
      const globals = command.optsWithGlobals<Globals>();
      session.begin(globals);
      try {
        await fn(globals, ...args);
      } catch (error) {
        session.fail(error);
      }
    };

  const generate = program
    .command("generate")
    .description("Create a generation, wait for it, and download its video.")
    .requiredOption("--model <id>", "the model (list them with: aimlapi-video models)")
    .option("--out <file>", "where to save the video (default: <generation id>.mp4)")
    .option("--no-download", "print the video's URL instead of downloading it")
    .option(
      "--key <key>",
      "idempotency key: the same key never creates (and pays) twice, it attaches to that generation (default: a random one, printed)",
      keyOf,
    );
  addPriceOptions(generate);
  addWaitOptions(generate);
  addSettleOption(generate);
  const model = modelInArgv(argv);
  if (model) addModelOptions(generate, model);
  generate.addHelpText("after", () =>
    model
      ? `\nThe options after --model are ${model.id}'s parameters (aimlapi-video models ${model.id}).`
      : "\nEach model has its own parameters: see them with `aimlapi-video generate --model <id> --help`.",
  );
  generate.action(
    action(async (globals, flags: Record<string, unknown>) => {
      const chosen = model as ModelInfo;
      // Local files first: checked and inlined before the body is validated, quoted or sent.
      const body = await withLocalMedia(chosen, bodyFromOptions(chosen, flags));
      await generateVideo(session, globals, body, flags);
    }),
  );

  const wait = program
    .command("wait <id>")
    .description("Wait for a generation to finish; with --out, download its video.")
    .option("--out <file>", "download the video to this file");
  addWaitOptions(wait);
  wait.action(
    action(async (globals, id: string, flags: WaitFlags & { out?: string }) => {
      // Before the wait: a folder that cannot take the video would fail only at its end.
      const file = flags.out && fileOf(checkOut(flags.out, "--out"), defaultFile(id));
      const client = session.client(globals);
      session.generationId = id;
      session.resume = resumeCommand("wait", id, flags.out, globals);
      // An existing id may be finished already: poll at once.
      const generation = await waitFor(session, client, id, flags, true);
      if (!file) return session.result(generation.video.url, generation);
      const saved = await saveVideo(session, client, generation, file, globals);
      session.result(`Saved ${saved.shown} (${saved.bytes} bytes)`, {
        id,
        file: saved.file,
        bytes: saved.bytes,
        generation,
      });
    }),
  );

  program
    .command("status <id>")
    .description("Show a generation's status (exits 0 whatever the status).")
    .action(
      action(async (globals, id: string) => {
        const generation = await session.client(globals).getGeneration(id, {
          signal: session.interrupt.signal,
        });
        const lines = [`${generation.id}: ${generation.status}`];
        if (generation.video?.url) lines.push(`video: ${generation.video.url}`);
        if (generation.error) lines.push(`error: ${JSON.stringify(generation.error)}`);
        session.result(lines.join("\n"), generation);
      }),
    );

  program
    .command("download <id> [file]")
    .description("Download a completed generation's video (default file: <id>.mp4).")
    .action(
      action(async (globals, id: string, given: string | undefined) => {
        const file = given ? fileOf(checkOut(given, "file"), defaultFile(id)) : defaultFile(id);
        const client = session.client(globals);
        session.generationId = id;
        const saved = await saveVideo(session, client, id, file, globals);
        session.result(`Saved ${saved.shown} (${saved.bytes} bytes)`, {
          id,
          file: saved.file,
          bytes: saved.bytes,
        });
      }),
    );

  const resume = program
    .command("resume")
    .description(
      "Pick up every generation the store holds that is not finished (e.g. after a crash): wait for them and save their videos where generate was told to.",
    )
    .option("--out-dir <dir>", "save the videos in this folder instead (same file names)");
  addWaitOptions(resume);
  addSettleOption(resume);
  resume.action(
    action((globals, flags: WaitFlags & SettleFlags & { outDir?: string }) =>
      resumeAll(session, globals, flags),
    ),
  );

  program
    .command("list")
    .alias("generations")
    .description(
      "List the generations the store holds, with their status and where each video goes.",
    )
    .action(action((globals) => listGenerations(session, globals)));

  const resolve = program
    .command("resolve <key>")
    .description(
      "Decide about a create that may or may not have happened (status ambiguous): adopt the task you found with --id, or create again with --retry (may be charged again).",
    )
    .option(
      "--id <id>",
      "the generation that create made (e.g. found in the dashboard): poll it from now on",
    )
    .option("--retry", "nothing was created: create it again (this may be charged)")
    .option(
      "--poll-interval <seconds>",
      "when resume should first poll the generation (default: 10)",
      seconds,
    );
  addPriceOptions(resolve);
  resolve.action(
    action(
      (globals, key: string, flags: WaitFlags & PriceFlags & { id?: string; retry?: boolean }) =>
        resolveKey(session, globals, key, flags),
    ),
  );

  program
    .command("find <key|client-request-id>")
    .description(
      "Show what the account's request log says about a create (read-only): a key of the store, or a client request id with --model. Exits 0 found, 5 not found (yet), 3 when the log could not be read.",
    )
    .option(
      "--model <id>",
      "the create's model, for a client request id that is not a key in the store",
    )
    .option("--at <time>", "when that create was sent, ISO 8601 (default: now)", isoTime)
    .option(
      "--window <minutes>",
      "look this many minutes either side of it (default: 10)",
      numberIn(0.1, 64_800, "a number of minutes from 0.1 to 64800 (45 days)"),
    )
    .action(
      action(async (globals, target: string, flags: FindFlags) => {
        if (flags.model !== undefined && !findModel(flags.model)) throw unknownModel(flags.model);
        await findCreate(session, globals, target, flags);
      }),
    );

  program
    .command("spend")
    .description(
      "What the store's generations cost, per model, and the account's ledger held against them: charges the store does not know, generations not charged, other amounts. Exits 0 clean, 5 when something needs a look.",
    )
    .option(
      "--since <when>",
      "from 24h, 7d (hours or days ago) or an ISO date (default: 7d)",
      (value: string) => sinceOf(value),
    )
    .action(action((globals, flags: SpendFlags) => showSpend(session, globals, flags)));

  program
    .command("models [id]")
    .description("List the models, or show one model's parameters.")
    .option(
      "--prices",
      "the API's price of each model it serves, with its aliases (reads the live catalogue: needs the key)",
    )
    .action(
      action(async (globals, id: string | undefined, flags: { prices?: boolean }) => {
        if (flags.prices) {
          if (id !== undefined)
            throw new UsageError("models --prices lists every model: leave out the id.");
          return listPrices(session, session.client(globals));
        }
        if (id === undefined) return listAll(session);
        const found = findModel(id);
        if (!found) throw unknownModel(id);
        showModel(session, found);
      }),
    );

  return program;
}

function addWaitOptions(command: Command): void {
  command
    .option(
      "--poll-interval <seconds>",
      "poll every this many seconds (default: 10, growing to 30)",
      seconds,
    )
    .option("--timeout <seconds>", "give up waiting after this long (default: 1200)", seconds);
}

function addPriceOptions(command: Command): void {
  command
    .option(
      "--max-usd <usd>",
      "refuse a create quoted above this many USD, or whose price is unknown (exit 7, nothing sent)",
      numberIn(0, 1_000_000, "an amount of USD from 0 to 1000000"),
    )
    .option(
      "--allow-unknown-price",
      "with --max-usd: send a create whose price cannot be quoted (a variable price) anyway",
    );
}

function addSettleOption(command: Command): void {
  command.option(
    "--settle-timeout <seconds>",
    "when a create's answer is lost, look for it in the account's request log this long (default: 300; 0: do not look, leave the decision to you)",
    numberIn(0, 86_400, "a number of seconds from 0 (do not look) to 86400"),
  );
}

const MAX_KEY_LENGTH = 512;

/** A key for the store: the tracker takes up to 512 characters. */
function keyOf(value: string): string {
  if (value === "" || value.length > MAX_KEY_LENGTH) {
    throw new InvalidArgumentError(
      `expected a key of 1 to ${MAX_KEY_LENGTH} characters, received ${value.length} characters.`,
    );
  }
  return value;
}

/** An option's number from `min` to `max`; the usage error says what was `expected`. */
const numberIn =
  (min: number, max: number, expected: string) =>
  (value: string): number => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected ${expected}, received "${value}".`);
    }
    return number;
  };

/** A number of seconds, at least 0.1 (the client's floor for polling). */
const seconds = numberIn(0.1, Number.POSITIVE_INFINITY, "a number of seconds, at least 0.1");

function httpUrl(value: string): string {
  if (!isHttpUrl(value))
    throw new InvalidArgumentError(`expected ${HTTP_URL}, received "${value}".`);
  return value;
}

/** An ISO 8601 time with a date and a time of day, as epoch ms. */
function isoTime(value: string): number {
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(at)) {
    throw new InvalidArgumentError(
      `expected an ISO 8601 time such as 2026-01-31T14:05:00Z, received "${value}".`,
    );
  }
  return at;
}

/** The model named by `--model` on the command line, so its options exist before parsing. */
function modelInArgv(argv: string[]): ModelInfo | undefined {
  if (!argv.includes("generate")) return undefined;
  const at = argv.findIndex((arg) => arg === "--model" || arg.startsWith("--model="));
  const id = at < 0 ? undefined : argv[at]?.includes("=") ? argv[at]?.slice(8) : argv[at + 1];
  if (id === undefined) return undefined;
  const model = findModel(id);
  if (!model) throw unknownModel(id);
  return model;
}

function unknownModel(id: string): UsageError {
  const closest = closestModels(id);
  return new UsageError(
    `Unknown model "${id}".${closest.length ? ` Did you mean: ${closest.join(", ")}?` : ""} List them with: aimlapi-video models`,
  );
}

function listAll(session: Session): void {
  const models = listModels();
  const width = Math.max(...models.map((m) => m.id.length));
  const lines = models.map((m) => `${m.id.padEnd(width)}  ${m.kind.padEnd(15)}  ${m.vendor}`);
  lines.push("", `${models.length} models. Parameters: aimlapi-video models <id>`);
  session.result(lines.join("\n"), models);
}

function showModel(session: Session, model: ModelInfo): void {
  const lines = [`${model.id} (${model.kind}, ${model.vendor})`, "", "Parameters:"];
  const width = Math.max(...model.parameters.map((p) => flagOf(p.name).length));
  for (const parameter of model.parameters) {
    lines.push(`  ${flagOf(parameter.name).padEnd(width)}  ${describeParameter(parameter)}`);
  }
  lines.push("", `Example: aimlapi-video generate --model ${model.id} ${exampleFlags(model)}`);
  session.result(lines.join("\n"), model);
}

function exampleFlags(model: ModelInfo): string {
  return model.parameters
    .filter((p) => p.required)
    .map(
      (p) =>
        `${flagOf(p.name)} ${p.name === "prompt" ? "'A red fox in the snow'" : p.format === "uri" ? "https://example.com/input" : "…"}`,
    )
    .join(" ");
}
