// Garbage collection while a test runs: the bug this guards against (a Request's signal followed
// through a weak reference) only shows once the collector has run. Needs node --expose-gc, which
// this package's vitest config passes to its workers.
const gc = (globalThis as { gc?: () => void }).gc;

/** Collects every few milliseconds, with garbage to collect, until the returned stop is called. */
export function gcPressure(everyMs = 20): () => void {
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
