// What a person sees while a generation runs: a spinner with the status, the elapsed time and the
// polls, then a download bar (on a terminal); one line per change otherwise; nothing with --json.
// Progress goes to stderr, so that stdout carries only results.
import type { Generation, Progress } from "@aimlapi-video/client";
import type { DownloadProgress } from "@aimlapi-video/client/download";
import { Presets, SingleBar } from "cli-progress";
import ora, { type Ora } from "ora";

export type Mode = "tty" | "plain" | "json";

export function modeOf(json: boolean, stream: NodeJS.WriteStream = process.stderr): Mode {
  if (json) return "json";
  // As ora decides: no animation in CI logs, even on a pseudo-terminal. A terminal without a
  // width (a pseudo-terminal of 0 columns) gets plain lines too: ora would redraw it forever.
  const interactive =
    stream.isTTY &&
    (stream.columns ?? 0) > 0 &&
    process.env.TERM !== "dumb" &&
    !("CI" in process.env);
  return interactive ? "tty" : "plain";
}

const seconds = (ms: number) => `${Math.round(ms / 1000)}s`;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
const polled = (polls: number) => `${polls} poll${polls === 1 ? "" : "s"}`;

export class Reporter {
  readonly mode: Mode;
  readonly #stream: NodeJS.WriteStream;
  #spinner: Ora | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #bar: SingleBar | undefined;
  #lastStatus: string | undefined;
  #waitStarted = 0;
  #polls = 0;

  constructor(mode: Mode, stream: NodeJS.WriteStream = process.stderr) {
    this.mode = mode;
    this.#stream = stream;
  }

  /** A line for a person, above any spinner. */
  note(line: string): void {
    if (this.mode === "json") return;
    if (this.#spinner?.isSpinning) {
      this.#spinner.clear();
      this.#stream.write(`${line}\n`);
      this.#spinner.render();
    } else {
      this.#stream.write(`${line}\n`);
    }
  }

  startWait(id: string): void {
    this.#waitStarted = Date.now();
    this.#polls = 0;
    this.#lastStatus = undefined;
    if (this.mode !== "tty") {
      this.note(`Waiting for ${id}…`);
      return;
    }
    this.#spinner = ora({
      stream: this.#stream,
      discardStdin: false,
      text: this.#waitText("queued"),
    });
    this.#spinner.start();
    // The elapsed time moves between polls too.
    this.#ticker = setInterval(() => {
      if (this.#spinner) this.#spinner.text = this.#waitText(this.#lastStatus ?? "queued");
    }, 1000);
  }

  poll({ generation, polls }: Progress<Generation>): void {
    this.progress(generation.status, polls);
  }

  /** The wait's status so far (one generation's, or a summary of several) and the polls made. */
  progress(status: string, polls: number): void {
    this.#polls = polls;
    if (this.mode === "tty" && this.#spinner) {
      this.#lastStatus = status;
      this.#spinner.text = this.#waitText(status);
    } else if (status !== this.#lastStatus) {
      this.#lastStatus = status;
      this.note(`  ${status} (${seconds(Date.now() - this.#waitStarted)}, ${polled(polls)})`);
    }
  }

  endWait(outcome: "completed" | "failed" | "stopped"): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
    const spinner = this.#spinner;
    this.#spinner = undefined;
    const summary = `${outcome === "completed" ? "Completed" : outcome === "failed" ? "Failed" : "Stopped"} after ${seconds(Date.now() - this.#waitStarted)}, ${polled(this.#polls)}`;
    if (!spinner) {
      if (outcome !== "stopped") this.note(summary);
      return;
    }
    if (outcome === "completed") spinner.succeed(summary);
    else if (outcome === "failed") spinner.fail(summary);
    else spinner.stop();
  }

  startDownload(file: string): void {
    if (this.mode !== "tty") {
      this.note(`Downloading to ${file}…`);
      return;
    }
    this.#bar = new SingleBar(
      {
        stream: this.#stream,
        format: "Downloading |{bar}| {percentage}% {received} of {size}",
        hideCursor: true,
        clearOnComplete: false,
        barsize: 30,
      },
      Presets.shades_classic,
    );
    this.#bar.start(1, 0, { received: kB(0), size: "?" });
  }

  download({ receivedBytes, totalBytes }: DownloadProgress): void {
    const total = totalBytes ?? receivedBytes;
    this.#bar?.setTotal(Math.max(total, 1));
    this.#bar?.update(receivedBytes, {
      received: kB(receivedBytes),
      size: totalBytes === undefined ? "?" : kB(totalBytes),
    });
  }

  endDownload(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }

  /** Stops every animation, e.g. before an error message or on Ctrl-C. */
  stop(): void {
    this.endWait("stopped");
    this.endDownload();
  }

  #waitText(status: string): string {
    return `${status} · ${seconds(Date.now() - this.#waitStarted)} · ${polled(this.#polls)}`;
  }
}
