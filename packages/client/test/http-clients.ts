import type { ClientOptions } from "../src/client.js";
import { nodeHttpClient } from "../src/node-http.js";

/**
 * The ways the client can put a request on the wire. The tests on real sockets run over each:
 * the transport's promises (bounds, typed errors, one create) must not depend on which it is.
 */
export const HTTP_CLIENTS: Record<string, () => Pick<ClientOptions, "http">> = {
  fetch: () => ({}),
  "node:http": () => ({ http: nodeHttpClient() }),
};

export const HTTP_CLIENT_NAMES = Object.keys(HTTP_CLIENTS);
