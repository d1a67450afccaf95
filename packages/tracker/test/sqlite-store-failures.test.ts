/**
 * The SQLite store failing under a running tracker, on real file systems: a full disk (a small
 * tmpfs filled up), the file deleted or replaced, a read-only mount, and two processes sharing
 * one file while a third submits and the poller is killed. Each case checks the money from the
 * fake API's side: no key created twice, every paid id recorded in the store or handed to the
 * caller, nothing left pending without polls.
 *
 * Mounting needs root: the tests that mount are skipped otherwise, their title saying why.
 */
import { execFileSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statfsSync,
  writeSync,
} from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVideoClient } from "@aimlapi-video/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createTracker,
  type Engine,
  StoreError,
  StoreLostError,
  sqliteStore,
  type Tracker,
  type TrackerEvent,
  type TrackerOptions,
  UnrecordedCreateError,
} from "../src/index.js";
import { body, FAST, type FakeApi, startFakeApi } from "./fake-api.js";
import { type FleetWorker, type Line, startWorker as startProcess } from "./fleet.js";

const isRoot = process.getuid?.() === 0;
const NOT_ROOT =
  "needs root: it mounts tmpfs file systems (run the tests as root, e.g. in the container)";

let api: FakeApi;
let base: string;
/** Mount points to unmount in afterAll, innermost last. */
const mounts: string[] = [];

beforeAll(async () => {
  api = await startFakeApi({
    // By prompt: "slow" generations outlast each test, "long" ones finish after 3 s, "mid" ones
    // after 2 s, the others after 0.3 s; "late" creates answer after 1 s.
    durationMs: (b) => {
      const prompt = b.prompt ?? "";
      if (prompt.includes("slow")) return 60_000;
      if (prompt.includes("long")) return 3_000;
      return prompt.includes("mid") ? 2_000 : 300;
    },
    createDelayMs: (b) => (b.prompt?.includes("late") ? 1_000 : 0),
    // A GET takes 20 ms: two processes polling one generation at once would show as overlaps.
    getLatencyMs: 20,
  });
  base = await mkdtemp(join(tmpdir(), "tracker-sqlite-failures-"));
});

afterAll(async () => {
  for (const worker of workers) worker.process.kill("SIGKILL");
  await Promise.all([...workers].map((worker) => worker.exited));
  for (const dir of [...mounts].reverse()) unmount(dir);
  await api?.close();
  await rm(base, { recursive: true, force: true });
});

