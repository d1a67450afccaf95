// Writes JSON in the layout of the file it replaces (specs/sources.json is laid out by hand: short
// objects on one line, long ones over several), so that an update changes only the lines it must.

type Layout = {
  /** Written on one line in the original. */
  inline: boolean;
  /** Inline with a space inside its brackets: `{ "a": 1 }`, not `{"a":1}`. */
  padded: boolean;
  /** The layouts of its members: by key for an object, by index for an array. */
  members: Map<string | number, Layout>;
};

/**
 * `value` as JSON laid out like `original`: every object and array that the original has at the
 * same place keeps its one-line or several-line form; a new member of an array is laid out like
 * its neighbours; anything else new is written over several lines, two spaces deep. The indent and
 * the final newline of the original are kept.
 */
export function formatLike(original: string, value: unknown): string {
  let layout: Layout | undefined;
  let end = original.endsWith("\n") ? "\n" : "";
  try {
    layout = new LayoutReader(original).read();
  } catch {
    end = "\n"; // not JSON: nothing to follow
  }
  const unit = original.match(/\n([ \t]+)\S/)?.[1] ?? "  ";
  return `${render(value, layout, "", unit)}${end}`;
}

function render(value: unknown, layout: Layout | undefined, indent: string, unit: string): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const array = Array.isArray(value);
  const entries: [string | number, unknown][] = array
    ? value.map((item, i) => [i, item])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = array ? ["[", "]"] : ["{", "}"];
  if (!entries.length) return `${open}${close}`;
  // A new member of an array is laid out like the last of its neighbours.
  const neighbour = array && layout ? [...layout.members.values()].at(-1) : undefined;
  const memberLayout = (key: string | number) => layout?.members.get(key) ?? neighbour;
  const member = (key: string | number, item: unknown, inner: string) =>
    `${array ? "" : `${JSON.stringify(key)}: `}${render(item, memberLayout(key), inner, unit)}`;
  if (layout?.inline) {
    const pad = layout.padded ? " " : "";
    const items = entries.map(([key, item]) => member(key, item, indent));
    return `${open}${pad}${items.join(", ")}${pad}${close}`;
  }
  const inner = indent + unit;
  const items = entries.map(([key, item]) => `${inner}${member(key, item, inner)}`);
  return `${open}\n${items.join(",\n")}\n${indent}${close}`;
}

/** Reads where each object and array of a JSON text sits: on one line or over several. */
class LayoutReader {
  #at = 0;
  constructor(readonly text: string) {}

  read(): Layout | undefined {
    const layout = this.#value();
    this.#space();
    if (this.#at !== this.text.length) throw new Error("trailing text");
    return layout;
  }

  #space() {
    while (/\s/.test(this.text[this.#at] ?? "")) this.#at++;
  }

  #value(): Layout | undefined {
    this.#space();
    const c = this.text[this.#at];
    if (c === "{" || c === "[") return this.#container(c);
    if (c === '"') {
      this.#string();
      return undefined;
    }
    const literal = this.text.slice(this.#at).match(/^(?:true|false|null|-?\d[\d.eE+-]*)/)?.[0];
    if (!literal) throw new Error(`unexpected ${c} at ${this.#at}`);
    this.#at += literal.length;
    return undefined;
  }

  #string(): string {
    const start = this.#at++;
    while (this.text[this.#at] !== '"') {
      if (this.#at >= this.text.length) throw new Error("unterminated string");
      this.#at += this.text[this.#at] === "\\" ? 2 : 1;
    }
    this.#at++;
    return JSON.parse(this.text.slice(start, this.#at)) as string;
  }

  #container(open: "{" | "["): Layout {
    const start = this.#at++;
    const close = open === "{" ? "}" : "]";
    const padded = this.text[this.#at] === " ";
    const members = new Map<string | number, Layout>();
    this.#space();
    let index = 0;
    while (this.text[this.#at] !== close) {
      let key: string | number = index++;
      if (open === "{") {
        this.#space();
        key = this.#string();
        this.#space();
        if (this.text[this.#at++] !== ":") throw new Error("expected :");
      }
      const layout = this.#value();
      if (layout) members.set(key, layout);
      this.#space();
      if (this.text[this.#at] === ",") this.#at++;
      else if (this.text[this.#at] !== close) throw new Error(`expected , or ${close}`);
      this.#space();
    }
    this.#at++;
    return { inline: !this.text.slice(start, this.#at).includes("\n"), padded, members };
  }
}
