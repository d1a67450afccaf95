// A file host on loopback that misbehaves on demand, for the download tests. Each path is one
// behaviour; every request's path and headers are recorded so that tests can see what was sent.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A small file that passes the MP4 check: an `ftyp` box, then filler. */
export function fakeMp4(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d].slice(0, size));
  for (let i = 12; i < size; i++) bytes[i] = (i * 31) & 0xff;
  return bytes;
}

export interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FaultServer {
  url: string;
  video: Uint8Array;
  seen: SeenRequest[];
  /** What the connections that served `path` carried, as the server saw it, and how many are open. */
  traffic(path: string): { bytesSent: number; open: number };
  close(): Promise<void>;
}

const ETAG = '"v1"';

/**
 * Paths (the query is ignored, as a signed URL's would be by the test):
 * - `/ok.mp4`: the video, honouring `Range`.
 * - `/drop-once.mp4`: the first request drops the connection halfway; later ones are `/ok.mp4`.
 * - `/stall-once.mp4`: the first request sends half, then nothing; later ones are `/ok.mp4`.
 * - `/drop-always.mp4`: every request drops after a few bytes.
 * - `/no-range.mp4`: drops halfway the first time, ignores `Range` (answers 200 with all of it).
 * - `/bad-range.mp4`: drops halfway the first time, then answers a resume with the wrong range.
 * - `/grows.mp4`: drops halfway the first time, then declares a different total.
 * - `/too-long.mp4`: declares fewer bytes in Content-Range than it sends.
 * - `/stall-forever.mp4`: headers, a few bytes, then nothing ever.
 * - `/endless…`: an MP4's first bytes, then a chunked body that never ends, as fast as read.
 * - `/huge…`: the same, declaring 10 GiB. (Name each test's own path, to see its own traffic.)
 * - `/page.html`: an HTML page with status 200.
 * - `/expired.mp4` → 403, `/gone.mp4` → 410, `/missing.mp4` → 404, `/busy.mp4` → 503 (always).
 * - `/v2/video/generations?generation_id=…`: the API's retrieve call, answering a completed
 *   generation whose `video.url` is `/<id>` on this server.
 */
export async function startFaultServer(video = fakeMp4(256 * 1024)): Promise<FaultServer> {
  const seen: SeenRequest[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const half = Math.floor(video.byteLength / 2);
  const served = new Map<string, Set<Socket>>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    seen.push({ path, headers: req.headers });
    if (!served.has(path)) served.set(path, new Set());
    served.get(path)?.add(req.socket);
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;

    if (path.startsWith("/endless")) return endless(res);
    if (path.startsWith("/huge")) return endless(res, { "content-length": String(10 * 2 ** 30) });
    switch (path) {
      case "/v2/video/generations": {
        const id = url.searchParams.get("generation_id") ?? "";
        res.setHeader("content-type", "application/json");
        return res.end(
          JSON.stringify({
            id,
            status: "completed",
            video: { url: `http://${req.headers.host}/${id}?Expires=1&Signature=fresh${count}` },
          }),
        );
      }
      case "/ok.mp4":
        return serve(res, start);
      case "/drop-once.mp4":
        return count === 1 ? dropAfter(res, half) : serve(res, start);
      case "/stall-once.mp4":
        return count === 1 ? stallAfter(res, half) : serve(res, start);
      case "/drop-always.mp4":
        return dropAfter(res, 16, start);
      case "/no-range.mp4":
        return count === 1 ? dropAfter(res, half) : serve(res, 0, false);
      case "/bad-range.mp4":
        if (count === 1) return dropAfter(res, half);
        return send(res, 206, video.subarray(start + 10), {
          "content-range": `bytes ${start + 10}-${video.byteLength - 1}/${video.byteLength}`,
        });
      case "/grows.mp4":
        if (count === 1) return dropAfter(res, half);
        return send(res, 206, video.subarray(start), {
          "content-range": `bytes ${start}-${video.byteLength - 1}/${video.byteLength + 5}`,
        });
      case "/too-long.mp4":
        return send(res, 206, video, {
          "content-range": `bytes 0-99/100`,
        });
      case "/stall-forever.mp4":
        return stallAfter(res, 16);
      case "/page.html":
        return send(res, 200, new TextEncoder().encode("<!doctype html><p>Sign in</p>"), {
          "content-type": "text/html",
        });
      case "/expired.mp4":
        return send(res, 403, new TextEncoder().encode("<Error>AccessDenied</Error>"));
      case "/gone.mp4":
        return send(res, 410, new Uint8Array(0));
      case "/missing.mp4":
        return send(res, 404, new Uint8Array(0));
      case "/busy.mp4":
        return send(res, 503, new Uint8Array(0));
      default:
        return send(res, 404, new Uint8Array(0));
    }
  });

  function send(
    res: ServerResponse,
    status: number,
    body: Uint8Array,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { "content-length": String(body.byteLength), ...headers });
    res.end(body);
  }

  function serve(res: ServerResponse, start: number, ranges = true) {
    if (!ranges || start === 0) {
      return send(res, 200, video, { etag: ETAG, "content-type": "video/mp4" });
    }
    send(res, 206, video.subarray(start), {
      etag: ETAG,
      "content-type": "video/mp4",
      "content-range": `bytes ${start}-${video.byteLength - 1}/${video.byteLength}`,
    });
  }

  /** Declares the whole file, sends `bytes` of it from `start`, then resets the connection. */
  function dropAfter(res: ServerResponse, bytes: number, start = 0) {
    const rest = video.byteLength - start;
    res.writeHead(start === 0 ? 200 : 206, {
      etag: ETAG,
      "content-length": String(rest),
      ...(start === 0
        ? {}
        : { "content-range": `bytes ${start}-${video.byteLength - 1}/${video.byteLength}` }),
    });
    res.write(video.subarray(start, start + bytes), () => {
      setTimeout(() => res.socket?.destroy(), 20);
    });
  }

  /** Declares the whole file, sends `bytes` of it, then goes silent with the connection open. */
  function stallAfter(res: ServerResponse, bytes: number) {
    res.writeHead(200, { etag: ETAG, "content-length": String(video.byteLength) });
    res.write(video.subarray(0, bytes));
  }

  /** The video's first bytes, then filler for as long as the client takes it. */
  function endless(res: ServerResponse, headers: Record<string, string> = {}) {
    res.writeHead(200, { "content-type": "video/mp4", ...headers });
    res.write(video.subarray(0, 16));
    const filler = Buffer.alloc(64 * 1024, 1);
    const pump = () => {
      while (!res.destroyed && res.write(filler)) {}
    };
    res.on("drain", pump);
    pump();
  }

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    video,
    seen,
    traffic: (path) => {
      const used = [...(served.get(path) ?? [])];
      return {
        bytesSent: used.reduce((sum, socket) => sum + socket.bytesWritten, 0),
        open: used.filter((socket) => sockets.has(socket)).length,
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
