import { APIUserAbortError } from "./errors.js";

type Subscribers = Set<() => void> & { listener: () => void };

/**
 * One "abort" listener per signal, whatever the number of calls waiting on it. Subscribing and
 * unsubscribing are O(1) set operations, so 10,000 waits sharing one signal neither slow each
 * other down (an EventTarget's removal is linear) nor trip MaxListenersExceededWarning.
 */
const hubs = new WeakMap<AbortSignal, Subscribers>();

/** Calls `fn` once when `signal` aborts; returns the unsubscribe function. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let subscribers = hubs.get(signal);
  if (!subscribers) {
    const listener = () => {
      hubs.delete(signal);
      for (const subscriber of created) subscriber();
    };
    const created: Subscribers = Object.assign(new Set<() => void>(), { listener });
    subscribers = created;
    hubs.set(signal, subscribers);
    signal.addEventListener("abort", listener, { once: true });
  }
  const set = subscribers;
  const entry = () => fn();
  set.add(entry);
  return () => {
    // The last one out removes the listener, so an idle signal holds nothing of ours.
    if (set.delete(entry) && set.size === 0 && hubs.get(signal) === set) {
      hubs.delete(signal);
      signal.removeEventListener("abort", set.listener);
    }
  };
}

/** The error a caller's abort turns into: its reason stays reachable as `cause`. */
export const userAbort = (signal: AbortSignal, mayHaveCreatedTask = false) =>
  new APIUserAbortError(undefined, { cause: signal.reason, mayHaveCreatedTask });

/**
 * Waits `ms`, or rejects with APIUserAbortError as soon as `signal` aborts. Either way the timer
 * and the subscription are gone when it settles, so a finished call leaves nothing behind.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(userAbort(signal));
    const unsubscribe = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(userAbort(signal));
        })
      : undefined;
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve();
    }, ms);
  });
}
