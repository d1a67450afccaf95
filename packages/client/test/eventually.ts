/**
 * Waits until `check` holds, for at most `ms`, then says whether it does. For what a real peer
 * does in its own time (a socket it closes); a leak never gets there, a busy CI gets there late.
 */
export async function eventually(check: () => boolean, ms = 5_000): Promise<boolean> {
  const until = performance.now() + ms;
  while (!check() && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
}
