import type { RequestLimiter } from "@aimlapi-video/client";

/**
 * One loop for every generation of a process: a min-heap of due times, one timer for the
 * earliest, and the budget in front of each run. Ten thousand pending generations cost ten
 * thousand heap entries, not ten thousand timers or promises.
 */
export class LocalScheduler {
  readonly #heap: Array<{ at: number; key: string }> = [];
  /** The due time each key is scheduled at; a heap entry that disagrees is stale and skipped. */
  readonly #due = new Map<string, number>();
  readonly #running = new Set<string>();
  /** Keys that fell due while their previous run was still going. */
  readonly #deferred = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | undefined;
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly budget: RequestLimiter,
    private readonly run: (key: string) => Promise<void>,
  ) {}

  /** Runs `key` at `at` (epoch ms), replacing any earlier schedule of it. */
  schedule(key: string, at: number): void {
    if (this.#stopped) return;
    this.#due.set(key, at);
    push(this.#heap, { at, key });
    if ((this.#heap[0] as { at: number }).at === at) this.#wake?.();
  }

  start(): void {
    this.#loop ??= this.#runLoop();
  }

  /** Stops starting runs; resolves once the runs in progress are over. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    while (this.#running.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** When `key` is due, if it is scheduled; running keys are not (their run reschedules them). */
  dueOf(key: string): number | undefined {
    return this.#due.get(key);
  }

  isRunning(key: string): boolean {
    return this.#running.has(key);
  }

  get size(): number {
    return this.#due.size;
  }

  async #runLoop(): Promise<void> {
    while (!this.#stopped) {
      const top = this.#heap[0];
      if (!top || top.at > Date.now()) {
        await this.#sleep(top?.at);
        continue;
      }
      pop(this.#heap);
      // A stale entry was replaced; a key still running waits for its run to end.
      if (this.#due.get(top.key) !== top.at) continue;
      if (this.#running.has(top.key)) {
        this.#deferred.add(top.key);
        continue;
      }
      this.#due.delete(top.key);
      const release = await this.budget.acquire();
      if (this.#stopped) {
        release();
        break;
      }
      this.#running.add(top.key);
      this.run(top.key)
        .catch(() => undefined)
        .finally(() => {
          this.#running.delete(top.key);
          release();
          const due = this.#due.get(top.key);
          if (this.#deferred.delete(top.key) && due !== undefined) this.schedule(top.key, due);
        });
    }
  }

  #sleep(until: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        clearTimeout(this.#timer);
        this.#wake = undefined;
        resolve();
      };
      if (until !== undefined) {
        const wake = this.#wake;
        this.#timer = setTimeout(wake, Math.max(0, until - Date.now()));
      }
    });
  }
}

type Entry = { at: number };

function push<T extends Entry>(heap: T[], entry: T): void {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as T).at <= entry.at) break;
    heap[i] = heap[parent] as T;
    i = parent;
  }
  heap[i] = entry;
}

function pop<T extends Entry>(heap: T[]): void {
  const last = heap.pop() as T;
  if (heap.length === 0) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child =
      right < heap.length && (heap[right] as T).at < (heap[left] as T).at ? right : left;
    if ((heap[child] as T).at >= last.at) break;
    heap[i] = heap[child] as T;
    i = child;
  }
  heap[i] = last;
}
