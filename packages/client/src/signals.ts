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

/**
 * Runs `task` with a signal that follows the caller's. Request objects attach listeners to their
 * signal that stay until garbage collection; giving them this private signal instead keeps the
 * caller's signal clean once the call settles.
 */
export async function withLinkedSignal<T>(
  signal: AbortSignal | undefined,
  task: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await task(controller.signal);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
