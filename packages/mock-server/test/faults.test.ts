import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFaults } from "../src/faults.js";
import { FAULT_HEADER, type MockServer, sampleVideoPath, start } from "../src/index.js";
import {
  AUTH,
  completedGeneration,
  createGeneration,
  MODEL,
  RETRIEVE,
  retrieve,
  specResponses,
} from "./support.js";

const VIDEO = readFileSync(sampleVideoPath);
const BODY = { model: MODEL, prompt: "A red fox in the snow" };

describe("parseFaults", () => {
  it("reads rules separated by commas, each with its parameters", () => {
    expect(parseFaults("429; retry-after=2; times=1, slow; ms=500; on=poll")).toEqual([
      {
        fault: { kind: "status", status: 429, retryAfter: "2" },
        on: undefined,
        times: 1,
        index: 0,
      },
      { fault: { kind: "slow", ms: 500 }, on: "poll", times: Infinity, index: 1 },
    ]);
    expect(parseFaults("expired-url; status=410")).toEqual([
      { fault: { kind: "expired-url", status: 410 }, on: "video", times: Infinity, index: 0 },
    ]);
    expect(parseFaults("reset; after-bytes=100; on=video; id=t1")[0]).toMatchObject({
      fault: { kind: "reset", afterBytes: 100 },
      on: "video",
    });
  });

  it.each([
    [
      "teapot",
      'expected a status 400-599, slow, reset, stall, timeout-after-create or expired-url; received "teapot"',
    ],
    ["200", "expected a status 400-599"],
    ["slow; ms=fast", 'ms= expected a whole number of at least 0; received "fast"'],
    ["503; times=0", 'times= expected a whole number of at least 1; received "0"'],
    ["503; on=download", 'on= expected create, poll or video; received "download"'],
    ["expired-url; on=poll", '"expired-url" takes status, times, id; received "on"'],
    ["expired-url; status=404", "status= expected 403 or 410; received 404"],
    ["slow; 500", 'expected name=value, received "500"'],
  ])("refuses %j, naming what it expected", (value, message) => {
    expect(() => parseFaults(value)).toThrow(message);
  });
});

