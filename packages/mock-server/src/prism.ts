import { stat } from "node:fs/promises";
import { Writable } from "node:stream";
import type { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { deferFaker } from "./defer-faker.js";
import { type Router, splitByModel } from "./model-routes.js";
import { MockStartError } from "./start-error.js";

/** An operation as Prism parsed it. Prism's types stay in this module (see SpecOperation). */
type Operation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];

export interface PrismServer {
  /** Where Prism listens, always on 127.0.0.1. */
  url: string;
  /** The path to send a request to, for operations split by model (see splitByModel). */
  route: Router;
  close(): Promise<void>;
}

// Prism's libraries take a good half second to load: only when a mock starts, once per process.
const libraries = () => {
  deferFaker();
  return Promise.all([
    import("@stoplight/prism-core"),
    import("@stoplight/prism-http"),
    import("@stoplight/prism-http-server"),
  ]);
};

/** A spec as Prism parsed it, with the operations split by model added (see splitByModel). */
export type Operations = { operations: Operation[]; route: Router };

// One parse per spec file and version, shared by every mock of the process: Prism also keeps its
// compiled validators per schema object, so later mocks answer their first request at full speed.
const operationsCache = new Map<string, Promise<Operations>>();

/** Parses the spec with Prism's own parser, once per version of the file. */
export async function operationsOf(specPath: string): Promise<Operations> {
  const { mtimeMs, size } = await stat(specPath).catch((error: NodeJS.ErrnoException) => {
    throw new MockStartError(`Cannot read the spec ${specPath}: ${error.message}`, error.code);
  });
  const key = `${specPath}\n${mtimeMs}\n${size}`;
  let operations = operationsCache.get(key);
  if (!operations) {
    operations = libraries().then(async ([, http]) => {
      const found = await http.getHttpOperationsFromSpec(specPath);
      if (found.length === 0) throw new Error("it holds no operation");
      dedupeEnums(found, new WeakSet());
      return splitByModel(found);
    });
    operationsCache.set(key, operations);
    operations.catch(() => operationsCache.delete(key));
  }
  return operations.catch((error: unknown) => {
    if (error instanceof MockStartError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MockStartError(`Cannot serve the spec ${specPath}: ${reason}`);
  });
}

/**
 * Removes repeated `enum` values. Prism turns `nullable: true` with `enum: [null]` (a vendor's way
 * to say "null only") into `enum: [null, null]`, which Ajv refuses to compile; Prism then skips
 * checking that body altogether, silently.
 */
function dedupeEnums(node: unknown, seen: WeakSet<object>): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  const schema = node as { enum?: unknown };
  if (Array.isArray(schema.enum)) {
    const unique = new Map(schema.enum.map((value) => [JSON.stringify(value), value]));
    if (unique.size < schema.enum.length) schema.enum = [...unique.values()];
  }
  for (const child of Object.values(node)) dedupeEnums(child, seen);
}

/**
 * Prism's HTTP server, in this process, serving the spec's operations (see operationsOf) on a free
 * loopback port with the checks of `prism mock --errors`: every request is validated (bearer key
 * included) and a response that breaks the spec becomes a 500.
 */
export async function listenPrism(
  { operations, route }: Operations,
  onLog: ((line: string) => void) | undefined,
): Promise<PrismServer> {
  const [core, , httpServer] = await libraries();
  const logger = core.createLogger(
    "PRISM",
    { level: onLog ? "info" : "silent" },
    onLog && logLines(onLog),
  );
  const server = httpServer.createServer(operations, {
    cors: true,
    config: {
      isProxy: false,
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: true,
      upstreamProxy: undefined,
      mock: { dynamic: false },
    },
    components: { logger: logger.child({ name: "HTTP SERVER" }) },
  });
  const address = await server.listen(0, "127.0.0.1");
  return { url: address.replace(/\/$/, ""), route, close: () => server.close() };
}

// Prism adds a "success" level (32) for the steps of a request that went well.
const LEVELS: Record<number, string> = {
  30: "info",
  32: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

/** Turns Prism's JSON log (pino) into one readable line per entry. */
function logLines(onLog: (line: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString("utf8").split("\n")) {
        if (!text) continue;
        try {
          const entry = JSON.parse(text) as {
            level: number;
            name?: string;
            msg?: string;
            input?: { method: string; url: { path: string } };
          };
          const request = entry.input
            ? ` ${entry.input.method.toUpperCase()} ${entry.input.url.path}`
            : "";
          onLog(
            `${LEVELS[entry.level] ?? entry.level} [${entry.name ?? "PRISM"}]${request} ${entry.msg ?? ""}`,
          );
        } catch {
          onLog(text);
        }
      }
      done();
    },
  });
}
