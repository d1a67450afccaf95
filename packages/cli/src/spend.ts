// `spend`: what the store's generations cost (the tracker's sums, per model), held against the
// account's ledger (the tracker's reconciliation): a charge the store does not know (other code on
// the account, or a create paid twice), a completed generation not charged yet, an amount other
// than its cost or quote. Exit 5 when any of those needs a look.
import { setTimeout as sleep } from "node:timers/promises";
import type { Reconciliation, SpendReport } from "@aimlapi-video/tracker";
import { InvalidArgumentError } from "commander";
import { EXIT } from "./exit-codes.js";
import { usd } from "./prices.js";
import type { Globals, Session } from "./session.js";
import type { Store } from "./store.js";

const HOUR = 3_600_000;
const DEFAULT_SINCE = "7d";
/** How long `spend` waits for the tracker to close what `generate` finished (see closeFinished). */
const CLOSE_WAIT_MS = 10_000;

export interface SpendFlags {
  /** `--since`, epoch ms. */
  since?: number;
}

/** `24h`, `7d` (a positive whole number of hours or days ago), or an ISO date or time in the past. */
export function sinceOf(value: string, now = Date.now()): number {
  const ago = /^([1-9]\d*)([hd])$/.exec(value);
  if (ago) return now - Number(ago[1]) * (ago[2] === "d" ? 24 * HOUR : HOUR);
  const at = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(at) && at <= now) return at;
  throw new InvalidArgumentError(
    `expected 24h, 7d (a positive whole number of hours or days) or a past ISO date such as 2026-01-31, received "${value}".`,
  );
}

export async function showSpend(
  session: Session,
  globals: Globals,
  flags: SpendFlags,
): Promise<void> {
  // A generation `generate` finished is never given up as timed out here (see closeFinished).
  const store = session.openStore(
    globals,
    { client: session.client(globals) },
    { timeoutMs: Number.MAX_SAFE_INTEGER },
  );
  const notPolled = await closeFinished(store);
  const until = Date.now();
  const since = flags.since ?? sinceOf(DEFAULT_SINCE, until);
  const spend = await store.tracker.spend({ since, until });
  const ledger = await store.tracker.reconcile({ since, until });
  session.exitCode = needsALook(ledger) ? EXIT.decision : EXIT.ok;
  session.result(describe(store.path, spend, ledger, notPolled), {
    store: store.path,
    ...spend,
    since: iso(since),
    until: iso(until),
    notPolled,
    ledger,
    exitCode: session.exitCode,
  });
}

/**
 * `generate` waits for its video with the client, so the tracker still holds it `pending`, its
 * cost unknown: the tracker's polling closes those first (one free GET each, as `resume` does), so
 * that they count as spent, at what they cost. Resolves with how many the store still holds open
 * after CLOSE_WAIT_MS (not due for a poll yet: they count as in flight).
 */
async function closeFinished({ tracker, outputs }: Store): Promise<number> {
  const done = outputs.all();
  const open = async () =>
    (await tracker.list(["pending"])).filter((r) => done.get(r.key)?.doneAt !== undefined).length;
  let left = await open();
  if (left === 0) return 0;
  await tracker.resume();
  const deadline = Date.now() + CLOSE_WAIT_MS;
  while (left > 0 && Date.now() < deadline) {
    await sleep(100);
    left = await open();
  }
  return left;
}

function describe(
  store: string,
  spend: SpendReport,
  ledger: Reconciliation,
  notPolled: number,
): string {
  const models = Object.entries(spend.byModel).sort(([a], [b]) => a.localeCompare(b));
  const count = models.reduce((sum, [, line]) => sum + line.generations, 0);
  const lines = [
    `Since ${ledger.from}: spent ${usd(spend.spentUsd)}, ${usd(spend.inFlightUsd)} in flight, ${plural(count, "generation")} in ${store}.`,
  ];
  if (spend.unknown > 0)
    lines.push(
      `Price unknown (no quote, no cost reported): ${plural(spend.unknown, "generation")}.`,
    );
  if (notPolled > 0)
    lines.push(
      `Finished, not polled yet, so counted in flight: ${plural(notPolled, "generation")}.`,
    );
  const table = [
    ["model", "spent", "in flight", "generations"],
    ...models.map(([model, line]) => [
      model,
      usd(line.spentUsd),
      usd(line.inFlightUsd),
      String(line.generations),
    ]),
  ];
  const width = (i: number) => Math.max(...table.map((row) => row[i]?.length ?? 0));
  const align = (cell: string, i: number) =>
    i === 0 ? cell.padEnd(width(i)) : cell.padStart(width(i));
  if (models.length > 0) lines.push(...table.map((row) => `  ${row.map(align).join("  ")}`));
  const clean = !needsALook(ledger);
  lines.push(
    "",
    `The account's ledger: ${plural(ledger.matched, "charge")} as the store expects${clean ? ", nothing else." : "."}`,
  );
  if (ledger.unknownCharges.length > 0) {
    lines.push(
      "Charges for no generation of this store (other code on the account, or a create paid twice?):",
      ...ledger.unknownCharges.map(
        (c) =>
          `  ${c.created_at}  ${usd(c.amount.usd)}  ${c.model ?? "(no model)"}  ${c.reference_id ?? "(no generation id)"}`,
      ),
    );
  }
  if (ledger.uncharged.length > 0) {
    lines.push(
      "Completed, not charged yet:",
      ...ledger.uncharged.map((u) => `  key ${u.key}  ${u.id}  finished ${iso(u.finishedAt)}`),
    );
  }
  if (ledger.mismatched.length > 0) {
    lines.push(
      "Charged another amount than expected:",
      ...ledger.mismatched.map(
        (m) =>
          `  key ${m.key}  ${m.id}  charged ${usd(m.chargedUsd)}, expected ${usd(m.expectedUsd)} (${EXPECTED[m.from]})`,
      ),
    );
  }
  return lines.join("\n");
}

const needsALook = (ledger: Reconciliation) =>
  ledger.unknownCharges.length + ledger.uncharged.length + ledger.mismatched.length > 0;

/** Where the expected amount of a mismatched charge came from. */
const EXPECTED = {
  cost: "what the generation said it cost",
  quote: "its quote",
  failed: "the store has it failed: it may have completed after all",
} as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const iso = (ms: number) => new Date(ms).toISOString();
