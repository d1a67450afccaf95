// `generate`: the create goes through the tracker, so the key is claimed in the store before the
// paid POST and the id recorded the moment it returns; the same key never creates twice, it
// attaches to its generation. The wait and the download are the client's, with the progress display.
import { randomUUID } from "node:crypto";
import path from "node:path";
import {
  APIUserAbortError,
  assertValidCreateBody,
  type CreateGenerationBody,
  GenerationFailedError,
  PriceLimitError,
} from "@aimlapi-video/client";
import {
  type TrackedGeneration,
  type Tracker,
  UnrecordedCreateError,
} from "@aimlapi-video/tracker";
import { DecisionNeeded, describeError, UsageError } from "./exit-codes.js";
import { checkOut } from "./out-path.js";
import { describeQuote, quoteOf } from "./prices.js";
import type { Reporter } from "./progress.js";
import {
  defaultFile,
  type Globals,
  resumeCommand,
  type Session,
  saveVideo,
  shellQuote,
  storeCommand,
  trackerPolls,
  type WaitFlags,
  waitFor,
} from "./session.js";
import {
  describeSearch,
  type Settled,
  type SettleFlags,
  settledJson,
  settleFromLog,
  settleTimeoutMs,
} from "./settle.js";

export interface GenerateFlags extends WaitFlags, SettleFlags, PriceFlags {
  out?: string;
  download?: boolean;
  key?: string;
}

export async function generateVideo(
  session: Session,
  globals: Globals,
  body: CreateGenerationBody,
  flags: GenerateFlags,
): Promise<void> {
  // Checked against the model's schema first: a wrong parameter is reported even without a key,
  // and nothing is sent or paid for. So is where the video goes.
  await assertValidCreateBody(body);
  const download = flags.download !== false;
  const target = download && flags.out !== undefined ? checkOut(flags.out, "--out") : undefined;
  // The limit is the client's: it refuses the create itself, before anything is sent.
  const client = session.client(globals, priceLimit(flags));
  const reporter = session.reporter as Reporter;
  const baseUrl = session.baseUrl(globals);
  // With --poll-interval, the first poll recorded for `resume` follows it too.
  const { tracker, outputs } = session.openStore(globals, { client }, trackerPolls(flags));
  const key = flags.key ?? randomUUID();

  const known = await tracker.get(key);
  if (known) checkSameRequest(key, known, body, outputs.get(key)?.baseUrl, baseUrl);
  // Where the video goes is recorded before the create too, so that `resume` can save it there.
  outputs.intend({ key, baseUrl, dir: target?.dir ?? process.cwd(), file: target?.file, download });

  // A rejected key (nothing was made) is created again by the submit.
  const creates = !known || known.status === "rejected";
  // From the catalogue the client keeps for the run: the limit's check reads no second copy.
  const quote = creates ? await quoteOf(client, body) : undefined;
  if (quote) reporter.note(describeQuote(quote));
  reporter.note(
    creates ? `Creating a generation with ${body.model}…` : `Key ${key} is known: no new create.`,
  );
  // A person asked for this create: a pause left by an earlier 403 (out of credits) is lifted,
  // and the API answers again whether the balance is still short.
  await tracker.resumeCreates();
  // Ctrl-C while the quote was read: the create is not even claimed.
  if (session.interrupt.fired) throw notSent();
  const { duplicate, ...submitted } = await submit(session, tracker, body, key).catch(
    (error: unknown) => {
      // Refused by --max-usd, as asked, or Ctrl-C before it was sent: nothing for `resume` to take up.
      const unsent = error instanceof APIUserAbortError && !error.mayHaveCreatedTask;
      if (error instanceof PriceLimitError || unsent) outputs.finished(key);
      throw unsent ? notSent() : error;
    },
  );
  let record: TrackedGeneration = submitted;
  checkInterrupted(session, record, globals);
  let settled: Settled | undefined;
  if (record.status === "ambiguous" && settleTimeoutMs(flags) > 0) {
    // Ctrl-C while it looks: `resume` looks again.
    session.resume = storeCommand(["resume"], globals);
    settled = await settleFromLog(session, tracker, record, Date.now() + settleTimeoutMs(flags));
    session.resume = undefined;
    record = settled.record;
  }
  if (!record.id) throw decisionFor(record, globals, settled);
  const { id } = record;
  // As the user typed it, for the printed commands; the store holds the absolute path.
  const file =
    flags.out === undefined
      ? defaultFile(id)
      : target?.dir
        ? path.join(flags.out, defaultFile(id))
        : flags.out;
  session.generationId = id;
  session.resume = resumeCommand("wait", id, download ? file : undefined, globals);
  session.resumeAll = storeCommand(["resume"], globals);
  if (!settled)
    reporter.note(
      duplicate
        ? `Attached to generation ${id} (key ${key}, ${record.status}).`
        : `Generation ${id} created (key ${key}).`,
    );
  const found = settled?.found && { settled: settledJson(settled.found) };
  // Attached to a known key: the quote its create was sent with.
  const priced = { quote: quote ?? record.quote };

  // A generation found in the log or attached to may be finished already: poll at once.
  const generation = await waitFor(session, client, id, flags, duplicate || !!settled).catch(
    (error: unknown) => {
      // Reported here: `resume` has nothing left to do for it, and `list` shows it failed.
      if (error instanceof GenerationFailedError) outputs.finished(key, { error: error.message });
      throw error;
    },
  );
  // The store learns it completed (and what it cost) from this wait, not from another poll.
  await tracker.complete(key, generation).catch((error: unknown) => {
    reporter.note(`Warning: the store did not record the completion (${describeError(error)}).`);
  });
  if (!download) {
    outputs.finished(key);
    // Before the result: an id the store still refuses fails the run (one JSON document, exit 6).
    await session.closeStore();
    return session.result(generation.video.url, { key, ...generation, ...priced, ...found });
  }
  const saved = await saveVideo(session, client, generation, file, globals);
  outputs.finished(key, { file: saved.file });
  await session.closeStore();
  session.result(`Saved ${saved.shown} (${saved.bytes} bytes)`, {
    key,
    id,
    file: saved.file,
    bytes: saved.bytes,
    generation,
    ...priced,
    ...found,
  });
}

