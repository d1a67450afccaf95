// The commands. Each returns its exit code; nothing here calls process.exit, so tests can run it.
import { createRequire } from "node:module";
import path from "node:path";
import {
  APIUserAbortError,
  assertValidCreateBody,
  type CompletedGeneration,
  type CreateGenerationBody,
  createVideoClient,
  GenerationFailedError,
  type VideoClient,
} from "@aimlapi-video/client";
import { downloadVideo } from "@aimlapi-video/client/node";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { closestModels, findModel, listModels, type ModelInfo } from "./catalog.js";
import { describeError, EXIT, exitCodeOf, UsageError } from "./exit-codes.js";
import { type Interrupt, listenForInterrupt } from "./interrupt.js";
import { addModelOptions, bodyFromOptions, describeParameter, flagOf } from "./model-options.js";
import { modeOf, Reporter } from "./progress.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

interface Globals {
  apiKey?: string;
  baseUrl?: string;
  json?: boolean;
}

interface WaitFlags {
  pollInterval?: number;
  timeout?: number;
}

/** Runs the CLI on `argv` (without the node and script paths) and resolves with the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const interrupt = listenForInterrupt();
  const session = new Session(io, interrupt);
  try {
    const program = buildProgram(session, argv);
    await program.parseAsync(argv, { from: "user" });
    return session.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const shown = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      return shown ? EXIT.ok : EXIT.usage;
    }
    return session.fail(error);
  } finally {
    session.reporter?.stop();
    interrupt.dispose();
  }
}

/** The state of one run: where output goes, and what to say if it is interrupted. */
class Session {
  exitCode: number = EXIT.ok;
  reporter: Reporter | undefined;
  json = false;
  /** The command that picks up where this run stopped, once there is something to pick up. */
  resume: string | undefined;
  generationId: string | undefined;
  /** True while the video is being downloaded: the generation itself is done. */
  downloading = false;

  constructor(
    readonly io: Io,
    readonly interrupt: Interrupt,
  ) {}

  begin(globals: Globals): Reporter {
    this.json = globals.json === true;
    this.reporter = new Reporter(modeOf(this.json, this.io.stderr), this.io.stderr);
    return this.reporter;
  }

  client(globals: Globals): VideoClient {
    const apiKey = globals.apiKey ?? this.io.env.AIMLAPI_API_KEY;
    if (!apiKey) {
      throw new UsageError(
        "Missing API key: set AIMLAPI_API_KEY (or pass --api-key, which other users of this machine can see in the process list).",
      );
    }
    return createVideoClient({ apiKey, baseUrl: globals.baseUrl ?? this.io.env.AIMLAPI_BASE_URL });
  }

  result(human: string, json: unknown): void {
    this.io.stdout.write(this.json ? `${JSON.stringify(json, null, 2)}\n` : `${human}\n`);
  }

