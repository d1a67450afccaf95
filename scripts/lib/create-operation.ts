// The bundle's one create operation, merged model by model from every document the bundle takes a
// model from. What belongs to one model stays with it: its body (a component of the `oneOf`), its
// code samples (labelled with the model) and its answer's examples (named after the model). The
// answers are compared across every document and merged so that each model's documented answer
// fits (a field one of them lacks is optional); answers that cannot be read alike are refused. The
// rest (operation id, parameters…) must agree, as any operation defined twice must.
import {
  CREATE_PATH,
  isObject,
  type Json,
  type Origin,
  type QuirkWarning,
  RANK,
} from "./openapi.ts";
import { BundleConflictError, firstDifference } from "./precedence.ts";

/** A document's create operation, as the quirk pass left it. */
export interface CreateDocument {
  file: string;
  origin: Origin;
  op: Json;
  /** The models the bundle takes from this document (none when another document shadows them). */
  models: string[];
}

/** Documentation, compared by nothing: a value that differs between documents is per model. */
const DOCS = new Set(["description", "summary", "title", "example", "examples", "externalDocs"]);
const isDocs = (key: string) => DOCS.has(key) || key.startsWith("x-");
/** Keys whose values are maps of names (a property called `description` is no description). */
const NAMES = new Set([
  "properties",
  "patternProperties",
  "headers",
  "content",
  "responses",
  "mapping",
  "links",
  "callbacks",
  "encoding",
  "variables",
]);

/** The value with its documentation left out: what a client's code depends on. */
export function withoutDocs(value: unknown, names = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutDocs(item));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => names || !isDocs(key))
      .map(([key, item]) => [key, withoutDocs(item, !names && NAMES.has(key))]),
  );
}

const AT = `$.paths['${CREATE_PATH}'].post`;

/**
 * The create operation of the bundle: its body a `oneOf` of the models' components; its answers
 * merged across the documents; its other parts taken from the documents of the highest precedence,
 * which must agree (a BundleConflictError names two that do not), with one warning for ours when a
 * vendor file's differ; a documentation field kept only when every document gives the same; code
 * samples and answer examples per model.
 */
export function createOperation(
  documents: CreateDocument[],
  models: { id: string; component: string }[],
  warnings: QuirkWarning[],
): Json {
  // A document whose models all come from another (ours, shadowed by a vendor file) has no say.
  const contributors = documents.filter((d) => d.models.length);
  const [first] = contributors;
  if (!first) return {};
  const op: Json = {};
  const keys = [...new Set(contributors.flatMap((d) => Object.keys(d.op)))];
  for (const key of keys) {
    if (key === "requestBody") op[key] = requestBody(first.op.requestBody, models);
    else if (key === "x-codeSamples") {
      const samples = codeSamples(contributors);
      if (samples.length) op[key] = samples;
    } else if (key === "responses") op[key] = responses(contributors, warnings);
    else if (isDocs(key)) {
      const values = contributors.map((d) => d.op[key]);
      if (values.every((v) => firstDifference(v, values[0]) === undefined)) op[key] = values[0];
    } else {
      const value = shared(contributors, key, `${AT}.${key}`, (op) => op[key], warnings);
      if (value !== undefined) op[key] = value;
    }
  }
  return op;
}

function requestBody(body: unknown, models: { id: string; component: string }[]): Json {
  const mapping = Object.fromEntries(
    models.map((m) => [m.id, `#/components/schemas/${m.component}`]),
  );
  return {
    ...(isObject(body) ? body : {}),
    required: true,
    content: {
      "application/json": {
        schema: {
          oneOf: models.map((m) => ({ $ref: mapping[m.id] })),
          discriminator: { propertyName: "model", mapping },
        },
      },
    },
  };
}

/**
 * What every document must give alike: the value of the first document of the highest
 * precedence. Two of that precedence that differ (documentation aside) are a conflict; one of
 * lower precedence that differs is shadowed, said once for all of them.
 */
function shared(
  documents: CreateDocument[],
  what: string,
  path: string,
  pick: (op: Json) => unknown,
  warnings: QuirkWarning[],
): unknown {
  const best = Math.min(...documents.map((d) => RANK[d.origin]));
  const winner = documents.find((d) => RANK[d.origin] === best) as CreateDocument;
  const expected = withoutDocs(pick(winner.op));
  const differing: { file: string; at: string }[] = [];
  for (const doc of documents) {
    const at = firstDifference(expected, withoutDocs(pick(doc.op)), path);
    if (!at) continue;
    if (RANK[doc.origin] === best) {
      throw new BundleConflictError(
        `the create operation's ${what} is defined differently by ${winner.file} and ${doc.file} (first difference at ${at}): every model shares it; make them agree or take one of them only`,
      );
    }
    differing.push({ file: doc.file, at });
  }
  const [one, ...more] = differing;
  if (one) {
    warnings.push({
      file: one.file,
      path,
      message: `shadowed by ${winner.file}, whose create operation's ${what} differs (first at ${one.at})${more.length ? `; so does that of ${more.length} more of ours` : ""}`,
    });
  }
  return pick(winner.op);
}

/**
 * The answers of every document, merged so that each model's fits, with the examples of each
 * model's answer named after it. A document whose answers differ from the others' is said once.
 */
