import type { Generation, GenerationStatus, LegacyGeneration } from "@aimlapi-video/types";
import type { GenerationCost } from "./cost.js";
import { UnexpectedResponseError } from "./errors.js";
import type { Redactor } from "./redact.js";

/** JSON.parse that answers undefined instead of throwing: proxies answer HTML or nothing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A generation from either retrieve path. */
export type AnyGeneration = Generation | LegacyGeneration;

/** A generation that finished with a video (and, when its answer said, what it cost). */
export type CompletedGeneration<G extends AnyGeneration = Generation> = G & {
  status: "completed";
  video: NonNullable<G["video"]>;
  cost?: GenerationCost;
};

const KNOWN: ReadonlySet<string> = new Set<GenerationStatus>([
  "queued",
  "generating",
  "completed",
  "error",
]);

const hasVideo = (g: AnyGeneration) => typeof g.video?.url === "string" && g.video.url !== "";
const hasError = (g: AnyGeneration) => g.error !== null && g.error !== undefined && g.error !== "";

/**
 * `completed` and `error` are final. A status the spec does not list (the vendor's examples show
 * `succeeded`) is final only when it carries a video (a success) or an error (a failure);
 * otherwise it keeps us polling, so a new in-progress status never ends a wait.
 */
export const isFinal = (g: AnyGeneration) =>
  g.status === "completed" ||
  g.status === "error" ||
  (!KNOWN.has(g.status) && (hasVideo(g) || hasError(g)));

/** Finished with a video: `completed`, or an unlisted status that carries one. */
export const isSuccess = (g: AnyGeneration) =>
  hasVideo(g) && (g.status === "completed" || !KNOWN.has(g.status));

/** The generation as a CompletedGeneration: an unlisted success status reads `completed`. */
export const asCompleted = <G extends AnyGeneration>(g: G): CompletedGeneration<G> =>
  (g.status === "completed" ? g : { ...g, status: "completed" }) as CompletedGeneration<G>;

/** The failure's name and message in either documented shape (object, or a bare string on the legacy path). */
export function failureOf(generation: AnyGeneration): { name?: string; message: string } {
  const { error } = generation;
  if (typeof error === "string" && error) return { message: error };
  if (error && typeof error === "object") {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return {
      ...(typeof name === "string" ? { name } : {}),
      message: typeof message === "string" && message ? message : "no reason given",
    };
  }
  return { message: "no reason given" };
}

/** The generation in an answer, or undefined when it is not one: only the fields the client relies on are checked. */
export function asGeneration<G extends { id: string; status: string }>(
  text: string,
): G | undefined {
  const json = parseJson(text) as Partial<G> | undefined;
  const valid = typeof json?.id === "string" && json.id !== "" && typeof json.status === "string";
  return valid ? (json as G) : undefined;
}

/** The error of an answer that is not a generation, quoting its start without the key. */
export function notAGeneration(
  text: string,
  status: number,
  mayHaveCreatedTask: boolean,
  redact: Redactor,
): UnexpectedResponseError {
  return new UnexpectedResponseError(
    `Expected a generation ({ id, status } with a non-empty id) in the ${status} answer, received ${
      text.trim() ? `"${redact.clip(text.replace(/\s+/g, " "), 120)}"` : "an empty body"
    }.`,
    { status, mayHaveCreatedTask },
  );
}
