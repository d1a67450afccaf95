import type { Transaction, VideoClient } from "@aimlapi-video/client";
import { instant, nonNegative } from "./options.js";
import { priceOf, roundUsd } from "./spend.js";
import type { TrackedGeneration } from "./types.js";

export interface ReconcileOptions {
  /** The ledger window's start (default: 24 h before `until`). */
  since?: number | Date | undefined;
  /** Its end (default: now). */
  until?: number | Date | undefined;
  /** How long after completion a charge may take to land (default 10 min). */
  graceMs?: number | undefined;
  /** How far a charge may differ from what was expected, in USD (default 0.01). */
  toleranceUsd?: number | undefined;
}

export interface Reconciliation {
  /** The ledger window read (ISO). */
  from: string;
  to: string;
  /** Generations of this store whose charges are what their records expect (or whose price is unknown). */
  matched: number;
  /** Ledger charges (MODEL_USAGE) whose reference_id is no generation of this store: a possible double payment, or a create made behind the tracker's back. */
  unknownCharges: Transaction[];
  /** Completed generations with no charge yet, older than graceMs (default 10 min; charges land after completion). */
  uncharged: Array<{ key: string; id: string; finishedAt: number }>;
  /**
   * Charges that differ from the record's cost (or, without one, its quote) by more than
   * toleranceUsd (default 0.01). `failed`: the record says the generation failed (or the tracker
   * gave up polling it), so nothing was expected; it may have completed after all.
   */
  mismatched: Array<{
    key: string;
    id: string;
    chargedUsd: number;
    expectedUsd: number;
    from: "cost" | "quote" | "failed";
  }>;
}

const DAY = 24 * 60 * 60_000;

/**
 * Matches the ledger's charges for generations (`MODEL_USAGE`, `reference_id` = the generation
 * id) in the window against the store's records. Reads the whole window's ledger, then every
 * record: O(charges + records).
 */
export async function reconcile(
  client: VideoClient,
  list: () => Promise<TrackedGeneration[]>,
  options: ReconcileOptions = {},
): Promise<Reconciliation> {
  const until = instant("reconcile until", options.until) ?? Date.now();
  const since = instant("reconcile since", options.since) ?? until - DAY;
  if (since > until) {
    throw new TypeError(
      `Invalid reconcile window: expected since before until, received ${iso(since)} after ${iso(until)}.`,
    );
  }
  const graceMs = nonNegative("reconcile graceMs", options.graceMs, 10 * 60_000);
  const toleranceUsd = nonNegative("reconcile toleranceUsd", options.toleranceUsd, 0.01);
  const from = iso(since);
  const to = iso(until);
  const charges: Transaction[] = [];
  for await (const entry of client.transactions({
    from,
    to,
    type: "MODEL_USAGE",
    direction: "CHARGE",
  })) {
    charges.push(entry);
  }
  // Listed after the ledger was read: a generation is charged only once completed, so the id of
  // every tracked generation charged by then is in the store.
  const records = await list();

  const byId = new Map<string, TrackedGeneration>();
  for (const record of records) if (record.id !== undefined) byId.set(record.id, record);
  const chargedById = new Map<string, number>();
  const unknownCharges: Transaction[] = [];
  for (const charge of charges) {
    const id = charge.reference_id;
    if (id === null || !byId.has(id)) unknownCharges.push(charge);
    else chargedById.set(id, (chargedById.get(id) ?? 0) + charge.amount.usd);
  }

  let matched = 0;
  const mismatched: Reconciliation["mismatched"] = [];
  for (const [id, usd] of chargedById) {
    const record = byId.get(id) as TrackedGeneration;
    const expected = priceOf(record);
    const chargedUsd = roundUsd(usd);
    if (
      expected.usd === undefined ||
      roundUsd(Math.abs(chargedUsd - expected.usd)) <= toleranceUsd
    ) {
      matched += 1;
      continue;
    }
    const { key } = record;
    mismatched.push({ key, id, chargedUsd, expectedUsd: expected.usd, from: expected.from });
  }

  // Only generations whose charge must have landed inside the window: submitted in it (a charge
  // comes after the create) and finished at least graceMs before its end.
  const uncharged = records
    .filter(
      (record) =>
        record.status === "completed" &&
        record.id !== undefined &&
        !chargedById.has(record.id) &&
        record.submittedAt >= since &&
        (record.finishedAt ?? until) + graceMs <= until &&
        priceOf(record).usd !== 0,
    )
    .map(({ key, id, finishedAt }) => ({ key, id: id as string, finishedAt: finishedAt as number }))
    .sort((a, b) => a.finishedAt - b.finishedAt);

  return { from, to, matched, unknownCharges, uncharged, mismatched };
}

const iso = (ms: number) => new Date(ms).toISOString();
