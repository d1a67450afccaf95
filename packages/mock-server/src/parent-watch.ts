// How often to look. Node has no prctl(PR_SET_PDEATHSIG), so the bin checks its parent itself.
const CHECK_EVERY_MS = 200;

/**
 * Calls `onOrphaned` once the process that started this one has died, however it died (SIGKILL
 * included): the kernel then hands this process to init or a subreaper, which changes its parent
 * id. Without a parent to watch (started by init, or as a container's first process) it never fires.
 */
export function watchParent(onOrphaned: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, CHECK_EVERY_MS);
  // The check alone never keeps the process alive.
  timer.unref();
}