describe("faults injected per request", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await start({ lifecycle: { pollsPerStep: 1 } });
  });
  afterAll(() => mock?.close());

  const fault = (value: string) => ({ [FAULT_HEADER]: value });
  const created = () => mock.generations().length;

  it("answers 429 with the spec's body and the Retry-After asked for, creating nothing", async () => {
    const before = created();
    const response = await createGeneration(mock.url, BODY, fault("429; retry-after=2"));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    const rateLimited = specResponses().find((r) => r.method === "post" && r.status === 429);
    expect(await response.json()).toEqual(Object.values(rateLimited?.examples ?? {})[0]);
    expect(created()).toBe(before);
  });

  it("counts times= per header value, so a retry with the same headers gets through", async () => {
    const before = created();
    const headers = fault("503; times=1; id=retry-test");
    expect((await createGeneration(mock.url, BODY, headers)).status).toBe(503);
    expect((await createGeneration(mock.url, BODY, headers)).status).toBe(200);
    expect(created()).toBe(before + 1);
  });

  it("aims a rule at polls with on=poll, even when every request carries the header", async () => {
    const headers = fault("502; on=poll; times=2; id=poll-test");
    const response = await createGeneration(mock.url, BODY, headers);
    expect(response.status).toBe(200);
    const { id } = await response.json();
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await retrieve(mock.url, RETRIEVE, id, { ...AUTH, ...headers })).status);
    }
    // The generation holds the rule too; the same header on the polls does not count it twice.
    expect(statuses).toEqual([502, 502, 200]);
  });

  it("keeps a rule given at creation for the generation's polls, without the header", async () => {
    const response = await createGeneration(mock.url, BODY, fault("500; on=poll; times=1"));
    const { id } = await response.json();
    expect((await retrieve(mock.url, RETRIEVE, id)).status).toBe(500);
    expect((await retrieve(mock.url, RETRIEVE, id)).status).toBe(200);
  });

  it("takes the same rules from a prompt marker, for callers that cannot set headers", async () => {
    const response = await createGeneration(mock.url, {
      model: MODEL,
      prompt: "A fox [mock:fault 429; retry-after=7]",
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
  });

  it("answers slowly: after the delay asked for, or later than a client will wait", async () => {
    const started = Date.now();
    const late = await createGeneration(mock.url, BODY, fault("slow; ms=150"));
    expect(late.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const gaveUp = await fetch(`${mock.url}${RETRIEVE}?generation_id=x`, {
      headers: { ...AUTH, ...fault("slow; ms=60000") },
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error);
    expect(gaveUp).toMatchObject({ name: "TimeoutError" });
  });

  it("resets the connection before handling the request: nothing is created", async () => {
    const before = created();
    const error = await createGeneration(mock.url, BODY, fault("reset")).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(created()).toBe(before);
  });

  it("with after-bytes, handles the request, then cuts its answer", async () => {
    const before = created();
    const response = await createGeneration(mock.url, BODY, fault("reset; after-bytes=10"));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    // The create went through: the task exists although its answer never arrived whole.
    expect(created()).toBe(before + 1);
  });

  it("creates the task and then never answers, for timeout-after-create", async () => {
    const before = created();
    const error = await fetch(`${mock.url}/v2/video/generations`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json", ...fault("timeout-after-create") },
      body: JSON.stringify(BODY),
      signal: AbortSignal.timeout(300),
    }).catch((e: Error) => e);
    expect(error).toMatchObject({ name: "TimeoutError" });
    // On a busy machine the client may give up before Prism has answered the create.
    await expect.poll(created).toBe(before + 1);
    // The task can still be found by whoever learns its id (here, the test through the mock).
    const id = mock.generations().at(-1)?.id ?? "";
    expect((await retrieve(mock.url, RETRIEVE, id)).status).toBe(200);
  });

  it("answers timeout-after-create late when given ms=", async () => {
    const response = await createGeneration(mock.url, BODY, fault("timeout-after-create; ms=50"));
    expect(response.status).toBe(200);
  });

  it("does not hold a create that Prism refused", async () => {
    const response = await createGeneration(
      mock.url,
      { model: MODEL },
      fault("timeout-after-create"),
    );
    expect(response.status).toBe(400);
  });

  it("answers a malformed rule with 400, naming the header and what it expected", async () => {
    const response = await createGeneration(mock.url, BODY, fault("503; times=never"));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual({
      title: "Invalid x-mock-fault header",
      status: 400,
      detail: 'x-mock-fault: times= expected a whole number of at least 1; received "never"',
    });
  });

  describe("on the video", () => {
    it("expires the URL: 403 until a fresh one is fetched with GET generation", async () => {
      const done = await completedGeneration(mock.url, fault("expired-url; times=1"));
      const refused = await fetch(done.video.url);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain(
        "<Code>AccessDenied</Code><Message>Request has expired",
      );
      // The same URL stays expired.
      expect((await fetch(done.video.url)).status).toBe(403);
      const fresh = await (await retrieve(mock.url, RETRIEVE, done.id)).json();
      expect(fresh.video.url).not.toBe(done.video.url);
      const file = await fetch(fresh.video.url);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(VIDEO);
    });

    it("answers 410 for expired-url; status=410", async () => {
      const done = await completedGeneration(mock.url, fault("expired-url; status=410; times=1"));
      expect((await fetch(done.video.url)).status).toBe(410);
      expect((await fetch(done.video.url)).status).toBe(410);
    });

    it("cuts a download after some bytes, and the rest comes with Range", async () => {
      const done = await completedGeneration(
        mock.url,
        fault("reset; on=video; after-bytes=1000; times=1"),
      );
      const first = await fetch(done.video.url);
      expect(first.status).toBe(200);
      const reader = first.body?.getReader();
      const received: Uint8Array[] = [];
      const cut = await (async () => {
        for (;;) {
          const { done: end, value } = (await reader?.read()) ?? { done: true };
          if (end) return false;
          received.push(value);
        }
      })().catch(() => true);
      expect(cut).toBe(true);
      const head = Buffer.concat(received);
      expect(head).toEqual(VIDEO.subarray(0, 1000));
      const rest = await fetch(done.video.url, { headers: { range: `bytes=${head.length}-` } });
      expect(rest.status).toBe(206);
      expect(Buffer.concat([head, Buffer.from(await rest.arrayBuffer())])).toEqual(VIDEO);
    });

    it("stalls a download after some bytes, leaving the connection open", async () => {
      const done = await completedGeneration(mock.url, fault("stall; on=video; after-bytes=500"));
      const controller = new AbortController();
      const response = await fetch(done.video.url, { signal: controller.signal });
      expect(response.headers.get("content-length")).toBe(String(VIDEO.length));
      const reader = response.body?.getReader();
      let received = 0;
      // Bounded: the 500 bytes may come in more than one chunk, never in more than 500.
      for (let reads = 0; received < 500 && reads < 500; reads++) {
        received += (await reader?.read())?.value?.length ?? 0;
      }
      expect(received).toBe(500);
      const next = reader?.read();
      controller.abort();
      await expect(next).rejects.toThrow();
    });

    it("answers a status asked for on=video", async () => {
      const done = await completedGeneration(
        mock.url,
        fault("503; on=video; times=1; retry-after=1"),
      );
      const refused = await fetch(done.video.url);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect((await fetch(done.video.url)).status).toBe(200);
    });
  });
});
