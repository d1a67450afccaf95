import type { Generation, GenerationStatus, LegacyGeneration } from "@aimlapi-video/types";
import { UnexpectedResponseError } from "./errors.js";
import { parseJson } from "./responses.js";

/** A generation from either retrieve path. */
export type AnyGeneration = Generation | LegacyGeneration;

/** A generation that finished with a video. */
export type CompletedGeneration<G extends AnyGeneration = Generation> = G & {
  status: "completed";
  video: NonNullable<G["video"]>;
};

const FINAL: ReadonlySet<string> = new Set<GenerationStatus>(["completed", "error"]);

/** Only `completed` and `error` are final; a status the spec does not list keeps us polling. */
export const isFinal = (generation: AnyGeneration) => FINAL.has(generation.status);

export const isCompleted = <G extends AnyGeneration>(g: G): g is CompletedGeneration<G> =>
  g.status === "completed" && typeof g.video?.url === "string";

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

/** Checks the fields the client relies on; everything else is passed through as the server sent it. */
export function parseGeneration<G extends { id: string; status: string }>(
  text: string,
  status: number,
): G {
  const json = parseJson(text) as Partial<G> | undefined;
  if (typeof json?.id !== "string" || typeof json.status !== "string") {
    throw new UnexpectedResponseError(
      `Expected a generation ({ id, status }) in the ${status} answer, received ${
        text.trim() ? `"${text.replace(/\s+/g, " ").slice(0, 120)}"` : "an empty body"
      }.`,
      { status },
    );
  }
  return json as G;
}
