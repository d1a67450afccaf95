// The vocabulary every step of the spec pipeline shares: an OpenAPI document as plain JSON, where a
// document comes from, and the one create operation all models share. It imports nothing, so the
// steps (quirks, bundle, specs, diff…) depend on it and never on each other in a circle.

/** An OpenAPI document as plain JSON. Its shape is checked by the linter, not by this type. */
export type OpenApiDocument = Record<string, unknown> & {
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
};

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The path of the create operation, `POST`: every model's, told apart by the body's `model`. */
export const CREATE_PATH = "/v2/video/generations";

/** Where a document comes from. A vendor document wins over ours for the same model or component. */
export type Origin = "vendor" | "authored";

/** Precedence: lower wins. */
export const RANK: Record<Origin, number> = { vendor: 0, authored: 1 };

/** One step of a JSON path: `.name`, or `['odd name']` for a key that is not an identifier. */
export const segment = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `['${key}']`);

/** A local `$ref` (`#/a/b~1c`) followed inside `doc`; undefined when it points nowhere. */
export function resolveLocal(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
}

/** Something the bundle fixed or decided about a document, at a JSON path of it. */
export interface QuirkWarning {
  file: string;
  /** JSON path of the value, e.g. `$.paths['/v2/video/generations'].post…duration.default`. */
  path: string;
  message: string;
}

/** The UTF-8 byte order mark, as text. JSON forbids writing one; a parser may ignore it (RFC 8259). */
export const BOM = "\uFEFF";

export const withoutBom = (text: string) => (text.startsWith(BOM) ? text.slice(BOM.length) : text);

/** Characters a message would print invisibly, as `U+XXXX` so that a maintainer sees them. */
export const showInvisible = (text: string) =>
  text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) =>
    c === "\n" || c === "\t" || c === "\r"
      ? c
      : `U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`,
  );