function mount(...args: string[]): void {
  execFileSync("mount", args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** A fresh directory with a tmpfs of `size` mounted on it (unmounted in afterAll). */
function tmpfs(name: string, size: string): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  mount("-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir);
  mounts.push(dir);
  return dir;
}

/** Unmounts now; lazily when something (a test that failed half-way) still holds a file there. */
function unmount(dir: string): void {
  const at = mounts.indexOf(dir);
  if (at >= 0) mounts.splice(at, 1);
  try {
    execFileSync("umount", [dir], { stdio: ["ignore", "ignore", "pipe"] });
  } catch {
    try {
      execFileSync("umount", ["-l", dir], { stdio: ["ignore", "ignore", "pipe"] });
    } catch {
      // Not mounted (the test failed before mounting it).
    }
  }
}

/** Writes a file until the file system is full (ENOSPC); returns its path. */
function fill(dir: string): string {
  const file = join(dir, "filler");
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(1 << 20, 1);
  try {
    // Bounded: the tmpfs is a few MB; a write past the end fails with ENOSPC.
    for (let i = 0; i < 1_024; i++) {
      try {
        writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
        throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  expect(statfsSync(dir).bavail).toBe(0);
  return file;
}

/** The files under `dir` that this process has open. */
function openFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(`${dir}/`)) files.push(target);
    } catch {
      // Closed meanwhile (the fd of readdir itself).
    }
  }
  return files;
}

function open(store: Engine, options: Partial<TrackerOptions> = {}): Tracker {
  return createTracker({
    store,
    client: createVideoClient({ apiKey: "test-key", baseUrl: api.url }),
    pollClient: createVideoClient({ apiKey: "test-key", baseUrl: api.url, maxRetries: 0 }),
    schedule: FAST,
    learn: false,
    ...options,
  });
}

/** Every event of the tracker from now on, through `on()` listeners (the `error` one included). */
function eventsOf(tracker: Tracker): TrackerEvent[] {
  const events: TrackerEvent[] = [];
  const push = (event: TrackerEvent) => events.push(event);
  tracker.on("completed", push).on("failed", push).on("ambiguous", push).on("error", push);
  return events;
}

const ofType = <T extends TrackerEvent["type"]>(events: TrackerEvent[], type: T, key?: string) =>
  events.filter(
    (e): e is Extract<TrackerEvent, { type: T }> =>
      e.type === type && (key === undefined || e.key === key),
  );

/** How many times the engine asked the tracker to poll each key (a retried write asks again). */
function countPolls(engine: Engine): Map<string, number> {
  const polls = new Map<string, number>();
  const start = engine.start.bind(engine);
  engine.start = (poll, budget, onProblem) =>
    start(
      (record) => {
        polls.set(record.key, (polls.get(record.key) ?? 0) + 1);
        return poll(record);
      },
      budget,
      onProblem,
    );
  return polls;
}

/** The ids the API was paid for, for prompts starting with `prefix`. */
const paidFor = (prefix: string) => api.stats.paid.filter((p) => p.prompt.startsWith(prefix));

/** No prompt starting with `prefix` was created more than once. */
function expectCreatedOnce(prefix: string): void {
  for (const [prompt, creates] of api.stats.creates) {
    if (prompt.startsWith(prefix)) expect({ prompt, creates }).toEqual({ prompt, creates: 1 });
  }
}

const workers = new Set<FleetWorker>();

/** Starts sqlite-worker.ts against the fake API; its JSON lines collect in `lines`. */
function startWorker(env: Record<string, string> & { WORKER: string }): FleetWorker {
  const worker = startProcess({ API_URL: api.url, ...env }, "sqlite-worker.ts");
  workers.add(worker);
  worker.exited.then(() => workers.delete(worker));
  return worker;
}

/** The records another process finds in the file at `path`. */
async function listInProcess(path: string): Promise<Array<Pick<Line, "key" | "id" | "status">>> {
  const worker = startWorker({ WORKER: "lister", MODE: "list", DB: path });
  await worker.exited;
  expect(worker.process.exitCode).toBe(0);
  return worker.lines
    .filter((line) => line.type === "record")
    .map(({ key, id, status }) => ({ key, id, status }));
}

describe("SQLite on a full file system", () => {
  it.skipIf(!isRoot)(
    `${isRoot ? "" : `[skipped: ${NOT_ROOT}] `}refuses creates it cannot claim, hands out the ids it cannot record, and writes them (and the outcomes it delivered) once space returns`,
    async () => {
      const dir = tmpfs("full", "8m");
      const path = join(dir, "store.db");
      const p = "full-"; // this test's prompts
      const store = sqliteStore({ path });
      const polls = countPolls(store);
      const hooks = new Map<string, number>();
      const tracker = open(store, {
        onCompleted: ({ key }) => {
          hooks.set(key, (hooks.get(key) ?? 0) + 1);
        },
      });
      const events = eventsOf(tracker);
      try {
        await tracker.resume();
        const before = await tracker.submit(body(`${p}slow`), { key: "before" });
        const mid = await tracker.submit(body(`${p}mid`), { key: "mid" });
        expect([before.status, mid.status]).toEqual(["pending", "pending"]);

        // A create goes out; while the server takes its time to answer, the disk fills up.
        const late = tracker.submit(body(`${p}late`), { key: "late" });
        late.catch(() => undefined);
        await expect
          .poll(() => api.stats.creates.get(`${p}late`), { timeout: 5_000, interval: 5 })
          .toBe(1);
        const filler = fill(dir);

        // A create that cannot be claimed is not sent.
        const refused = await tracker.submit(body(`${p}refused`), { key: "refused" }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(StoreError);
        expect(refused).not.toBeInstanceOf(UnrecordedCreateError);
        expect((refused as StoreError).message).toContain(path);
        expect((refused as StoreError).key).toBe("refused");
        expect(api.stats.creates.get(`${p}refused`)).toBeUndefined();

        // The create that answered on the full disk: its paid id reaches the caller and an event.
        const unrecorded = await late.then(
          () => undefined,
          (error: unknown) => error,
        );
        const [paidLate] = paidFor(`${p}late`);
        expect(unrecorded).toBeInstanceOf(UnrecordedCreateError);
        expect(unrecorded).toMatchObject({ key: "late", id: paidLate?.id });
        expect(ofType(events, "error", "late")).toEqual([
          expect.objectContaining({ key: "late", id: paidLate?.id, error: unrecorded }),
        ]);
        expect(await tracker.get("late")).toMatchObject({ status: "creating" });

        // A generation completes while the disk is full: delivered once, its write refused, and
        // retried (the engine asks for the key again) without delivering it again.
        await vi.waitFor(() => expect(ofType(events, "completed", "mid")).toHaveLength(1), {
          timeout: 5_000,
        });
        const pollsAtCompletion = polls.get("mid") ?? 0;
        await vi.waitFor(
          () => expect(polls.get("mid") ?? 0).toBeGreaterThanOrEqual(pollsAtCompletion + 1),
          { timeout: 5_000 },
        );
        expect(await tracker.get("mid")).toMatchObject({ status: "pending" });
        expect(ofType(events, "completed", "mid")).toHaveLength(1);
        expect(hooks.get("mid")).toBe(1);
        const getsOfMid = api.stats.gets.filter((g) => g.id === mid.id).length;

        // Space returns: the paid id and the outcome are written, nothing is delivered twice.
        rmSync(filler);
        await vi.waitFor(
          async () =>
            expect(await tracker.get("late")).toMatchObject({
              id: paidLate?.id,
              status: expect.stringMatching(/^(pending|completed)$/),
            }),
          { timeout: 10_000, interval: 100 },
        );
        await vi.waitFor(
          async () => expect(await tracker.get("mid")).toMatchObject({ status: "completed" }),
          { timeout: 10_000, interval: 100 },
        );
        expect(ofType(events, "completed", "mid")).toHaveLength(1);
        expect(hooks.get("mid")).toBe(1);
        expect(api.stats.gets.filter((g) => g.id === mid.id)).toHaveLength(getsOfMid);

        // The recorded id is polled to the end; the key is known (no second create).
        await vi.waitFor(() => expect(ofType(events, "completed", "late")).toHaveLength(1), {
          timeout: 5_000,
        });
        expect(await tracker.submit(body(`${p}late`), { key: "late" })).toMatchObject({
          duplicate: true,
          id: paidLate?.id,
        });
        // The refused key was never claimed: it may be submitted again now, and is created once.
        expect(await tracker.submit(body(`${p}refused`), { key: "refused" })).toMatchObject({
          duplicate: false,
          status: "pending",
        });
        expectCreatedOnce(p);
        const records = await tracker.list();
        for (const paid of paidFor(p)) {
          expect(records.find((r) => r.id === paid.id)).toMatchObject({
            status: expect.stringMatching(/^(pending|completed)$/),
          });
        }
        expect(ofType(events, "completed", "mid")).toHaveLength(1);
        expect(hooks.get("mid")).toBe(1);
        // Nothing left unrecorded for close() to wait for.
        await tracker.close({ timeoutMs: 2_000 });
      } finally {
        await tracker.close({ timeoutMs: 1 }).catch(() => undefined);
        unmount(dir);
      }
    },
    30_000,
  );
});

describe.each(["deleted", "deleted with its -wal and -shm", "replaced"] as const)(
  "the SQLite file %s under a running tracker",
  (how) => {
    it("is reported, refuses creates until acknowledged, then copies the keys it knew into the new file", async () => {
      const dir = join(base, `lost-${how.replace(/\W+/g, "-")}`);
      mkdirSync(dir);
      const path = join(dir, "store.db");
      const p = `lost-${how}-`;
      const tracker = open(sqliteStore({ path, watchMs: 100 }));
      const events = eventsOf(tracker);
      try {
        await tracker.resume();
        const done = await tracker.submit(body(`${p}done`), { key: "done" });
        const slow = await tracker.submit(body(`${p}slow`), { key: "slow" });
        await vi.waitFor(
          async () => expect(await tracker.get("done")).toMatchObject({ status: "completed" }),
          { timeout: 5_000 },
        );

        if (how === "replaced") {
          // Another store file, with a record of its own, renamed over the path.
          const other = join(dir, "other.db");
          const elsewhere = open(sqliteStore({ path: other }));
          await elsewhere.submit(body(`${p}other`), { key: "other" });
          await elsewhere.close();
          renameSync(other, path);
        } else {
          rmSync(path);
          if (how !== "deleted") rmSync(`${path}-wal`);
          if (how !== "deleted") rmSync(`${path}-shm`);
        }

        await vi.waitFor(() => expect(ofType(events, "error")).toHaveLength(1), {
          timeout: 2_000,
          interval: 20,
        });
        const [lost] = ofType(events, "error");
        expect(lost?.error).toBeInstanceOf(StoreLostError);
        expect(lost?.error.message).toContain(path);
        expect(lost?.error.message).toContain(how === "replaced" ? "replaced" : "deleted");

        // Nothing is sent, for a new key or a known one.
        const creates = api.stats.paid.length;
        await expect(tracker.submit(body(`${p}new`), { key: "new" })).rejects.toBeInstanceOf(
          StoreLostError,
        );
        await expect(tracker.submit(body(`${p}slow`), { key: "slow" })).rejects.toBeInstanceOf(
          StoreLostError,
        );
        expect(api.stats.paid.length).toBe(creates);

        await tracker.acknowledgeStoreLoss();
        // The keys it knew are known in the new file: submitting them again creates nothing.
        expect(await tracker.submit(body(`${p}slow`), { key: "slow" })).toMatchObject({
          duplicate: true,
          status: "pending",
          id: slow.id,
        });
        expect(await tracker.submit(body(`${p}done`), { key: "done" })).toMatchObject({
          duplicate: true,
          status: "completed",
          id: done.id,
        });
        // Creates start again (each new key looked up in the request log first, since the store
        // lost data: keys are account-wide there, so this one is unique to the case), and the
        // polls go on over the new file.
        const fresh = await tracker.submit(body(`${p}new`), { key: `${p}new` });
        expect(fresh).toMatchObject({ duplicate: false, status: "pending" });
        await vi.waitFor(
          async () => expect(await tracker.get(`${p}new`)).toMatchObject({ status: "completed" }),
          { timeout: 5_000 },
        );

        if (how === "replaced") {
          // The replacing file's own pending record is polled too.
          await vi.waitFor(
            async () => expect(await tracker.get("other")).toMatchObject({ status: "completed" }),
            { timeout: 5_000 },
          );
        }
        // Another process opening the file at the path (a second worker, a restart) sees them too.
        const records = await listInProcess(path);
        const expected = [
          { key: "done", id: done.id, status: "completed" },
          { key: "slow", id: slow.id, status: "pending" },
          { key: `${p}new`, id: fresh.id, status: "completed" },
        ];
        // The replacing file's own records are kept.
        if (how === "replaced") {
          expected.push({ key: "other", id: paidFor(`${p}other`)[0]?.id, status: "completed" });
        }
        const byKey = (a: { key?: string }, b: { key?: string }) =>
          String(a.key).localeCompare(String(b.key));
        expect(records.sort(byKey)).toEqual(expected.sort(byKey));
        expect(ofType(events, "completed", "done")).toHaveLength(1);
        expect(ofType(events, "error")).toHaveLength(1);
        expectCreatedOnce(p);
      } finally {
        await tracker.close();
      }
    }, 20_000);
  },
);

describe("SQLite on a read-only file system", () => {
  it.skipIf(!isRoot)(
    `${isRoot ? "" : `[skipped: ${NOT_ROOT}] `}fails with a StoreError that names the file, sends nothing, and leaves nothing open`,
    async () => {
      const dir = tmpfs("read-only", "4m");
      const bound = join(base, "read-only-bind");
      mkdirSync(bound);
      const path = join(dir, "store.db");
      const p = "read-only-";
      const writer = open(sqliteStore({ path }));
      try {
        await writer.submit(body(`${p}first`), { key: "first" });
        // The same directory through a read-only bind mount, while the writer has the file open
        // (its -wal and -shm exist): a second process given that path.
        mount("--bind", dir, bound);
        mounts.push(bound);
        mount("-o", "remount,ro,bind", bound);
        const throughBind = join(bound, "store.db");
        expect(() => sqliteStore({ path: throughBind })).toThrow(StoreError);
        expect(() => sqliteStore({ path: throughBind })).toThrow(throughBind);
      } finally {
        await writer.close();
      }
      // The failed opens closed what they opened (SQLite holds a closed handle of a file until
      // the other connection to it in the process, the writer's, is closed too).
      expect(openFilesUnder(bound)).toEqual([]);
      unmount(bound);

      // The whole file system read-only, the store closed: an existing file and a new one.
      mount("-o", "remount,ro", dir);
      for (const file of [path, join(dir, "new.db")]) {
        let error: unknown;
        try {
          const tracker = open(sqliteStore({ path: file }));
          // Opened after all: then the first submit must fail the same way, sending nothing.
          try {
            await tracker.submit(body(`${p}second`), { key: "second" });
          } finally {
            await tracker.close();
          }
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toContain(file);
      }
      expect(openFilesUnder(dir)).toEqual([]);
      expect(api.stats.creates.get(`${p}second`)).toBeUndefined();
      expectCreatedOnce(p);
      unmount(dir);
    },
    20_000,
  );
});

describe("SQLite shared by several processes", () => {
  it("a process opening the file while another holds its lock (both starting on a new file) waits instead of failing", async () => {
    const dir = join(base, "opening");
    mkdirSync(dir);
    const path = join(dir, "store.db");
    const holder = startWorker({ WORKER: "holder", MODE: "lock", DB: path, HOLD_MS: "500" });
    await vi.waitFor(() => expect(holder.lines.map((l) => l.type)).toContain("locked"), {
      timeout: 15_000,
      interval: 20,
    });
    const store = sqliteStore({ path });
    const tracker = open(store);
    try {
      expect(await tracker.submit(body("opening-1"), { key: "opening-1" })).toMatchObject({
        status: "pending",
        duplicate: false,
      });
    } finally {
      await tracker.close();
      await holder.exited;
    }
  }, 20_000);

  it("polls each generation from one process at a time, delivers each completion once, picks up a third process's submits, and hands over when the poller is killed", async () => {
    const dir = join(base, "shared");
    mkdirSync(dir);
    const common = { DB: join(dir, "store.db"), LEASE_MS: "1500", WATCH_MS: "100" };
    const pollers = ["A", "B"].map((name) =>
      startWorker({ ...common, WORKER: name, MODE: "poll" }),
    );
    const lines = () => pollers.flatMap((worker) => worker.lines);
    const completions = (key: string) =>
      lines().filter((line) => line.type === "completed" && line.key === key);
    const submit = async (name: string, keys: string[]) => {
      const submitter = startWorker({
        ...common,
        WORKER: name,
        MODE: "submit",
        KEYS: keys.join(","),
      });
      await submitter.exited;
      expect(submitter.process.exitCode).toBe(0);
      const submitted = submitter.lines.filter((line) => line.type === "submitted");
      expect(submitted.map((line) => [line.key, line.duplicate]).sort()).toEqual(
        keys.map((key) => [key, false]).sort(),
      );
      return new Map(submitted.map((line) => [line.key as string, line.id as string]));
    };
    try {
      await vi.waitFor(
        () => expect(lines().filter((line) => line.type === "ready")).toHaveLength(2),
        { timeout: 15_000, interval: 50 },
      );

      // A process that never resumes submits; the poller, whichever it is, picks them up.
      const first = Array.from({ length: 4 }, (_, i) => `shared-short-${i}`);
      await submit("C1", first);
      await vi.waitFor(
        () => {
          for (const key of first) expect(completions(key)).toHaveLength(1);
        },
        { timeout: 10_000, interval: 50 },
      );

      // A second batch, polled for a while by one process; then that process dies.
      const second = Array.from({ length: 4 }, (_, i) => `shared-long-${i}`);
      const ids = await submit("C2", second);
      const getsOf = (key: string) => api.stats.gets.filter((get) => get.id === ids.get(key));
      await vi.waitFor(
        () => {
          for (const key of second) expect(getsOf(key).length).toBeGreaterThanOrEqual(2);
        },
        { timeout: 10_000, interval: 20 },
      );
      // The poller now: the sender of the last GET (the lease may have moved before, legitimately).
      const last = second
        .flatMap(getsOf)
        .sort((a, b) => a.at - b.at)
        .at(-1);
      const poller = pollers.find((worker) => worker.name === last?.worker) as FleetWorker;
      expect(poller).toBeDefined();
      const survivor = pollers.find((worker) => worker !== poller) as FleetWorker;
      // Frozen first, so that the GETs it already sent end before it is killed: a GET still in
      // flight from a dead process would count as an overlap with the survivor's.
      poller.process.kill("SIGSTOP");
      await expect
        .poll(() => api.stats.inFlightByWorker.get(poller.name)?.size ?? 0, {
          timeout: 5_000,
          interval: 10,
        })
        .toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 100)); // requests already on the wire
      expect(api.stats.overlaps).toBe(0);
      poller.process.kill("SIGKILL");
      await poller.exited;
      const killedAt = Date.now() - api.startedAt;

      await vi.waitFor(
        () => {
          for (const key of second) expect(completions(key)).toHaveLength(1);
        },
        { timeout: 12_000, interval: 50 },
      );
      for (const key of second) {
        expect(completions(key)).toEqual([expect.objectContaining({ worker: survivor.name })]);
        const late = getsOf(key).filter((get) => get.at > killedAt);
        expect(late.length).toBeGreaterThan(0);
        expect(late.every((get) => get.worker === survivor.name)).toBe(true);
      }
      for (const key of [...first, ...second]) expect(completions(key)).toHaveLength(1);
      expect(api.stats.overlaps).toBe(0);
      expect(lines().filter((line) => line.type === "error")).toEqual([]);
      expectCreatedOnce("shared-");
    } finally {
      for (const worker of pollers) worker.process.kill("SIGTERM");
      await Promise.all(pollers.map((worker) => worker.exited));
    }
  }, 40_000);
});

describe("SQLite deleted while no process had it open", () => {
  it("mustExist refuses to start on a missing file, naming it, instead of creating its keys again", async () => {
    const path = join(base, "must-exist.db");
    const first = createTracker({
      store: sqliteStore({ path }),
      client: createVideoClient({ apiKey: "k", baseUrl: api.url }),
    });
    await first.submit(body("must-exist-1"), { key: "m1" });
    await first.close();
    // Opened as it will be from now on: the file exists.
    const second = createTracker({
      store: sqliteStore({ path, mustExist: true }),
      client: createVideoClient({ apiKey: "k", baseUrl: api.url }),
    });
    expect((await second.submit(body("must-exist-1"), { key: "m1" })).duplicate).toBe(true);
    await second.close();

    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    expect(() => sqliteStore({ path, mustExist: true })).toThrow(StoreError);
    expect(() => sqliteStore({ path, mustExist: true })).toThrow(
      new RegExp(`${path.replaceAll(/[.*+?^${}()|[\]\\/]/g, "\\$&")} does not exist`),
    );
    expect(api.stats.creates.get("must-exist-1")).toBe(1);
  });
});

describe("sqliteStore options", () => {
  it("names what is wrong with a lease the watch cannot keep", () => {
    expect(() => sqliteStore({ path: ":memory:", leaseMs: 1_000, watchMs: 500 })).toThrow(
      /Invalid sqliteStore watchMs: expected at most a quarter of leaseMs \(1000 ms\), received 500\./,
    );
    expect(() => sqliteStore({ path: ":memory:", leaseMs: 0 })).toThrow(
      /Invalid sqliteStore leaseMs: expected a positive number, received 0\./,
    );
  });
});
