import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { bundledSpecPath } from "../src/paths.js";

export const AUTH = { authorization: "Bearer test-key" };
export const JSON_AUTH = { ...AUTH, "content-type": "application/json" };
export const MODEL = "kling-video/v1/standard/text-to-video";
export const CREATE = "/v2/video/generations";
export const RETRIEVE = "/v2/video/generations";
export const LEGACY_RETRIEVE = "/v2/generate/video/kling/generation";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

export function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

export function createGeneration(baseUrl: string, body: object, headers: object = {}) {
  return fetch(`${baseUrl}${CREATE}`, {
    method: "POST",
    headers: { ...JSON_AUTH, ...headers },
    body: JSON.stringify(body),
  });
}

export function retrieve(baseUrl: string, path: string, id: string, headers: object = AUTH) {
  return fetch(`${baseUrl}${path}?${new URLSearchParams({ generation_id: id })}`, {
    headers: { ...headers },
  });
}

/** The parsed `sl-violations` header Prism adds to an answer to a request that breaks the spec. */
export function violations(
  response: Response,
): { location: string[]; code: unknown; message: string }[] {
  return JSON.parse(response.headers.get("sl-violations") ?? "[]");
}

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { examples?: Record<string, { value: unknown }> }>;
}

interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: { responses: Record<string, ResponseObject> };
}

interface SpecResponse {
  path: string;
  method: string;
  status: number;
  examples: Record<string, unknown>;
}

/** Every response of every operation in the bundled spec, with its named examples. */
export function specResponses(): SpecResponse[] {
  const spec: Spec = JSON.parse(readFileSync(bundledSpecPath, "utf8"));
  // The bundle only refers to shared responses, as #/components/responses/<name>.
  const resolve = (response: ResponseObject) =>
    response.$ref ? spec.components.responses[response.$ref.split("/").pop() ?? ""] : response;
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, operation]) =>
      Object.entries(operation.responses).map(([status, response]) => ({
        path,
        method,
        status: Number(status),
        examples: Object.fromEntries(
          Object.entries(resolve(response)?.content?.["application/json"]?.examples ?? {}).map(
            ([name, example]) => [name, example.value],
          ),
        ),
      })),
    ),
  );
}

/** Creates a generation and polls it to its final status; returns the final answer's body. */
export async function completedGeneration(
  baseUrl: string,
  headers: object = {},
  prompt = "A red fox in the snow",
): Promise<{ id: string; status: string; video: { url: string } }> {
  const created = await createGeneration(baseUrl, { model: MODEL, prompt }, headers);
  const { id } = await created.json();
  for (let poll = 0; poll < 5; poll++) {
    const body = await (await retrieve(baseUrl, RETRIEVE, id)).json();
    if (body.status === "completed") return body;
  }
  throw new Error(`generation ${id} did not complete in 5 polls`);
}