const notSent = () =>
  new APIUserAbortError("The create was not sent: nothing was made, nothing was paid.");

/** Ctrl-C cut a create after it was sent: the key is ambiguous, for the person to settle (exit 130). */
export function checkInterrupted(
  session: Session,
  record: TrackedGeneration,
  globals: Globals,
): void {
  if (session.interrupt.fired && record.status === "ambiguous") {
    throw new APIUserAbortError(decisionFor(record, globals).message);
  }
}

export interface PriceFlags {
  /** `--max-usd`: the client refuses a create quoted above it (and, unless `allowUnknownPrice`, an unknown price). */
  maxUsd?: number;
  allowUnknownPrice?: boolean;
}

/** `--max-usd` as the client's limit; with it, an unknown price is refused unless allowed. */
export function priceLimit(flags: PriceFlags) {
  if (flags.allowUnknownPrice && flags.maxUsd === undefined) {
    throw new UsageError(
      "--allow-unknown-price goes with --max-usd: without a limit, nothing is refused.",
    );
  }
  return {
    maxUsdPerCreate: flags.maxUsd,
    refuseUnknownPrice: flags.maxUsd !== undefined && !flags.allowUnknownPrice,
  };
}

/**
 * The tracker's submit; when the store could not record the paid id, the CLI goes on with the id
 * (the video is still waited for and saved) and says so: the tracker keeps writing it until the
 * store is closed.
 */
async function submit(
  session: Session,
  tracker: Tracker,
  body: CreateGenerationBody,
  key: string,
): Promise<TrackedGeneration & { duplicate: boolean }> {
  try {
    // One Ctrl-C cuts a create that hangs at once; sent, its key turns ambiguous.
    return await tracker.submit(body, { key, signal: session.interrupt.signal });
  } catch (error) {
    if (!(error instanceof UnrecordedCreateError)) throw error;
    session.reporter?.note(`Warning: ${error.message}`);
    const { id } = error;
    return {
      key,
      status: "pending",
      body,
      profile: "",
      submittedAt: Date.now(),
      id,
      polls: 0,
      duplicate: false,
    };
  }
}

/** A known key with another request is a mistake: reusing it would attach to the wrong video. */
function checkSameRequest(
  key: string,
  known: TrackedGeneration,
  body: CreateGenerationBody,
  knownBaseUrl: string | undefined,
  baseUrl: string | undefined,
): void {
  if (knownBaseUrl !== baseUrl) {
    throw new UsageError(
      `Key ${key} was used on ${knownBaseUrl ?? "the real API"}, not ${baseUrl ?? "the real API"}: use another key.`,
    );
  }
  if (canonical(known.body) !== canonical(body)) {
    throw new UsageError(
      `Key ${key} was used for another request (${known.body.model}, other parameters): use another key, or repeat that request.`,
    );
  }
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );

/**
 * A key with no generation id: its create is ambiguous, or under way elsewhere. `settled` is the
 * search of the request log that found nothing, if one ran.
 */
export function decisionFor(
  record: TrackedGeneration,
  globals: Globals,
  settled?: Settled,
): DecisionNeeded {
  const key = shellQuote(record.key);
  if (record.status === "creating") {
    const until = new Date(record.claimUntil ?? Date.now()).toISOString();
    return new DecisionNeeded(
      `The create of key ${key} is under way in another process, or that process died mid-request. If it does not report back by ${until}, it becomes ambiguous: then see ${storeCommand(["list"], globals)}.`,
    );
  }
  const why = record.error ? ` (${record.error.message})` : "";
  return new DecisionNeeded(
    [
      `The create of key ${key} may or may not have made a generation${why}; it is not retried blindly.`,
      ...(settled ? [describeSearch(settled)] : []),
      "Decide:",
      `  look again in the log:            ${storeCommand(["find", key], globals)}`,
      `  found it (e.g. in the dashboard): ${storeCommand(["resolve", key, "--id", "<id>"], globals)}`,
      `  sure nothing was made:           ${storeCommand(["resolve", key, "--retry"], globals)}  (may be charged)`,
      `then: ${storeCommand(["resume"], globals)}`,
    ].join("\n"),
  );
}