function responses(documents: CreateDocument[], warnings: QuirkWarning[]): Json {
  const [first, ...others] = documents as [CreateDocument, ...CreateDocument[]];
  const answers = (doc: CreateDocument) => (isObject(doc.op.responses) ? doc.op.responses : {});
  let merged: Json = answers(first);
  for (const doc of others) {
    const path = `${AT}.responses`;
    const at = firstDifference(withoutDocs(merged, true), withoutDocs(answers(doc), true), path);
    if (!at) continue;
    merged = widen(merged, answers(doc), path, { first: first.file, file: doc.file }, true) as Json;
    warnings.push({
      file: "(bundle)",
      path,
      message: `the create operation's answers of ${doc.file} differ from those of ${first.file} (first at ${at}): merged, so that every model's answer fits`,
    });
  }
  const pick = (status: string) => (op: Json) =>
    isObject(op.responses) ? op.responses[status] : undefined;
  return Object.fromEntries(
    Object.entries(merged).map(([status, response]) => [
      status,
      withModelExamples(response, documents, pick(status)),
    ]),
  );
}

/** Validation keywords: absent from one answer, the merged one has none (it accepts both). */
const BOUNDS = new Set([
  "format",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "multipleOf",
  "uniqueItems",
]);

/**
 * Two answers (or parts of them) as one that both fit: every field of either, required only when
 * both require it; enums joined; `nullable` when either is. What cannot be read alike (another
 * type, other variants, other bounds) is a conflict naming both documents.
 */
function widen(
  a: unknown,
  b: unknown,
  path: string,
  files: { first: string; file: string },
  names = false,
): unknown {
  if (firstDifference(withoutDocs(a, names), withoutDocs(b, names)) === undefined) return a;
  if (names && isObject(a) && isObject(b)) {
    const merged: Json = { ...a };
    for (const [name, value] of Object.entries(b)) {
      merged[name] = name in a ? widen(a[name], value, `${path}.${name}`, files) : value;
    }
    return merged;
  }
  if (!isObject(a) || !isObject(b)) {
    throw new BundleConflictError(
      `the create operation's answers are documented differently by ${files.first} and ${files.file} at ${path} (${JSON.stringify(a)} and ${JSON.stringify(b)}), and no answer fits both: make them agree or take one of them only`,
    );
  }
  const merged: Json = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [a[key], b[key]];
    const at = `${path}.${key}`;
    if (isDocs(key)) merged[key] = x ?? y;
    else if (NAMES.has(key)) merged[key] = widen(x ?? {}, y ?? {}, at, files, true);
    else if (key === "required" && Array.isArray(x) && Array.isArray(y)) {
      const both = x.filter((name) => y.includes(name));
      if (both.length) merged[key] = both;
    } else if (key === "required") {
      if (x === true && y === true) merged[key] = true;
    } else if (key === "enum") {
      if (Array.isArray(x) && Array.isArray(y)) {
        merged[key] = [
          ...x,
          ...y.filter((v) => !x.some((w) => firstDifference(v, w) === undefined)),
        ];
      }
    } else if (key === "nullable") {
      if (x === true || y === true) merged[key] = true;
    } else if (BOUNDS.has(key) && (x === undefined || y === undefined)) {
      // absent from one: no bound
    } else if (key === "items" || key === "additionalProperties") {
      if (isObject(x) && isObject(y)) merged[key] = widen(x, y, at, files);
      else if (firstDifference(x, y) === undefined) merged[key] = x;
      else if (key === "additionalProperties") merged[key] = x === false ? y : x;
      else merged[key] = widen(x, y, at, files);
    } else if (firstDifference(withoutDocs(x), withoutDocs(y)) === undefined) merged[key] = x;
    else merged[key] = widen(x, y, at, files);
  }
  return merged;
}

/**
 * The answer with its media types' examples replaced by those of every model, each named after
 * the model (`<model>`, or `<model> <name>` for a named one): a model's example shows that model.
 */
function withModelExamples(
  response: unknown,
  documents: CreateDocument[],
  pick: (op: Json) => unknown,
): unknown {
  if (!isObject(response) || !isObject(response.content)) return response;
  const content: Json = {};
  for (const [type, media] of Object.entries(response.content)) {
    if (!isObject(media)) {
      content[type] = media;
      continue;
    }
    const { example: _, examples: __, ...rest } = media;
    const examples: Json = {};
    for (const doc of documents) {
      const theirs = pick(doc.op);
      const own = isObject(theirs) && isObject(theirs.content) ? theirs.content[type] : undefined;
      if (!isObject(own)) continue;
      const label = doc.models.join(", ");
      if ("example" in own) examples[label] = { summary: label, value: own.example };
      for (const [name, example] of Object.entries(isObject(own.examples) ? own.examples : {})) {
        examples[`${label} ${name}`] = example;
      }
    }
    content[type] = Object.keys(examples).length ? { ...rest, examples } : rest;
  }
  return { ...response, content };
}

/** Every model's code samples, each labelled with the models it shows. */
function codeSamples(documents: CreateDocument[]): unknown[] {
  return documents.flatMap((doc) => {
    const samples = doc.op["x-codeSamples"];
    if (!Array.isArray(samples)) return [];
    const models = doc.models.join(", ");
    return samples.map((sample) =>
      isObject(sample)
        ? { ...sample, label: `${String(sample.label ?? sample.lang ?? "Sample")} (${models})` }
        : sample,
    );
  });
}
