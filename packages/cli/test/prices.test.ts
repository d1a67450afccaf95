// What a video costs before it is paid for: the quote `generate` prints (the mock's fixture price
// for each pricing kind), `--max-usd` refusing with nothing sent, an account out of credits, and
// `models --prices`. Against mocks with the default balance, one where nothing may be created,
// and one with a cent.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type MockServer, start } from "@aimlapi-video/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEY, MODEL, runCli, startStubApi } from "./support.js";

let mock: MockServer;
let capped: MockServer;
let broke: MockServer;
let dir: string;
let store: string;

beforeAll(async () => {
  [mock, capped, broke] = await Promise.all([
    start({ lifecycle: { pollsPerStep: 1 } }),
    start({ lifecycle: { pollsPerStep: 1 } }),
    start({ lifecycle: { pollsPerStep: 1 }, billing: { balanceUsd: 0.01 } }),
  ]);
}, 60_000);
afterAll(() => Promise.all([mock?.close(), capped?.close(), broke?.close()]));
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-prices-"));
  store = path.join(dir, "generations.db");
  return () => rm(dir, { recursive: true, force: true });
});

/** The CLI on `api` with this test's store; no output ever holds the API key. */
async function cli(api: { url: string }, args: string[]) {
  const run = await runCli(["--base-url", api.url, "--store", store, ...args], { cwd: dir });
  expect(`${run.stdout}${run.stderr}`).not.toContain(API_KEY);
  return run;
}

const VARIABLE = "magic/video-to-video";
/** A body of each pricing kind, and its options. */
const BODIES = {
  variants: {
    model: "google/veo-3.1-t2v",
    args: ["--prompt", "A fox", "--duration", "8", "--resolution", "1080p"],
    body: { prompt: "A fox", duration: 8, resolution: "1080p" },
  },
  fixed: { model: MODEL, args: ["--prompt", "A fox"], body: { prompt: "A fox" } },
  variable: {
    model: VARIABLE,
    args: ["--video-url", "https://example.com/in.mp4"],
    body: { video_url: "https://example.com/in.mp4" },
  },
};
const generate = (kind: keyof typeof BODIES, ...args: string[]) => [
  "generate",
  "--model",
  BODIES[kind].model,
  ...BODIES[kind].args,
  "--no-download",
  "--poll-interval",
  "0.1",
  ...args,
];
/** The stand-in catalogue's entry for MODEL: $1 per 10 s, and an alias. */
const STUB_MODEL = {
  id: MODEL,
  aliases: ["kling-v1"],
  type: "internal/video-generations/submit",
  pricing: { kind: "fixed", units: [{ name: "output", measure: "second", price: 1, per: 10 }] },
};
const pricingKind = (model: string) => mock.catalogue().find((m) => m.id === model)?.pricing?.kind;

describe("generate quotes before it creates", () => {
  it.each(["variants", "fixed"] as const)(
    "a %s price: the mock's fixture price, on stderr and in the --json result",
    async (kind) => {
      const { model, body } = BODIES[kind];
      expect(pricingKind(model)).toBe(kind);
      const price = mock.priceOf({ model, ...body });
      const run = await cli(mock, generate(kind));
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(
        new RegExp(`^≈ \\$${price.toFixed(2).replace(".", "\\.")}: .+\\nCreating a `, "m"),
      );
      const json = await cli(mock, ["--json", ...generate(kind)]);
      const result = JSON.parse(json.stdout);
      expect(result.quote).toMatchObject({ status: "priced", model, usd: price });
      // The mock charged what was quoted.
      expect(result.cost).toMatchObject({ usd: price });
    },
  );

  it("a variable price: unknown, with the reason", async () => {
    expect(pricingKind(VARIABLE)).toBe("variable");
    const run = await cli(mock, generate("variable"));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `Price unknown: ${VARIABLE} has a variable price: it is known only after the request\n`,
    );
    const json = await cli(mock, ["--json", ...generate("variable")]);
    expect(JSON.parse(json.stdout).quote).toMatchObject({
      status: "unknown",
      model: VARIABLE,
      reason: expect.stringContaining("variable price"),
    });
  });
});

