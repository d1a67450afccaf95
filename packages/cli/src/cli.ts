#!/usr/bin/env node
import { run } from "./program.js";

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Exit once stdout is flushed, without waiting for idle keep-alive sockets to close.
process.stdout.write("", () => process.exit(code));
