// `pnpm bench`, part 3: what a 20 MB local image costs to send inline. prepareMedia (header
// checks, one read into one buffer, one Base64 pass) side by side with readFile + the same
// bytes' Buffer.toString("base64") (the floor), and a chunked read (3 MB pieces, a multiple of 3,
// each encoded and joined), the streaming alternative. Each run is a fresh process, so that its
// peak resident memory (maxRSS) above what it held before belongs to that variant alone.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
// What users run: built. Loaded by every variant before it is measured.
import { prepareMedia } from "../dist/media.js";
import { localFile } from "../dist/node.js";
import { png } from "../test/media-fixtures.js";

const VARIANTS = {
  /** What the client does: header checks, then one read and one Base64 pass. */
  async prepareMedia(file: string) {
    const body = await prepareMedia({
      model: "minimax/hailuo-02",
      prompt: "x",
      image_url: localFile(file),
    });
    return body.image_url?.length ?? 0;
  },
  /** The floor: the same bytes read whole, then Buffer.toString("base64"). */
  async "readFile + toString"(file: string) {
    const bytes = await readFile(file);
    return `data:image/png;base64,${bytes.toString("base64")}`.length;
  },
  /** The streaming alternative: 3 MB pieces, each encoded, joined at the end. */
  async "chunked, joined"(file: string) {
    const handle = await open(file);
    const parts: string[] = ["data:image/png;base64,"];
    const piece = Buffer.allocUnsafe(3 * 1024 * 1024);
    // Each turn reads at least a byte, or stops.
    for (let at = 0; ; ) {
      const { bytesRead } = await handle.read(piece, 0, piece.length, at);
      if (bytesRead === 0) break;
      parts.push(piece.subarray(0, bytesRead).toString("base64"));
      at += bytesRead;
    }
    await handle.close();
    return parts.join("").length;
  },
} satisfies Record<string, (file: string) => Promise<number>>;
type Variant = keyof typeof VARIANTS;

const [variant, file] = process.argv.slice(2) as [Variant | undefined, string | undefined];
if (variant && file) {
  // A child: one run of one variant.
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const length = await VARIANTS[variant](file);
  const ms = performance.now() - start;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, peakAboveStart: peak - before, length }));
} else {
  const RUNS = Number(process.env.BENCH_MEDIA_RUNS ?? 5);
  const MB = 1024 * 1024;
  const dir = mkdtempSync(path.join(tmpdir(), "media-bench-"));
  const image = path.join(dir, "20mb.png");
  writeFileSync(image, png(1920, 1080, 20 * MB - 1024)); // under minimax/hailuo-02's 20 MB
  const self = fileURLToPath(import.meta.url);
  const median = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const rows: Record<string, Record<string, string | number>> = {};
  try {
    const results = new Map<Variant, { ms: number; peakAboveStart: number; length: number }[]>();
    // Interleaved, so that a busy machine weighs on every variant alike.
    for (let run = 0; run < RUNS; run++) {
      for (const name of Object.keys(VARIANTS) as Variant[]) {
        const child = spawnSync(process.execPath, [...process.execArgv, self, name, image], {
          encoding: "utf8",
        });
        if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
        const list = results.get(name) ?? [];
        list.push(JSON.parse(child.stdout.trim().split("\n").pop() as string));
        results.set(name, list);
      }
    }
    for (const [name, list] of results) {
      rows[name] = {
        "median ms": Number(median(list.map((r) => r.ms)).toFixed(1)),
        "peak MB above start (median)": Number(
          (median(list.map((r) => r.peakAboveStart)) / MB).toFixed(1),
        ),
        "data URI MB": Number(((list[0]?.length ?? 0) / MB).toFixed(1)),
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`A 20 MB PNG as a data URI, ${RUNS} runs each, each in a fresh process:`);
  console.table(rows);
}
