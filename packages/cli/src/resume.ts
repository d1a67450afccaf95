// `resume`, `list` and `resolve`: what the store holds, picked up after a crash. The tracker polls
// every unfinished generation in one scheduler; the CLI then saves each video where `generate`
// was told to, and lists the creates that need a person's decision instead of retrying them.
import path from "node:path";
import {
  APIUserAbortError,
  type CompletedGeneration,
  type Generation,
  type VideoClient,
} from "@aimlapi-video/client";
import type { TrackedGeneration, Tracker } from "@aimlapi-video/tracker";
import { describeError, EXIT, UsageError } from "./exit-codes.js";
import { checkInterrupted, decisionFor, type PriceFlags, priceLimit } from "./generate.js";
import { checkFolder } from "./out-path.js";
import type { Reporter } from "./progress.js";
import {
  defaultFile,
  type Globals,
  type Session,
  saveVideo,
  shellQuote,
  storeCommand,
  trackerPolls,
  type WaitFlags,
} from "./session.js";
import {
  type Found,
  type Settled,
  type SettleFlags,
  settledJson,
  settleFromLog,
  settleTimeoutMs,
} from "./settle.js";
import type { Output } from "./store.js";

const DEFAULT_TIMEOUT_S = 1200;
const FINAL = new Set(["completed", "failed"]);

/** One key's outcome in `resume`. */
interface Outcome {
  key: string;
  id?: string | undefined;
  status: "saved" | "url" | "failed" | "error" | "pending";
  file?: string | undefined;
  bytes?: number | undefined;
  url?: string | undefined;
  message?: string | undefined;
  /** Its generation id came from the request log (the create's answer was lost). */
  settled?: ReturnType<typeof settledJson> | undefined;
}

export async function resumeAll(
  session: Session,
  globals: Globals,
  flags: WaitFlags & SettleFlags & { outDir?: string },
): Promise<void> {
  const reporter = session.reporter as Reporter;
  // Before any wait: a folder that cannot take the videos would fail each save at the end.
  const outDir = flags.outDir === undefined ? undefined : checkFolder(flags.outDir, "--out-dir");
  const client = session.client(globals);
  const baseUrl = session.baseUrl(globals);
  const watch = new PollWatch(reporter);
  // One GET per poll: the tracker polls again on its own schedule.
  const pollClient = watch.observe(session.client(globals, { maxRetries: 0 }));
  const store = session.openStore(globals, { client, pollClient }, trackerPolls(flags));
  const { tracker, outputs } = store;
  const records = await tracker.list();
  const wanted = outputs.all();
  const apiOf = (record: TrackedGeneration) =>
    wanted.has(record.key) ? wanted.get(record.key)?.baseUrl : baseUrl;
  const done = (record: TrackedGeneration) => wanted.get(record.key)?.doneAt !== undefined;
  // The tracker polls every unfinished generation of the store with this run's client.
  const foreign = records.find((r) => !FINAL.has(r.status) && !done(r) && apiOf(r) !== baseUrl);
  if (foreign) {
    const other = apiOf(foreign);
    throw new UsageError(
      `The store ${store.path} holds unfinished generations of ${other ?? "the real API"}, not ${baseUrl ?? "the real API"}: resume them with ${other ? `--base-url ${shellQuote(other)}` : "no --base-url"}, or give each API its own --store.`,
    );
  }

  const now = Date.now();
  const settling = settleTimeoutMs(flags) > 0;
  const waiting = new Set<string>();
  const unsettled: TrackedGeneration[] = [];
  const completed: Finished[] = [];
  const outcomes: Outcome[] = [];
  const decisions: Decision[] = [];
  for (const record of records) {
    if (done(record)) continue;
    if (!wanted.has(record.key)) {
      // Submitted to this store by other code: its video goes to the working directory.
      const output = {
        key: record.key,
        baseUrl,
        dir: process.cwd(),
        file: undefined,
        download: true,
      };
      outputs.intend(output);
      wanted.set(record.key, {
        ...output,
        doneAt: undefined,
        savedFile: undefined,
        error: undefined,
      });
    }
    if (record.status === "pending") waiting.add(record.key);
    else if (record.status === "creating" && (record.claimUntil ?? 0) <= now)
      waiting.add(record.key);
    else if (record.status === "completed")
      completed.push({ key: record.key, generation: record.result as CompletedGeneration });
    else if (record.status === "failed") {
      const message = record.error?.message ?? "the generation failed";
      outcomes.push({ key: record.key, id: record.id, status: "failed", message });
    } else if (record.status === "ambiguous" && settling) unsettled.push(record);
    else decisions.push({ record });
  }

  session.resume = storeCommand(["resume"], globals);
  const found = new Map<string, Found>();
  if (waiting.size > 0 || unsettled.length > 0) {
    const waited = await waitForAll(session, tracker, waiting, unsettled, watch, flags);
    completed.push(...waited.completed);
    for (const { key, id, message } of waited.failed) {
      outcomes.push({ key, id, status: "failed", message });
    }
    for (const key of waited.ambiguous) {
      const record = await tracker.get(key);
      if (record) decisions.push({ record });
    }
    for (const settled of waited.searches) {
      if (settled.found) found.set(settled.record.key, settled.found);
      else if (!settled.record.id) decisions.push({ record: settled.record, settled });
    }
    for (const key of waiting) {
      const id = (await tracker.get(key))?.id;
      outcomes.push({
        key,
        id,
        status: "pending",
        message: "not finished yet: resume again later",
      });
    }
  }
  for (const outcome of outcomes) {
    if (outcome.status === "failed") outputs.finished(outcome.key, { error: outcome.message });
  }

  for (const { key, generation } of completed) {
    const output = wanted.get(key);
    if (!output) continue;
    outcomes.push(await deliver(session, client, globals, key, generation, output, outDir));
  }
  for (const outcome of outcomes) {
    const settled = found.get(outcome.key);
    if (settled) outcome.settled = settledJson(settled);
  }

  report(session, store.path, outcomes, decisions, globals);
}

