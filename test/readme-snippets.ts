// The code blocks of the READMEs, as test/readme-snippets.test.ts runs them (CONTRIBUTING.md,
// "README snippets"): each ```ts or ```sh block is a program unless its info string says
// `illustrative`; `continues` appends a block to the one before it in the same README; a ts block
// whose first line is `// <relative path>` is a file that the program's later blocks use.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Block {
  lang: "ts" | "sh";
  /** The file a file block is written to; undefined for a block that runs. */
  file: string | undefined;
  code: string;
}

export interface Program {
  /** `<README path>:<line of its first block>`. */
  name: string;
  blocks: Block[];
}

// A fence may be indented (a block inside a list item): the block's lines lose that indent.
const FENCE = /^( *)```(\w*)(.*)$/;
const FILE_LINE = /^\/\/ ([\w./-]+\.\w+)$/;

/** The READMEs whose snippets are checked: the root's, every package's and every example's. */
export function readmes(root: string): string[] {
  const inside = (folder: string) =>
    readdirSync(path.join(root, folder))
      .sort()
      .map((name) => path.join(folder, name, "README.md"))
      .filter((file) => {
        try {
          return readFileSync(path.join(root, file)).length > 0;
        } catch {
          return false;
        }
      });
  return ["README.md", ...inside("packages"), ...inside("examples")];
}

/** The programs of one README, in order. */
export function programsOf(readme: string, text: string): Program[] {
  const programs: Program[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (!open) continue;
    const [indent = "", lang = "", words = ""] = [open[1], open[2], open[3]];
    const end = lines.findIndex((line, j) => j > i && line.trimEnd() === `${indent}\`\`\``);
    if (end < 0) throw new Error(`${readme}:${i + 1}: a code block that never closes`);
    const code = lines.slice(i + 1, end).map((line) => line.slice(indent.length));
    const marks = new Set(words.trim().split(/\s+/).filter(Boolean));
    const unknown = [...marks].filter((mark) => mark !== "illustrative" && mark !== "continues");
    if (unknown.length > 0) {
      throw new Error(
        `${readme}:${i + 1}: unknown mark ${unknown.join(", ")}: expected illustrative or continues`,
      );
    }
    const runs = (lang === "ts" || lang === "sh") && !marks.has("illustrative");
    if (runs) {
      const file = lang === "ts" ? FILE_LINE.exec(code[0] ?? "")?.[1] : undefined;
      const block: Block = { lang: lang as Block["lang"], file, code: `${code.join("\n")}\n` };
      const last = programs.at(-1);
      if (marks.has("continues")) {
        if (!last) throw new Error(`${readme}:${i + 1}: continues, but no block runs before it`);
        last.blocks.push(block);
      } else {
        programs.push({ name: `${readme}:${i + 1}`, blocks: [block] });
      }
    }
    i = end;
  }
  return programs;
}
