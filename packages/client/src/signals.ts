import { APIUserAbortError } from "./errors.js";

/**
 * Waits `ms`, or rejects with APIUserAbortError as soon as `signal` aborts. Either way the timer
 * and the abort listener are gone when it settles, so a finished call leaves nothing behind.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** What `withLinkedSignal` throws when its own time limit, not the caller, ended the task. */
export class DeadlineExceeded extends Error {}

/**
 * Runs `task` with a signal that follows the caller's and, given `timeoutMs`, aborts after it.
 * Request objects attach listeners to their signal that stay until garbage collection; giving
 * them this private signal instead keeps the caller's signal clean once the call settles.
 */
export async function withLinkedSignal<T>(
  signal: AbortSignal | undefined,
  task: (signal: AbortSignal) => Promise<T>,
  timeoutMs?: number,
): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await task(controller.signal);
  } catch (error) {
    if (controller.signal.aborted && !signal?.aborted) throw new DeadlineExceeded();
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
