// README.md's fenced code blocks, with the comment line just above each (how it is checked).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export interface ReadmeBlock {
  lang: string;
  code: string;
  /** The `<!-- … -->` comment on the line before the fence, if any. */
  note?: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export const README = resolve(import.meta.dirname, "../README.md");

export function readmeBlocks(text = readFileSync(README, "utf8")): ReadmeBlock[] {
  const lines = text.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] as string);
    if (!open) continue;
    const end = lines.indexOf("```", i + 1);
    if (end === -1) throw new Error(`README.md:${i + 1}: unclosed code block`);
    const before = (lines[i - 1] ?? "").trim();
    blocks.push({
      lang: open[1] ?? "",
      code: lines.slice(i + 1, end).join("\n"),
      note: /^<!--.*-->$/.test(before) ? before : undefined,
      line: i + 1,
    });
    i = end;
  }
  return blocks;
}

/** Blocks README marks as run elsewhere: `<!-- not run by test/readme.test.ts: why -->`. */
export const NOT_RUN = /^<!-- not run by test\/readme\.test\.ts: (.+) -->$/;
