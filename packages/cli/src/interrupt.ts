// Ctrl-C (and SIGTERM) abort what is in flight, so that the command can say how to resume it; a
// second one exits at once. One keypress can arrive twice: the terminal signals the whole process
// group, and a wrapper (pnpm exec, npx) forwards its copy; a repeat within a moment is that echo.
import { EXIT } from "./exit-codes.js";

const ECHO_MS = 500;

export interface Interrupt {
  signal: AbortSignal;
  /** True once Ctrl-C or SIGTERM arrived. */
  readonly fired: boolean;
  /** Says what was left as it was, when a second Ctrl-C exits at once (written synchronously). */
  onForcedExit: (() => void) | undefined;
  dispose(): void;
}

export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = () => {
    if (!controller.signal.aborted) {
      firstAt = Date.now();
      controller.abort();
      return;
    }
    if (Date.now() - firstAt < ECHO_MS) return;
    // The spinner and the bar hide the cursor; an exit this abrupt must show it again.
    if (process.stderr.isTTY) process.stderr.write("\u001b[?25h");
    interrupt.onForcedExit?.();
    process.exit(EXIT.interrupted);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const interrupt: Interrupt = {
    signal: controller.signal,
    get fired() {
      return controller.signal.aborted;
    },
    onForcedExit: undefined,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
  return interrupt;
}
