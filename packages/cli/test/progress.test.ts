import { afterEach, expect, it } from "vitest";
import { modeOf } from "../src/progress.js";

const saved = { CI: process.env.CI, TERM: process.env.TERM };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const terminal = (columns: number | undefined) =>
  ({ isTTY: true, columns }) as unknown as NodeJS.WriteStream;

it("animates only a real terminal with a width, outside CI", () => {
  delete process.env.CI;
  process.env.TERM = "xterm-256color";
  expect(modeOf(false, terminal(80))).toBe("tty");
  // A pseudo-terminal without columns: plain lines, not a spinner that redraws forever.
  expect(modeOf(false, terminal(0))).toBe("plain");
  expect(modeOf(false, terminal(undefined))).toBe("plain");
  expect(modeOf(true, terminal(80))).toBe("json");
  process.env.CI = "1";
  expect(modeOf(false, terminal(80))).toBe("plain");
});