  fail(error: unknown): number {
    this.reporter?.stop();
    const interrupted = this.interrupt.fired && error instanceof APIUserAbortError;
    const code = interrupted ? EXIT.interrupted : exitCodeOf(error);
    if (this.json) {
      const failure = {
        error: interrupted ? "interrupted" : (error as Error)?.name,
        message: describeError(error),
        exitCode: code,
        ...(this.generationId ? { id: this.generationId } : {}),
        ...(this.resume ? { resume: this.resume } : {}),
      };
      this.io.stdout.write(`${JSON.stringify(failure, null, 2)}\n`);
    } else if (interrupted) {
      const lines = [
        !this.generationId
          ? `Interrupted. ${describeError(error)}`
          : this.downloading
            ? `Interrupted. The download of ${this.generationId} stopped; nothing was saved.`
            : `Interrupted. Generation ${this.generationId} goes on on the server.`,
      ];
      if (this.resume) lines.push(`Resume with: ${this.resume}`);
      this.io.stderr.write(`${lines.join("\n")}\n`);
    } else {
      this.io.stderr.write(`Error: ${describeError(error)}\n`);
      if (this.resume && code !== EXIT.generationFailed) {
        this.io.stderr.write(`Resume with: ${this.resume}\n`);
      }
    }
    this.exitCode = code;
    return code;
  }
}

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
      ),
    )
    .option("--json", "machine-readable output on stdout, no progress display")
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 generation failed, 2 usage, 3 API or network error, 4 timeout, 130 interrupted.",
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
    .option("--no-download", "print the video's URL instead of downloading it");
  addWaitOptions(generate);
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
      const body = bodyFromOptions(chosen, flags) as unknown as CreateGenerationBody;
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
      const client = session.client(globals);
      session.generationId = id;
      session.resume = resumeCommand("wait", id, flags.out, globals);
      const generation = await waitFor(session, client, id, flags);
      if (flags.out) return saveVideo(session, client, generation, flags.out, globals);
      session.result(generation.video.url, generation);
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
      action(async (globals, id: string, file: string | undefined) => {
        const client = session.client(globals);
        session.generationId = id;
        await saveVideo(session, client, id, file ?? defaultFile(id), globals);
      }),
    );

  program
    .command("models [id]")
    .description("List the models, or show one model's parameters.")
    .action(
      action(async (_globals, id: string | undefined) => {
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

/** A number of seconds, at least 0.1 (the client's floor for polling). */
function seconds(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0.1) {
    throw new InvalidArgumentError(
      `expected a number of seconds, at least 0.1, received "${value}".`,
    );
  }
  return number;
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

async function generateVideo(
  session: Session,
  globals: Globals,
  body: CreateGenerationBody,
  flags: Record<string, unknown> & WaitFlags,
): Promise<void> {
  // Checked against the model's schema first: a wrong parameter is reported even without a key,
  // and nothing is sent or paid for.
  await assertValidCreateBody(body);
  const client = session.client(globals);
  const reporter = session.reporter as Reporter;
  reporter.note(`Creating a ${body.model} generation…`);
  const created = await client.createGeneration(body, {
    signal: session.interrupt.signal,
    validate: false,
  });
  const out = (flags.out as string | undefined) ?? defaultFile(created.id);
  session.generationId = created.id;
  session.resume = resumeCommand(
    "wait",
    created.id,
    flags.download === false ? undefined : out,
    globals,
  );
  reporter.note(`Generation ${created.id} created (${created.status}).`);
  const generation = await waitFor(session, client, created.id, flags);
  if (flags.download === false) return session.result(generation.video.url, generation);
  await saveVideo(session, client, generation, out, globals);
}

async function waitFor(
  session: Session,
  client: VideoClient,
  id: string,
  flags: WaitFlags,
): Promise<CompletedGeneration> {
  const reporter = session.reporter as Reporter;
  const interval =
    flags.pollInterval === undefined
      ? {}
      : {
          firstDelayMs: flags.pollInterval * 1000,
          intervalMs: flags.pollInterval * 1000,
          maxIntervalMs: Math.max(30_000, flags.pollInterval * 1000),
          backoff: 1,
        };
  reporter.startWait(id);
  try {
    const generation = await client.waitForGeneration(id, {
      ...interval,
      ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout * 1000 }),
      signal: session.interrupt.signal,
      onProgress: (progress) => reporter.poll(progress),
    });
    reporter.endWait("completed");
    return generation;
  } catch (error) {
    reporter.endWait(error instanceof GenerationFailedError ? "failed" : "stopped");
    throw error;
  }
}

async function saveVideo(
  session: Session,
  client: VideoClient,
  source: string | CompletedGeneration,
  file: string,
  globals: Globals,
): Promise<void> {
  const reporter = session.reporter as Reporter;
  const id = typeof source === "string" ? source : source.id;
  session.resume = resumeCommand("download", id, file, globals);
  session.downloading = true;
  reporter.startDownload(file);
  try {
    const saved = await downloadVideo(source, file, {
      client,
      signal: session.interrupt.signal,
      onProgress: (progress) => reporter.download(progress),
    });
    reporter.endDownload();
    session.resume = undefined;
    const shown = path.relative(process.cwd(), saved.path) || saved.path;
    session.result(`Saved ${shown} (${saved.bytes} bytes)`, {
      id,
      file: saved.path,
      bytes: saved.bytes,
      ...(typeof source === "string" ? {} : { generation: source }),
    });
  } finally {
    reporter.endDownload();
  }
}

/** `<id>.mp4` with anything a file name should not hold replaced: ids may contain `:` and `/`. */
export const defaultFile = (id: string) =>
  `${id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 100)}.mp4`;

const shellQuote = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;

function resumeCommand(
  command: "wait" | "download",
  id: string,
  file: string | undefined,
  globals: Globals,
): string {
  const words = ["aimlapi-video", command, shellQuote(id)];
  if (file) words.push(...(command === "wait" ? ["--out", shellQuote(file)] : [shellQuote(file)]));
  if (globals.baseUrl) words.push("--base-url", shellQuote(globals.baseUrl));
  return words.join(" ");
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
