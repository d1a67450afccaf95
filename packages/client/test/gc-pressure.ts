// Garbage collection while a test runs: the bug this guards against (a Request's signal followed
// through a weak reference) only shows once the collector has run. Needs node --expose-gc, which
// this package's vitest config passes to its workers.
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * A full collection every `everyMs`, with garbage to collect, until the returned stop is called:
 * several during any bound under test (hundreds of ms), yet not so often that a loaded machine
 * spends its time in the collector (a full GC of a test worker takes 10–40 ms there).
 */
export function gcPressure(everyMs = 100): () => void {
  if (!gc) throw new Error("gcPressure needs node --expose-gc (see vitest.config.ts)");
  const collect = gc;
  // Held between ticks, so each collection has a young generation's worth to sweep.
  const held: { junk: unknown[] } = { junk: [] };
  const timer = setInterval(() => {
    held.junk = Array.from({ length: 5_000 }, (_, i) => ({ i, text: `garbage ${i}` }));
    collect();
  }, everyMs);
  return () => {
    clearInterval(timer);
    held.junk = [];
  };
}

/** Timers and sockets this process holds, to check that a finished call left none behind. */
export const liveHandles = () =>
  process.getActiveResourcesInfo().filter((kind) => kind === "Timeout" || kind === "TCPSocketWrap")
    .length;
