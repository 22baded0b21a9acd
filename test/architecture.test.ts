// The layer order of docs/architecture.md holds for every import in source/, and nothing
// imports itself round a circle. The synthetic graphs prove each check can fail.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ImportGraph,
  importCircles,
  importGraph,
  layerProblems,
  parseLayers,
} from "./_imports.js";

const repo = resolve(import.meta.dirname, "..");
const layers = parseLayers(readFileSync(resolve(repo, "docs/architecture.md"), "utf8"));
const graph = importGraph(repo);

describe("source/'s imports", () => {
  it("are read: the graph has the entries and their imports", () => {
    expect(graph.get("source/bin.ts")?.length).toBeGreaterThan(3);
    // A dynamic import counts: the fast path loads the full CLI only when it must.
    expect(graph.get("source/bin.ts")).toContain("source/cli.ts");
    // So does a type-only import.
    expect(graph.get("source/commands/command.ts")).toContain("source/base/context.ts");
  });

  it("never run up the layers of docs/architecture.md, nor sideways", () => {
    expect(layerProblems(graph, layers)).toEqual([]);
  });

  it("close no circle", () => {
    expect(importCircles(graph)).toEqual([]);
  });
});

describe("the checks themselves", () => {
  const tiny: string[][] = [["source/cli.ts"], ["source/ui/", "source/api/"], ["source/base/"]];
  const check = (edges: Record<string, string[]>) => new Map(Object.entries(edges)) as ImportGraph;

  it("let an import go down or stay in its directory", () => {
    const g = check({
      "source/cli.ts": ["source/ui/a.ts"],
      "source/ui/a.ts": ["source/ui/b.ts", "source/base/x.ts"],
    });
    expect(layerProblems(g, tiny)).toEqual([]);
  });

  it("catch an import up, one sideways, and a file in no layer", () => {
    const g = check({
      "source/base/x.ts": ["source/ui/a.ts"],
      "source/ui/a.ts": ["source/api/b.ts"],
      "source/other/c.ts": [],
    });
    expect(layerProblems(g, tiny)).toEqual([
      "source/base/x.ts imports source/ui/a.ts, a higher layer",
      "source/ui/a.ts imports source/api/b.ts, beside it",
      "source/other/c.ts: in no layer of docs/architecture.md",
    ]);
  });

  it("catch a circle, through a type import as much as any", () => {
    const g = check({
      "a.ts": ["b.ts"],
      "b.ts": ["c.ts"],
      "c.ts": ["a.ts"],
      "d.ts": ["d.ts"],
      "e.ts": ["a.ts"],
    });
    expect(importCircles(g)).toEqual([["a.ts", "b.ts", "c.ts"], ["d.ts"]]);
  });

  it("read the layer block as written", () => {
    expect(parseLayers("x\n```layers\na/ | b.ts\nc/\n```\n")).toEqual([["a/", "b.ts"], ["c/"]]);
  });
});
