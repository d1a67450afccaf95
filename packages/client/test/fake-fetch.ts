// A scripted `fetch` for unit tests: each call takes the next step and is recorded.
export type Step = Response | Error | ((request: Request) => Response | Promise<Response>);

export interface Recorded {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

export function fakeFetch(...steps: Step[]) {
  const calls: Recorded[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    calls.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.clone().text(),
    });
    const step = steps[Math.min(calls.length, steps.length) - 1];
    if (step === undefined) throw new Error("fakeFetch: no steps");
    if (step instanceof Error) throw step;
    return typeof step === "function" ? step(request) : step.clone();
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

/** What Node's fetch throws for a socket error: `TypeError('fetch failed', { cause: { code } })`. */
export const networkError = (code: string) =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });

/** A fetch that only settles when its request is aborted, like a server that never answers. */
export const hang = (request: Request) =>
  new Promise<Response>((_, reject) =>
    request.signal.addEventListener("abort", () => reject(request.signal.reason)),
  );

export const generation = (status: string, extra: Record<string, unknown> = {}) => ({
  id: "gen-1",
  status,
  video: null,
  error: null,
  meta: null,
  ...extra,
});

export const completed = () =>
  generation("completed", { video: { url: "https://cdn.example.test/v.mp4" } });

export const API_KEY = "sk-test-0123456789abcdef";
export const BODY = { model: "kling-video/v1/standard/text-to-video", prompt: "A fox" } as const;
