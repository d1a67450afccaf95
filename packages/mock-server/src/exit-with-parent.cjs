// Preloaded into the Prism process with `node --require`. Its stdin is a pipe from the process that
// started it; the pipe closes when that process dies in any way, even SIGKILL, which no exit hook
// of the parent can catch. Prism then exits instead of holding its port forever.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
