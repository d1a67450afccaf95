// `spend`: the store's spend per model and the account's ledger held against it, against a mock
// whose ledger this file alone writes. The tests run in order on one store: a generate, then
// charges the CLI did not make.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type MockServer, start } from "@aimlapi-video/mock-server";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, MODEL, runCli } from "./support.js";

let mock: MockServer;
let dir: string;
let store: string;
let id: string;
const PRICE = 0.5;

beforeAll(async () => {
  mock = await start({ lifecycle: { pollsPerStep: 1 } });
  dir = await mkdtemp(path.join(tmpdir(), "cli-spend-"));
  store = path.join(dir, "generations.db");
}, 60_000);
afterAll(async () => {
  await mock?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The CLI on the mock with this file's store; no output ever holds the API key. */
async function cli(args: string[]) {
  const run = await runCli(["--base-url", mock.url, "--store", store, ...args], { cwd: dir });
  expect(`${run.stdout}${run.stderr}`).not.toContain(API_KEY);
  return run;
}
const spend = async () => {
  const run = await cli(["--json", "spend"]);
  return { code: run.code, report: JSON.parse(run.stdout) };
};

describe("spend", () => {
  it("after a generate that completed: its price, charged as expected (exit 0)", async () => {
    const body = { model: MODEL, prompt: "A fox" };
    expect(mock.priceOf(body)).toBe(PRICE);
    const generated = await cli([
      "--json",
      "generate",
      "--model",
      MODEL,
      "--prompt",
      body.prompt,
      "--no-download",
      "--poll-interval",
      "0.1",
    ]);
    expect(generated.code).toBe(0);
    id = JSON.parse(generated.stdout).id;
    // generate told the store it completed, and what it cost: no poll of spend's needed for that.
    const db = new Database(store, { readonly: true });
    const row = db.prepare("SELECT record FROM generations WHERE status = 'completed'").get() as
      | { record: string }
      | undefined;
    db.close();
    expect(JSON.parse(row?.record ?? "{}")).toMatchObject({ id, cost: { usd: PRICE } });

    const run = await cli(["spend"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Since \S+Z: spent \$0\.50, \$0\.00 in flight, 1 generation in /);
    expect(run.stdout).toMatch(new RegExp(`^ {2}${MODEL} +\\$0\\.50 +\\$0\\.00 +1$`, "m"));
    expect(run.stdout).toContain(
      "The account's ledger: 1 charge as the store expects, nothing else.",
    );
    const { report } = await spend();
    expect(report).toMatchObject({
      spentUsd: PRICE,
      inFlightUsd: 0,
      unknown: 0,
      byModel: { [MODEL]: { spentUsd: PRICE, inFlightUsd: 0, generations: 1 } },
      ledger: { matched: 1, unknownCharges: [], uncharged: [], mismatched: [] },
      exitCode: 0,
    });
  });

  it("a charge the store does not know: listed, exit 5", async () => {
    mock.charge({ referenceId: "gen-elsewhere", model: MODEL, usd: 0.3 });
    const run = await cli(["spend"]);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain(
      "Charges for no generation of this store (other code on the account, or a create paid twice?):",
    );
    expect(run.stdout).toMatch(
      new RegExp(`^ {2}\\S+Z {2}\\$0\\.30 {2}${MODEL} {2}gen-elsewhere$`, "m"),
    );
    const { code, report } = await spend();
    expect(code).toBe(5);
    expect(report.ledger.unknownCharges).toMatchObject([
      { reference_id: "gen-elsewhere", amount: { usd: 0.3 } },
    ]);
    expect(report.spentUsd).toBe(PRICE);
  });

  it("a generation charged twice: another amount than it cost, exit 5", async () => {
    mock.charge({ referenceId: id, model: MODEL, usd: PRICE });
    const run = await cli(["spend"]);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain(
      `charged $1.00, expected $0.50 (what the generation said it cost)`,
    );
    const { report } = await spend();
    expect(report.ledger.mismatched).toMatchObject([
      { id, chargedUsd: 1, expectedUsd: PRICE, from: "cost" },
    ]);
  });

  it("--since takes 24h or a date; anything else is a usage mistake naming it (exit 2)", async () => {
    const recent = await cli(["spend", "--since", "24h"]);
    expect(recent.stdout).toContain("spent $0.50");
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const dated = JSON.parse((await cli(["--json", "spend", "--since", day])).stdout);
    expect(dated).toMatchObject({ since: `${day}T00:00:00.000Z`, spentUsd: PRICE });
    const later = new Date(Date.now() + 60_000).toISOString();
    for (const wrong of ["0d", "7w", "yesterday", later]) {
      const run = await cli(["spend", "--since", wrong]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`option '--since <when>' argument '${wrong}' is invalid`);
    }
  });
});
