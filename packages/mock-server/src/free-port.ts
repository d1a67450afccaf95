import { createServer } from "node:net";

/**
 * A port that was free a moment ago. Prism cannot listen on port 0, so we ask the OS for one and
 * release it; another process may take it before Prism binds, which the caller handles by retrying.
 */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error(`Could not get a free port on ${host}`));
      });
    });
  });
}
