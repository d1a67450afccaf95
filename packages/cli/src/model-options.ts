// A model's parameters as command-line options: one `--kebab-case` option per body field, its
// help text and parsing taken from the catalog. The validator then checks the body as a whole.

import { formatBytes } from "@aimlapi-video/client/media";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { MediaFacts, ModelInfo, ParameterInfo, ParameterSchema } from "./catalog.js";

export const flagOf = (name: string) => `--${name.replaceAll("_", "-")}`;
const attributeOf = (name: string) =>
  name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Adds one option per parameter of `model` to `command`. */
export function addModelOptions(command: Command, model: ModelInfo): void {
  for (const parameter of model.parameters) {
    const allowed = parameter.enum;
    const choices = allowed !== undefined && allowed.length <= 12;
    // Commander lists the choices itself.
    const option = new Option(
      `${flagOf(parameter.name)} ${placeholderOf(parameter)}`,
      describeParameter(parameter, !choices),
    );
    option.argParser((value: string, previous: unknown) => {
      const parsed = parseValue(parameter, value, flagOf(parameter.name));
      return parameter.type === "array" && !looksLikeJson(value)
        ? [...((previous as unknown[] | undefined) ?? []), parsed]
        : parsed;
    });
    if (choices) option.choices(allowed.map(String));
    command.addOption(option);
  }
}

/** The create body from the parsed options: only the fields the user gave. */
export function bodyFromOptions(
  model: ModelInfo,
  options: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = { model: model.id };
  for (const { name, enum: allowed } of model.parameters) {
    let value = options[attributeOf(name)];
    if (value === undefined) continue;
    // Choices arrive as strings; the body wants the enum's own value (5, not "5").
    if (allowed && typeof value === "string")
      value = allowed.find((v) => String(v) === value) ?? value;
    body[name] = value;
  }
  return body;
}

function placeholderOf(parameter: ParameterInfo): string {
  switch (parameter.type) {
    case "integer":
    case "number":
      return "<number>";
    case "boolean":
      return "[true|false]";
    case "object":
      return "<json>";
    case "array":
      return "<value...>";
    default:
      if (parameter.media?.dataUri) return "<url|file>";
      return parameter.format === "uri" ? "<url>" : "<text>";
  }
}

/** One line of help: the description, then what is allowed and the default. */
export function describeParameter(parameter: ParameterInfo, withEnum = true): string {
  const parts = [parameter.description?.replace(/\s+/g, " ").trim() ?? ""];
  const allowed = withEnum || !parameter.enum ? describeSchema(parameter) : "";
  if (allowed) parts.push(`(${allowed})`);
  if (parameter.default !== undefined)
    parts.push(`[default: ${JSON.stringify(parameter.default)}]`);
  if (parameter.required) parts.push("(required)");
  return parts.filter(Boolean).join(" ");
}

/** What a value must be, in a few words: `one of 5 | 10`, `number 0..1`, `JSON object`. */
export function describeSchema(schema: ParameterSchema): string {
  if (schema.enum) return `one of ${schema.enum.map((v) => String(v)).join(" | ")}`;
  if (schema.anyOf) return schema.anyOf.map(describeSchema).filter(Boolean).join(" or ");
  const bounds =
    schema.minimum !== undefined || schema.maximum !== undefined
      ? ` ${schema.minimum ?? "…"}..${schema.maximum ?? "…"}`
      : "";
  switch (schema.type) {
    case "integer":
      return `whole number${bounds}`;
    case "number":
      return `number${bounds}`;
    case "boolean":
      return "true or false";
    case "object":
      return `JSON object${schema.properties ? ` with ${schema.properties.map((p) => p.name).join(", ")}` : ""}`;
    case "array": {
      const item = schema.media
        ? describeMedia(schema.media, "s")
        : schema.items
          ? describeSchema(schema.items)
          : "";
      const most = schema.maxItems === undefined ? "" : `, at most ${schema.maxItems}`;
      return `list${item ? ` of ${item}` : ""}${most}; repeat the option or pass a JSON array`;
    }
    case "string":
      if (schema.media) return describeMedia(schema.media);
      return schema.format === "uri" ? "URL" : "";
    default:
      return "";
  }
}

/**
 * A media field: whether it takes a local file (sent inline as a data URI), and the limits the
 * vendor states: `URL or local file: image/jpeg or image/png, at most 20 MB, shortest side at least 300 px`.
 */
export function describeMedia(media: MediaFacts, plural = ""): string {
  const limits = [
    media.formats?.join(" or ") ?? `${media.medium}${plural}`,
    media.maxBytes === undefined ? "" : `at most ${formatBytes(media.maxBytes)}`,
    media.minSidePx === undefined ? "" : `shortest side at least ${media.minSidePx} px`,
    media.maxSeconds === undefined ? "" : `at most ${media.maxSeconds} s`,
  ].filter(Boolean);
  const takes = media.dataUri
    ? `URL${plural} or local file${plural}`
    : `URL${plural} only${media.urlOnly ? " (public)" : ""}, no local file${plural}`;
  return `${takes}: ${limits.join(", ")}`;
}

const looksLikeJson = (value: string) => /^\s*[[{]/.test(value);

/** Parses one option value by the parameter's type; anything odd is left to the validator. */
function parseValue(schema: ParameterSchema, value: string, flag: string): unknown {
  // A union (say string or number) takes the first member the text can be.
  if (!schema.type && schema.anyOf) {
    for (const member of schema.anyOf) {
      try {
        return parseValue(member, value, flag);
      } catch {
        // Not this member: try the next one.
      }
    }
  }
  const type = schema.type;
  if (type === "integer" || type === "number") {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number)) {
      throw new InvalidArgumentError(`${flag} expects a number, received "${value}".`);
    }
    return number;
  }
  if (type === "null") {
    if (value === "null") return null;
    throw new InvalidArgumentError(`${flag} expects null, received "${value}".`);
  }
  if (type === "boolean") {
    if (value === "true") return true;
    if (value === "false") return false;
    throw new InvalidArgumentError(`${flag} expects true or false, received "${value}".`);
  }
  if (
    type === "object" ||
    (type === "array" && looksLikeJson(value)) ||
    (!type && looksLikeJson(value))
  ) {
    try {
      return JSON.parse(value);
    } catch {
      throw new InvalidArgumentError(`${flag} expects JSON, received ${value.slice(0, 60)}.`);
    }
  }
  if (type === "array" && schema.items) return parseValue(schema.items, value, flag);
  return value;
}
