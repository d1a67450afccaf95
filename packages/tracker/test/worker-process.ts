/**
 * What the worker processes of the multi-process tests share (fleet-worker.ts, sqlite-worker.ts):
 * settings from the environment, one JSON line per event on stdout, submits by key.
 */
import type { Tracker } from "../src/index.js";
import { body } from "./fake-api.js";

/** An environment variable, or a clear failure naming it. */
export const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${process.argv[1]}: missing ${name}`);
  return value;
};

export type Print = (line: object) => void;

/** Prints lines tagged with the worker's name. */
export const printer =
  (worker: string): Print =>
  (line) =>
    process.stdout.write(`${JSON.stringify({ worker, ...line })}\n`);

/** Prints every event of `tracker` (an error event with its error's name). */
export function printEvents(tracker: Tracker, print: Print): void {
  void (async () => {
    for await (const event of tracker.events()) {
      print({
        type: event.type,
        key: event.key,
        id: "id" in event ? event.id : undefined,
        error: event.type === "error" ? event.error.name : undefined,
      });
    }
  })();
}

/** Submits each key (its own prompt) at once, and prints each result. */
export async function submitKeys(tracker: Tracker, keys: string[], print: Print): Promise<void> {
  await Promise.all(
    keys.map(async (key) => {
      const submitted = await tracker.submit(body(key), { key });
      print({ type: "submitted", key, id: submitted.id, duplicate: submitted.duplicate });
    }),
  );
}
