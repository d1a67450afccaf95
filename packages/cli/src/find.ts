// `find`: what the account's request log says about a create, by a key of the store or by a raw
// client request id. Read-only: it never creates nor adopts anything; it names the `resolve`
// command that would.
import { type LookupResult, toClientRequestId } from "@aimlapi-video/client";
import type { TrackedGeneration } from "@aimlapi-video/tracker";
import { EXIT, UsageError } from "./exit-codes.js";
import { decisionFor } from "./generate.js";
import { usd } from "./prices.js";
import { type Globals, type Session, shellQuote, storeCommand } from "./session.js";
import { describeScope, duplicatesLine } from "./settle.js";

export interface FindFlags {
  model?: string;
  /** `--at`, epoch ms. */
  at?: number;
  /** `--window`, in minutes. */
  window?: number;
}

export async function findCreate(
  session: Session,
  globals: Globals,
  target: string,
  flags: FindFlags,
): Promise<void> {
  // Reading the store needs no API key; the lookup does.
  const { tracker, path: store } = session.openStore(globals, {
    client: session.readOnlyClient(globals),
  });
  const record = await tracker.get(target);
  if (record && (flags.model !== undefined || flags.at !== undefined)) {
    throw new UsageError(
      `${target} is a key in ${store}, which holds its model and when it was sent: --model and --at are for a client request id that is not a key.`,
    );
  }
  if (!record && flags.model === undefined) {
    throw new UsageError(
      `${target} is not a key in ${store}: to look it up as a client request id, give the create's model with --model <id> (and --at <ISO time> unless it was sent in the last minutes).`,
    );
  }
  // A key: what its record says (records from before client request ids: derived as the tracker does).
  const create = record
    ? {
        id: record.clientRequestId ?? (await toClientRequestId(record.key)),
        model: record.body.model,
        sentAt: record.sentAt ?? record.submittedAt,
      }
    : { id: target, model: flags.model as string, sentAt: flags.at ?? Date.now() };
  const lookup = await session.client(globals).findGeneration(create.id, {
    model: create.model,
    sentAt: create.sentAt,
    windowMs: flags.window === undefined ? undefined : flags.window * 60_000,
    signal: session.interrupt.signal,
  });
  const adopt =
    lookup.status === "found" && record?.status === "ambiguous"
      ? storeCommand(["resolve", shellQuote(record.key), "--id", shellQuote(lookup.id)], globals)
      : undefined;
  session.result(describeLookup(lookup, record, adopt), {
    ...(record ? { key: record.key, keyStatus: record.status } : {}),
    ...lookup,
    ...(adopt ? { adopt } : {}),
  });
  if (lookup.status === "found") return;
  session.exitCode = EXIT.decision;
  if (record?.status === "ambiguous" && !session.json) {
    session.io.stderr.write(`${decisionFor(record, globals).message}\n`);
  }
}

function describeLookup(
  lookup: LookupResult,
  record: TrackedGeneration | undefined,
  adopt: string | undefined,
): string {
  const { scope } = lookup;
  const lines =
    lookup.status === "found"
      ? [
          `Found generation ${lookup.id} (cost ${usd(lookup.cost.usd)}, created ${lookup.row.created}) for client request id ${scope.clientRequestId}.`,
          ...(lookup.duplicates.length > 0 ? [`Duplicates: ${duplicatesLine(lookup)}`] : []),
        ]
      : [
          `Not found (yet: rows can appear minutes late) for client request id ${scope.clientRequestId}.`,
        ];
  if (lookup.failed.length > 0) {
    const times = lookup.failed.map((row) => row.created).join(", ");
    lines.push(`Refused attempts (none charged): ${lookup.failed.length} (${times}).`);
  }
  lines.push(`Read ${describeScope(scope)}.`);
  if (adopt) lines.push(`Key ${record?.key} is ambiguous; to adopt this generation: ${adopt}`);
  else if (record) {
    lines.push(
      `Key ${record.key} is ${record.status}${record.id ? ` with generation ${record.id}` : ""} in the store.`,
    );
  }
  return lines.join("\n");
}
