// Compares two versions of an operation: its parameters, request body and answers, each part with
// the direction it travels in (what the client sends, what it reads).
import {
  type Add,
  type Direction,
  generic,
  isDocs,
  isObject,
  type Json,
  keysOf,
  same,
  show,
} from "./spec-diff-changes.ts";
import { diffSchema } from "./spec-diff-schema.ts";

export function diffOperation(add: Add, where: string, old: Json, next: Json) {
  for (const key of keysOf(old, next)) {
    const [a, b] = [old[key], next[key]];
    if (same(a, b)) continue;
    if (key === "parameters") diffParameters(add, where, a, b);
    else if (key === "requestBody") diffRequestBody(add, where, a, b);
    else if (key === "responses") diffResponses(add, where, a as Json, b as Json);
    else if (key === "operationId") {
      add("breaking", where, `operationId ${show(a)} → ${show(b)} renames its generated type`);
    } else generic(add, where, key, a, b, isDocs(key) || key === "tags");
  }
}

function diffParameters(add: Add, where: string, old: unknown, next: unknown) {
  const byKey = (list: unknown) =>
    new Map(
      (Array.isArray(list) ? list : []).filter(isObject).map((p) => [`${p.in} ${p.name}`, p]),
    );
  const [olds, news] = [byKey(old), byKey(next)];
  for (const [key, param] of olds) {
    const at = `${where} ${key} parameter`;
    const replacement = news.get(key);
    if (!replacement) {
      add("breaking", at, "removed");
      continue;
    }
    for (const field of keysOf(param, replacement)) {
      const [a, b] = [param[field], replacement[field]];
      if (same(a, b)) continue;
      if (field === "schema") diffSchema(add, at, "request", a, b);
      else if (field === "required") {
        add(b ? "breaking" : "non-breaking", at, b ? "now required" : "now optional");
      } else generic(add, at, field, a, b);
    }
  }
  for (const [key, param] of news) {
    if (olds.has(key)) continue;
    if (param.required) add("breaking", `${where} ${key} parameter`, "new required parameter");
    else add("non-breaking", `${where} ${key} parameter`, "new optional parameter");
  }
}

function diffRequestBody(add: Add, where: string, old: unknown, next: unknown) {
  const at = `${where} request body`;
  if (!isObject(next)) return add("breaking", at, "removed");
  if (!isObject(old)) {
    return add(next.required ? "breaking" : "non-breaking", at, "new request body");
  }
  for (const key of keysOf(old, next)) {
    const [a, b] = [old[key], next[key]];
    if (same(a, b)) continue;
    if (key === "content") diffContent(add, at, "request", a as Json, b as Json);
    else if (key === "required") {
      add(b ? "breaking" : "non-breaking", at, b ? "now required" : "now optional");
    } else generic(add, at, key, a, b);
  }
}

function diffResponses(add: Add, where: string, old: Json = {}, next: Json = {}) {
  for (const status of keysOf(old, next)) {
    const [a, b] = [old[status], next[status]];
    const at = `${where} ${status} response`;
    if (same(a, b)) continue;
    // Code that reads a status the spec no longer documents stops compiling against the types.
    if (!isObject(b)) add("breaking", at, "removed");
    else if (!isObject(a)) add("non-breaking", at, "new response");
    else {
      for (const key of keysOf(a, b)) {
        if (same(a[key], b[key])) continue;
        if (key === "content") diffContent(add, at, "response", a[key] as Json, b[key] as Json);
        else generic(add, at, key, a[key], b[key]);
      }
    }
  }
}

function diffContent(
  add: Add,
  where: string,
  direction: Direction,
  old: Json = {},
  next: Json = {},
) {
  for (const type of keysOf(old, next)) {
    const [a, b] = [old[type], next[type]];
    const at = `${where} (${type})`;
    if (same(a, b)) continue;
    if (!isObject(b)) add("breaking", at, "media type removed");
    else if (!isObject(a)) add("non-breaking", at, "new media type");
    else {
      for (const key of keysOf(a, b)) {
        if (same(a[key], b[key])) continue;
        if (key === "schema") diffSchema(add, at, direction, a[key], b[key]);
        else generic(add, at, key, a[key], b[key]);
      }
    }
  }
}
