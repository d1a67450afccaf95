// A loopback HTTP server written on raw sockets, so a test can make it misbehave at any byte:
// stall before or inside the headers or the body, reset the connection at byte n, send a body
// that never ends, echo the caller's key in the reason phrase, a header or an escaped body.
import { createServer, type Socket } from "node:net";

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** 0 for the first request the server took. */
  index: number;
}

export interface Answer {
  status?: number;
  /** The reason phrase; default "OK" or "Error". */
  reason?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before sending anything. */
  delayMs?: number;
  /** Send only this many bytes of the raw answer (status line included), then apply `after`. */
  cutAt?: number;
  /** After the cut (or the whole answer): keep the socket open and silent, reset it, or close it. */
  after?: "stall" | "reset" | "close";
  /** Stream a chunked body without end, as fast as the client takes it. */
  endless?: boolean;
  /** Stream a chunked body without end, one byte every 50 ms. */
  drip?: boolean;
}

export interface FaultServer {
  url: string;
  received: Received[];
  /**
   * POSTs the server took whole and answered with anything but a refusal (429 or 4xx) or a 307
   * or 308 (the same request, elsewhere): those it did not act on.
   */
  creates(): number;
  /** Connections still open: a client that gave up must have closed its own. */
  openSockets(): number;
  close(): Promise<void>;
}

export async function startFaultServer(
  plan: (request: Received) => Answer | undefined,
): Promise<FaultServer> {
  const received: Received[] = [];
  const answered = new Map<Received, number>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const request = takeRequest(buffer, received.length);
      if (!request) return;
      buffer = Buffer.alloc(0);
      received.push(request);
      const answer = plan(request) ?? { after: "stall" };
      answered.set(request, answer.status ?? 200);
      const send = () => write(socket, answer);
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    creates: () =>
      received.filter((r) => {
        const status = answered.get(r) ?? 200;
        const refused = (status >= 400 && status < 500) || status === 307 || status === 308;
        return r.method === "POST" && !refused;
      }).length,
    openSockets: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function takeRequest(buffer: Buffer, index: number): Received | undefined {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [line = "", ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const header of lines) {
    const colon = header.indexOf(":");
    headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  if (buffer.length < end + 4 + length) return undefined;
  const [method = "", url = ""] = line.split(" ");
  const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
  return { method, url, headers, body, index };
}

function write(socket: Socket, answer: Answer): void {
  if (socket.destroyed) return;
  const status = answer.status ?? 200;
  const body =
    answer.body === undefined
      ? ""
      : typeof answer.body === "string"
        ? answer.body
        : JSON.stringify(answer.body);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    connection: "close",
    ...(answer.endless || answer.drip
      ? { "transfer-encoding": "chunked" }
      : { "content-length": String(Buffer.byteLength(body)) }),
    ...answer.headers,
  };
  const head = `HTTP/1.1 ${status} ${answer.reason ?? (status < 400 ? "OK" : "Error")}\r\n${Object.entries(
    headers,
  )
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;
  const raw = Buffer.concat([
    Buffer.from(head, "latin1"),
    Buffer.from(answer.endless || answer.drip ? "" : body),
  ]);
  if (answer.drip) {
    socket.write(raw);
    const timer = setInterval(() => socket.write("1\r\n \r\n"), 50);
    socket.on("close", () => clearInterval(timer));
    return;
  }
  if (answer.endless) {
    socket.write(raw);
    const chunk = Buffer.from(`4000\r\n${"x".repeat(0x4000)}\r\n`);
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk)) {}
    };
    socket.on("drain", pump);
    pump();
    return;
  }
  const cut = answer.cutAt ?? raw.length;
  socket.write(raw.subarray(0, cut));
  const after = answer.after ?? (cut < raw.length ? "stall" : "close");
  if (after === "reset") socket.resetAndDestroy();
  else if (after === "close") socket.end();
}

/** The raw answer's length, to walk a cut over every byte of it. */
export function answerLength(answer: Answer): number {
  let length = 0;
  const fake = {
    destroyed: false,
    write: (b: Buffer) => {
      length = b.length;
      return true;
    },
    end: () => {},
    resetAndDestroy: () => {},
    on: () => {},
  } as unknown as Socket;
  write(fake, { ...answer, cutAt: undefined, after: "close" });
  return length;
}
