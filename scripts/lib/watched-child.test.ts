import { afterEach, describe, expect, it } from "vitest";
import { type WatchedChild, watchChild } from "./watched-child.ts";

const children: WatchedChild[] = [];
const node = (source: string) => {
  const child = watchChild(["-e", source]);
  children.push(child);
  return child;
};
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});

describe("watchChild", () => {
  it("resolves with the first match in what the child prints", async () => {
    const child = node(
      `console.log("listening on http://127.0.0.1:43210"); setInterval(() => {}, 1000);`,
    );
    const [, port] = await child.waitFor(/127\.0\.0\.1:(\d+)/);
    expect(port).toBe("43210");
  });

  it("keeps stdout apart too, for the result a measuring child prints", async () => {
    const child = node(`console.error("warming up"); console.log('{"ms":12}');`);
    expect(await child.wait()).toBe(0);
    expect(child.stdout()).toBe('{"ms":12}\n');
    expect(child.output()).toContain("warming up");
  });

  it("rejects with the child's output, stderr included, when it exits first", async () => {
    const child = node(
      `console.log("loading the spec"); console.error("EADDRINUSE 127.0.0.1:4010"); process.exit(3);`,
    );
    const error = await child.waitFor(/listening/).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^exited \(3\) before \/listening\//);
    expect((error as Error).message).toContain("loading the spec\nEADDRINUSE 127.0.0.1:4010");
  });

  it("rejects with what it printed so far when the bench gives up waiting, and stop() kills it", async () => {
    const child = node(`console.log("starting"); setInterval(() => {}, 1000);`);
    await child.waitFor(/starting/);
    const giveUp = new AbortController();
    const waiting = child.waitFor(/listening/, giveUp.signal);
    giveUp.abort("30 s passed");
    await expect(waiting).rejects.toThrow(
      /no \/listening\/ yet: 30 s passed\n--- output of node -e .*\nstarting\n---$/s,
    );
    await child.stop();
    expect(child.exited()).toBe("SIGKILL");
  });
});
