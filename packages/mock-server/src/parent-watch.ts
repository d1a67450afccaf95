import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

// How often to look. Node has no prctl(PR_SET_PDEATHSIG), so the bin checks its ancestors itself.
const CHECK_EVERY_MS = 200;

/**
 * Calls `onOrphaned` once a process that started this one has died, however it died (SIGKILL
 * included). Not only the parent: `npx` and `npm exec` run a bin under `sh -c`, and that shell
 * stays alive when npm is killed, so every ancestor alive at start is watched (up to init).
 * Without an ancestor to watch (started by init, or as a container's first process) it never fires.
 */
export function watchAncestors(onOrphaned: () => void): void {
  const parent = process.ppid;
  const ancestors = ancestorsOf(parent);
  if (parent <= 1) return;
  const timer = setInterval(() => {
    // The parent by its id (a change means it died and we were handed to a reaper), the others by
    // whether they still run.
    if (process.ppid === parent && ancestors.every(isAlive)) return;
    clearInterval(timer);
    onOrphaned();
  }, CHECK_EVERY_MS);
  // The check alone never keeps the process alive.
  timer.unref();
}

/** The parent's own ancestors, nearest first, without init. */
function ancestorsOf(pid: number): number[] {
  const chain: number[] = [];
  for (let next = parentOf(pid); next > 1 && chain.length < 64; next = parentOf(next)) {
    chain.push(next);
  }
  return chain;
}

/** Linux's /proc/<pid>/stat fields after the command name (which may hold spaces), if any. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

const hasProc = procStat(process.pid) !== undefined;

function parentOf(pid: number): number {
  if (hasProc) return Number(procStat(pid)?.[1] ?? 0);
  try {
    return Number(execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }));
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  // A zombie (Z) has died: only its parent has not collected its exit status yet.
  if (hasProc) return (procStat(pid)?.[0] ?? "Z") !== "Z";
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