/** A generation that completed, and its key. */
interface Finished {
  key: string;
  generation: CompletedGeneration;
}

/** A key that needs a person, and the search of the request log that could not settle it. */
interface Decision {
  record: TrackedGeneration;
  settled?: Settled | undefined;
}

/**
 * Waits until every key in `waiting` is final (or ambiguous), the timeout, or Ctrl-C; meanwhile
 * looks the `unsettled` keys (and those that turn ambiguous) up in the request log, and waits for
 * those it finds too.
 */
async function waitForAll(
  session: Session,
  tracker: Tracker,
  waiting: Set<string>,
  unsettled: TrackedGeneration[],
  watch: PollWatch,
  flags: WaitFlags & SettleFlags,
) {
  const reporter = session.reporter as Reporter;
  const completed: Finished[] = [];
  const failed: { key: string; id: string; message: string }[] = [];
  const ambiguous: string[] = [];
  const timeoutMs = (flags.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  const deadline = Date.now() + timeoutMs;
  const searches: Settled[] = [];
  const jobs = new Set<Promise<void>>();
  let check = () => {};
  const allDone = new Promise<void>((resolve) => {
    check = () => {
      if (waiting.size === 0 && jobs.size === 0) resolve();
    };
  });
  const take = (key: string) => waiting.delete(key);
  const search = (key: string, read: () => Promise<TrackedGeneration | undefined>) => {
    const job = (async () => {
      const record = await read();
      if (!record) return;
      // Within the wait's own timeout: what is found by then is waited for.
      const until = Math.min(Date.now() + settleTimeoutMs(flags), deadline);
      const settled = await settleFromLog(session, tracker, record, until, `Key ${key}: `);
      searches.push(settled);
      if (settled.record.status === "pending") {
        waiting.add(key);
        await tracker.pollNow(key);
      }
    })()
      .catch(() => {
        // Ctrl-C is reported by the wait; otherwise the key is left to a person.
        if (!session.interrupt.fired) ambiguous.push(key);
      })
      .finally(() => {
        jobs.delete(job);
        check();
      });
    jobs.add(job);
  };
  tracker.on("completed", (event) => {
    if (take(event.key)) completed.push({ key: event.key, generation: event.generation });
    check();
  });
  tracker.on("failed", (event) => {
    if (take(event.key))
      failed.push({ key: event.key, id: event.id, message: event.error.message });
    check();
  });
  tracker.on("ambiguous", (event) => {
    if (!take(event.key)) return;
    if (settleTimeoutMs(flags) === 0) {
      ambiguous.push(event.key);
      return check();
    }
    search(event.key, () => tracker.get(event.key));
  });

  const count = waiting.size + unsettled.length;
  watch.start(`${count} generation${count === 1 ? "" : "s"}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const { signal } = session.interrupt;
  const interrupted = new Promise<"interrupted">((resolve) => {
    if (signal.aborted) resolve("interrupted");
    signal.addEventListener("abort", () => resolve("interrupted"), { once: true });
  });
  for (const record of unsettled) search(record.key, async () => record);
  // They exist already and may be finished: each is polled at once, then on the schedule.
  await Promise.all([...waiting].map((key) => tracker.pollNow(key)));
  await tracker.resume();
  const end = await Promise.race([allDone.then(() => "done" as const), timedOut, interrupted]);
  clearTimeout(timer);
  reporter.endWait(end === "done" ? "completed" : "stopped");
  if (end === "interrupted") {
    const n = waiting.size;
    const looking = jobs.size;
    throw new APIUserAbortError(
      [
        n > 0 ? `${n === 1 ? "1 generation goes" : `${n} generations go`} on on the server.` : "",
        looking > 0
          ? `${looking === 1 ? "1 create was" : `${looking} creates were`} not found in the request log yet.`
          : "",
      ]
        .filter(Boolean)
        .join(" "),
    );
  }
  // The searches end by the wait's deadline too, each after the lookup it is in.
  await Promise.all(jobs);
  return { completed, failed, ambiguous, searches };
}

/** Saves the video where `generate` was told (or in `outDir`), or prints its URL with `--no-download`. */
async function deliver(
  session: Session,
  client: VideoClient,
  globals: Globals,
  key: string,
  generation: CompletedGeneration,
  output: Output,
  outDir: string | undefined,
): Promise<Outcome> {
  const { id } = generation;
  const { outputs } = session.store as NonNullable<Session["store"]>;
  if (!output.download) {
    outputs.finished(key);
    return { key, id, status: "url", url: generation.video.url };
  }
  const recorded = output.file ?? path.join(output.dir, defaultFile(id));
  const file = outDir ? path.join(outDir, path.basename(recorded)) : recorded;
  session.generationId = id;
  try {
    const saved = await saveVideo(session, client, generation, file, globals);
    outputs.finished(key, { file: saved.file });
    return { key, id, status: "saved", file: saved.file, bytes: saved.bytes };
  } catch (error) {
    if (session.interrupt.fired) throw error;
    return { key, id, status: "error", file, message: describeError(error) };
  } finally {
    session.generationId = undefined;
    session.resume = storeCommand(["resume"], globals);
  }
}

function report(
  session: Session,
  store: string,
  outcomes: Outcome[],
  decisions: Decision[],
  globals: Globals,
): void {
  const advice = decisions.map((decision) => adviceFor(decision, globals));
  const code = exitCodeOfResume(outcomes, decisions);
  session.exitCode = code;
  session.resume = undefined;
  if (session.json) {
    session.result("", {
      store,
      exitCode: code,
      generations: outcomes,
      decisions: decisions.map(({ record }, i) => ({
        key: record.key,
        status: record.status,
        ...(record.error ? { error: record.error } : {}),
        advice: advice[i],
      })),
    });
    return;
  }
  const lines = outcomes.map((o) => {
    const what = `${o.key}${o.id ? ` (${o.id})` : ""}`;
    if (o.status === "saved") {
      const shown = path.relative(process.cwd(), o.file as string) || (o.file as string);
      return `Saved ${shown} (${o.bytes} bytes) for ${what}`;
    }
    if (o.status === "url") return `${o.url} for ${what}`;
    return `${o.status === "pending" ? "Still running" : o.status === "failed" ? "Failed" : "Not saved"}: ${what}: ${o.message}`;
  });
  if (outcomes.length === 0 && decisions.length === 0) lines.push(`Nothing to resume in ${store}.`);
  if (lines.length > 0) session.io.stdout.write(`${lines.join("\n")}\n`);
  if (advice.length > 0) session.io.stderr.write(`${advice.join("\n")}\n`);
}

function adviceFor({ record, settled }: Decision, globals: Globals): string {
  if (record.status === "rejected") {
    const key = shellQuote(record.key);
    return `Key ${key}: the API refused the create (${record.error?.message ?? "no reason given"}); nothing was made. Run generate again with --key ${key}, or: ${storeCommand(["resolve", key, "--retry"], globals)}`;
  }
  return decisionFor(record, globals, settled).message;
}

/** The first that applies: 3 (a save failed), 4 (still running), 1 (a generation failed), 5 (a decision), 0. */
function exitCodeOfResume(outcomes: Outcome[], decisions: Decision[]): number {
  const has = (status: Outcome["status"]) => outcomes.some((o) => o.status === status);
  if (has("error")) return EXIT.api;
  if (has("pending")) return EXIT.timeout;
  if (has("failed")) return EXIT.generationFailed;
  if (decisions.length > 0) return EXIT.decision;
  return EXIT.ok;
}

/** Counts the tracker's polls and each generation's last status, for the progress display. */
class PollWatch {
  #polls = 0;
  readonly #statuses = new Map<string, string>();

  constructor(readonly reporter: Reporter) {}

  start(label: string): void {
    this.reporter.startWait(label);
  }

  /** The client, with each poll's answer reported. */
  observe(client: VideoClient): VideoClient {
    return new Proxy(client, {
      get: (target, property) => {
        const value = Reflect.get(target, property, target);
        if (property !== "getGeneration") {
          return typeof value === "function" ? value.bind(target) : value;
        }
        return async (...args: Parameters<VideoClient["getGeneration"]>) => {
          const generation = (await target.getGeneration(...args)) as Generation;
          this.#seen(generation);
          return generation;
        };
      },
    });
  }

  #seen(generation: Generation): void {
    this.#polls += 1;
    this.#statuses.set(generation.id, generation.status);
    const counts = new Map<string, number>();
    for (const status of this.#statuses.values()) counts.set(status, (counts.get(status) ?? 0) + 1);
    const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(", ");
    this.reporter.progress(summary, this.#polls);
  }
}

export async function listGenerations(session: Session, globals: Globals): Promise<void> {
  const {
    tracker,
    outputs,
    path: store,
  } = session.openStore(globals, {
    client: session.readOnlyClient(globals),
  });
  const wanted = outputs.all();
  const rows = (await tracker.list()).map((record) => {
    const output = wanted.get(record.key);
    // generate's own wait is not the tracker's: the CLI's file knows how it ended (a failure
    // included) before a `resume` polls the tracker's record to its end.
    const status = output?.savedFile
      ? "saved"
      : output?.error !== undefined
        ? "failed"
        : output?.doneAt !== undefined && record.status === "pending"
          ? "done"
          : record.status;
    const file =
      output?.savedFile ??
      (output &&
        (output.file ?? (record.id ? path.join(output.dir, defaultFile(record.id)) : undefined)));
    return {
      key: record.key,
      status,
      id: record.id,
      model: record.body.model,
      clientRequestId: record.clientRequestId,
      file: output && !output.download ? undefined : file,
      submittedAt: new Date(record.submittedAt).toISOString(),
      ...(record.error || output?.error ? { error: record.error?.message ?? output?.error } : {}),
    };
  });
  const lines = rows.map(
    (r) =>
      `${r.key}  ${r.status.padEnd(9)}  ${r.id ?? "-"}  ${r.model}${r.file ? `  → ${r.file}` : ""}${r.error ? `  (${r.error})` : ""}`,
  );
  lines.push(`${rows.length} generation${rows.length === 1 ? "" : "s"} in ${store}.`);
  session.result(lines.join("\n"), { store, generations: rows });
}

export async function resolveKey(
  session: Session,
  globals: Globals,
  key: string,
  flags: WaitFlags & PriceFlags & { id?: string; retry?: boolean },
): Promise<void> {
  if ((flags.id === undefined) === (flags.retry !== true)) {
    throw new UsageError(
      "resolve takes one of --id <id> (adopt the generation you found) or --retry (create again, may be charged).",
    );
  }
  // A create again is paid again: --max-usd holds it to a limit, as for generate.
  const { tracker, path: store } = session.openStore(
    globals,
    { client: session.client(globals, priceLimit(flags)) },
    trackerPolls(flags),
  );
  const record = await tracker.get(key);
  const allowed = flags.id === undefined ? ["ambiguous", "rejected"] : ["ambiguous"];
  if (!record || !allowed.includes(record.status)) {
    throw new UsageError(
      `Key ${key} in ${store}: expected status ${allowed.join(" or ")}, received ${record ? record.status : "no such key"}.`,
    );
  }
  const next =
    flags.id === undefined
      ? await tracker.retryCreate(key, { signal: session.interrupt.signal })
      : await tracker.markCreated(key, flags.id);
  checkInterrupted(session, next, globals);
  if (!next.id) throw decisionFor(next, globals);
  session.result(
    `Key ${key} → generation ${next.id}. Wait for it and save its video: ${storeCommand(["resume"], globals)}`,
    next,
  );
}
