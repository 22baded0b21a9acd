// Type declarations for the library entry (package.json "types"): tsc emits them for
// source/index.ts and what it reaches, and only the files index.d.ts reaches through its
// imports are kept, in DIR/types (DIR as for build.mjs: dist unless given).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const outdir = resolve(process.argv[2] ?? "dist", "types");
const { config } = ts.readConfigFile("tsconfig.json", ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ".");
const program = ts.createProgram(["source/index.ts"], {
  ...options,
  noEmit: false,
  declaration: true,
  emitDeclarationOnly: true,
  stripInternal: true,
  rootDir: resolve("source"),
  outDir: outdir,
});

const emitted = new Map();
const result = program.emit(undefined, (file, text) => emitted.set(resolve(file), text));
const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter(
  (d) =>
    d.category === ts.DiagnosticCategory.Error &&
    /\bsource\/(index|library\/)/.test(d.file?.fileName ?? ""),
);
if (problems.length > 0 || result.emitSkipped) {
  const host = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ".",
    getNewLine: () => "\n",
  };
  process.stderr.write(ts.formatDiagnostics(problems, host));
  process.exit(1);
}

// Follow relative specifiers from index.d.ts: "./x.js" is declared by "./x.d.ts".
const keep = new Set();
const visit = (file) => {
  if (keep.has(file)) return;
  const text = emitted.get(file);
  if (text === undefined) throw new Error(`no declarations for ${relative(".", file)}`);
  keep.add(file);
  for (const [, specifier] of text.matchAll(/(?:from|import\()\s*["'](\.[^"']+)["']/g)) {
    visit(resolve(dirname(file), specifier.replace(/\.js$/, ".d.ts")));
  }
};
visit(join(outdir, "index.d.ts"));
for (const file of keep) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, emitted.get(file));
}
