// The import graph of source/ and the layer rules of docs/architecture.md, as plain data, so
// test/architecture.test.ts can check the real tree and prove the checks catch a bad one.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

/** file → the files it imports (repository-relative, POSIX separators). */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier);
  const candidates = [
    base.replace(/\.js$/, ".ts"),
    base.replace(/\.js$/, ".tsx"),
    base,
    `${base}.ts`,
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** Every relative import (static, dynamic, type-only, re-export) of every file under `root`. */
export function importGraph(repo: string, root = "source"): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(join(repo, root))) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = info.importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith("."))
      .map((s) => {
        const target = resolveImport(file, s);
        if (!target) throw new Error(`${relative(repo, file)}: cannot resolve import ${s}`);
        return relative(repo, target).split("\\").join("/");
      });
    graph.set(relative(repo, file).split("\\").join("/"), [...new Set(targets)]);
  }
  return graph;
}

/** Layers from the top; each layer is a list of groups (a directory ending in / or a file). */
export type Layers = string[][];

export function parseLayers(markdown: string): Layers {
  const block = /^```layers\n([\s\S]*?)\n```$/m.exec(markdown);
  if (!block?.[1]) throw new Error("no ```layers block");
  return block[1].split("\n").map((line) => line.split("|").map((g) => g.trim()));
}

/** The group a file belongs to and its rank (0 is the bottom), or undefined. */
function placeOf(file: string, layers: Layers): { group: string; rank: number } | undefined {
  for (const [i, groups] of layers.entries()) {
    const group = groups.find((g) => (g.endsWith("/") ? file.startsWith(g) : file === g));
    if (group) return { group, rank: layers.length - 1 - i };
  }
  return undefined;
}

/** One line per file that has no layer and per import that runs up or sideways. */
export function layerProblems(graph: ImportGraph, layers: Layers): string[] {
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    const from = placeOf(file, layers);
    if (!from) {
      problems.push(`${file}: in no layer of docs/architecture.md`);
      continue;
    }
    for (const target of targets) {
      const to = placeOf(target, layers);
      if (!to || to.group === from.group) continue;
      if (to.rank > from.rank) problems.push(`${file} imports ${target}, a higher layer`);
      else if (to.rank === from.rank) problems.push(`${file} imports ${target}, beside it`);
    }
  }
  return problems;
}

/** Every import circle (strongly connected set of two or more files, or a file importing itself). */
export function importCircles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const circle: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      circle.push(w);
    } while (w !== v);
    if (circle.length > 1 || graph.get(v)?.includes(v)) circles.push(circle.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}
