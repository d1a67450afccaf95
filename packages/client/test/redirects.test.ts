// Redirects over real loopback HTTP, two servers standing for two origins: a create is never
// re-sent anywhere, a read follows only its own origin, and an answer reached by a redirect must
// be the generation asked for. The same over fetch and node:http.
import { afterEach, describe, expect, it } from "vitest";
import { createVideoClient, RedirectError, UnexpectedResponseError } from "../src/index.js";
import { MAX_REDIRECTS } from "../src/redirect.js";
import { API_KEY, BODY } from "./fake-fetch.js";
import { type Answer, type FaultServer, type Received, startFaultServer } from "./fault-server.js";
import { HTTP_CLIENT_NAMES, HTTP_CLIENTS } from "./http-clients.js";

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(plan: (request: Received) => Answer | undefined) {
  const server = await startFaultServer(plan);
  servers.push(server);
  return server;
}

/** Another origin, answering anything as the API would. */
const elsewhere = () =>
  serve(({ url }) => ({
    body: {
      id: new URL(url, "http://x").searchParams.get("generation_id") ?? "gen-x",
      status: "queued",
    },
  }));

const generationPath = (id: string) => `/v2/video/generations?generation_id=${id}`;

describe.each(HTTP_CLIENT_NAMES)("over %s", (over) => {
  const client = (url: string) =>
    createVideoClient({
      apiKey: API_KEY,
      baseUrl: url,
      maxRetries: 2,
      ...(HTTP_CLIENTS[over] as () => object)(),
    });

  describe("a create is never sent again", () => {
    for (const [status, mayHaveCreatedTask] of [
      [307, false],
      [308, false],
      [301, true],
      [302, true],
      [303, true],
    ] as const) {
      it(`${status} to another origin: not followed, and the error says whether the task may exist`, async () => {
        const other = await elsewhere();
        const api = await serve(() => ({
          status,
          headers: { location: `${other.url}/v2/video/generations?token=secret` },
        }));
        const error = await client(api.url)
          .createGeneration(BODY)
          .catch((e) => e);
        expect(error).toBeInstanceOf(RedirectError);
        expect(error).toMatchObject({
          status,
          mayHaveCreatedTask,
          location: `${other.url}/v2/video/generations`,
        });
        expect(error.message).not.toContain("secret");
        expect(error.message.includes("may have been created")).toBe(mayHaveCreatedTask);
        expect(api.received.map((r) => r.method)).toEqual(["POST"]);
        expect(other.received).toEqual([]);
      });
    }

    it("307 on the same origin: not followed either", async () => {
      const api = await serve(({ index }) =>
        index === 0
          ? { status: 307, headers: { location: "/v2/video/generations/elsewhere" } }
          : { body: { id: "gen-2", status: "queued" } },
      );
      const error = await client(api.url)
        .createGeneration(BODY)
        .catch((e) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(error.mayHaveCreatedTask).toBe(false);
      expect(api.received).toHaveLength(1);
    });
  });

  describe("a read follows its own origin only", () => {
    it("to another origin: not followed, nothing sent there", async () => {
      const other = await elsewhere();
      const api = await serve(() => ({
        status: 302,
        headers: { location: `${other.url}${generationPath("gen-1")}` },
      }));
      const error = await client(api.url)
        .getGeneration("gen-1")
        .catch((e) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toMatchObject({ status: 302, mayHaveCreatedTask: false });
      expect(api.received).toHaveLength(1); // not retried: another attempt gets the same answer
      expect(other.received).toEqual([]);
    });

    it("on its own origin: followed with the key, to the generation asked for", async () => {
      const api = await serve(({ url }) =>
        url.startsWith("/v2/video/generations")
          ? { status: 307, headers: { location: `/moved${generationPath("gen-1")}` } }
          : { body: { id: "gen-1", status: "generating" } },
      );
      await expect(client(api.url).getGeneration("gen-1")).resolves.toEqual({
        id: "gen-1",
        status: "generating",
      });
      expect(api.received.map((r) => [r.url, r.headers.authorization])).toEqual([
        [generationPath("gen-1"), `Bearer ${API_KEY}`],
        [`/moved${generationPath("gen-1")}`, `Bearer ${API_KEY}`],
      ]);
    });

    // With middleware, the SDK's calls go through real Requests and Responses: the same check.
    it.each([
      ["", false],
      [", through middleware", true],
    ])("on its own origin, to another generation: refused%s", async (_, middleware) => {
      const api = await serve(({ url }) => {
        const id = new URL(url, "http://x").searchParams.get("generation_id");
        return id === "gen-1"
          ? { status: 302, headers: { location: generationPath("gen-other") } }
          : { body: { id, status: "completed", video: { url: "https://cdn.test/other.mp4" } } };
      });
      const c = client(api.url);
      if (middleware) c.raw.use({ onRequest: ({ request }) => request });
      const error = await c.getGeneration("gen-1").catch((e) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error.message).toContain("gen-other");
      expect(api.received).toHaveLength(2);
    });

    it(`a loop: at most ${MAX_REDIRECTS} redirects, then an error`, async () => {
      const api = await serve(() => ({
        status: 302,
        headers: { location: generationPath("gen-1") },
      }));
      const error = await client(api.url)
        .getGeneration("gen-1")
        .catch((e) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(api.received).toHaveLength(MAX_REDIRECTS + 1);
    });

    it("without a Location: an error, not the redirect's body", async () => {
      const api = await serve(() => ({ status: 301, body: { id: "gen-1", status: "queued" } }));
      await expect(client(api.url).getGeneration("gen-1")).rejects.toBeInstanceOf(RedirectError);
    });
  });
});