describe("--max-usd", () => {
  it("the quote, the tracker's and the limit's share one read of the catalogue", async () => {
    const api = await startStubApi({ models: [STUB_MODEL], completesAfterMs: 0 });
    try {
      const run = await cli(api, generate("fixed", "--duration", "5", "--max-usd", "1"));
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("≈ $0.50: 5 s × $0.1/s\n");
      expect(api.requests.filter((r) => r.url.startsWith("/v1/models"))).toHaveLength(1);
      expect(api.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it("refuses a quote above it: exit 7, the quote, and nothing sent", async () => {
    const run = await cli(capped, generate("fixed", "--max-usd", "0.2"));
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(
      "Error: Not sent: it would cost ≈ $0.50 (1 video × $0.5), above --max-usd 0.2. Nothing was paid.",
    );
    const json = await cli(capped, ["--json", ...generate("variants", "--max-usd", "0.5")]);
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: "PriceLimitError",
      exitCode: 7,
      quote: { status: "priced", usd: 0.8 },
    });
    expect(capped.generations()).toEqual([]);
    expect(capped.requestLog()).toEqual([]);
    // Reported, so nothing is left for `resume`.
    expect((await cli(capped, ["resume"])).code).toBe(0);
  });

  it("refuses an unknown price unless --allow-unknown-price", async () => {
    const refused = await cli(capped, generate("variable", "--max-usd", "5"));
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain(
      "Error: Not sent: its price is unknown (magic/video-to-video has a variable price: it is known only after the request), and --max-usd refuses an unknown price (add --allow-unknown-price to send it anyway).",
    );
    expect(capped.generations()).toEqual([]);
    const before = mock.generations().length;
    const allowed = await cli(
      mock,
      generate("variable", "--max-usd", "5", "--allow-unknown-price"),
    );
    expect(allowed.code).toBe(0);
    expect(mock.generations()).toHaveLength(before + 1);
  });

  it("--allow-unknown-price without --max-usd, or a limit below 0: usage mistakes (exit 2)", async () => {
    const alone = await cli(capped, generate("fixed", "--allow-unknown-price"));
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--allow-unknown-price goes with --max-usd");
    const negative = await cli(capped, generate("fixed", "--max-usd", "-1"));
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain("option '--max-usd <usd>' argument '-1' is invalid");
    expect(capped.requestLog()).toEqual([]);
  });
});

describe("out of credits", () => {
  it("exits 8, says to top up and that nothing was created", async () => {
    const run = await cli(broke, generate("fixed"));
    expect(run.code).toBe(8);
    expect(run.stderr).toMatch(
      /^Error: Out of credits: the API refused the create \(403 You've run out of credits\..*\)\. Nothing was created, nothing was paid\. Top up the account's balance, then run the command again\.$/m,
    );
    const json = await cli(broke, ["--json", ...generate("fixed")]);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: "OutOfCreditsError", exitCode: 8 });
    expect(broke.generations()).toEqual([]);
    expect(broke.billing().balanceUsd).toBe(0.01);
  });
});

describe("models --prices", () => {
  it("lists the live catalogue's prices and aliases", async () => {
    const run = await cli(mock, ["models", "--prices"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^kling-video\/v1\/standard\/text-to-video +\$0\.5 per video\n {2}aliases: legacy-kling-video-v1-standard-text-to-video$/m,
    );
    expect(run.stdout).toMatch(
      /^google\/veo-3\.1-t2v +by resolution: 720p \$0\.05\/s, 1080p \$0\.1\/s$/m,
    );
    expect(run.stdout).toMatch(/^magic\/video-to-video +variable: /m);
    const json = JSON.parse((await cli(mock, ["--json", "models", "--prices"])).stdout);
    const served = mock.catalogue();
    expect(json.models).toHaveLength(served.length);
    for (const model of served) {
      expect(json.models).toContainEqual(
        expect.objectContaining({ id: model.id, aliases: model.aliases, pricing: model.pricing }),
      );
    }
    expect(json.notServed).toEqual([]);
  });

  it("names the models this CLI knows that the API no longer serves", async () => {
    const api = await startStubApi({
      models: [STUB_MODEL, { id: "vendor/brand-new", type: "internal/video-generations/submit" }],
    });
    try {
      const run = await cli(api, ["models", "--prices"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^${MODEL} +\\$0\\.1/s\\n {2}aliases: kling-v1$`, "m"));
      expect(run.stdout).toMatch(
        /^vendor\/brand-new +no price listed {2}\(not in this CLI's catalog\)$/m,
      );
      expect(run.stdout).toMatch(/^In this CLI's catalog, not served any more: \d+$/m);
      expect(run.stdout).toMatch(/^ {2}google\/veo-3\.1-t2v$/m);
      expect(run.stdout).not.toMatch(new RegExp(`^ {2}${MODEL}$`, "m"));
    } finally {
      await api.close();
    }
  });

  it("takes no model id", async () => {
    const run = await cli(mock, ["models", MODEL, "--prices"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("models --prices lists every model: leave out the id.");
  });
});
