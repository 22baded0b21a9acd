// Bundles the CLI into dist/ (stack.md: Ink costs 876 ms unbundled, 346 ms bundled), as two
// programs and the library:
// - dist/bin.cjs: the fast path, CommonJS in one file (Node starts that fastest): token, env,
//   exec, status --json, usage errors, help, and the login's first frame (source/bin.ts);
// - dist/cli.js and its chunks: the full CLI as ES modules, each command in its own chunk;
// - dist/index.js: the library for Node scripts (package.json's exports).
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));
// The output directory: dist/ unless given (parallel work builds into its own, inside the
// repository so that the external packages still resolve from node_modules).
const outdir = process.argv[2] ?? "dist";
// Chunk names carry content hashes: stale ones would pile up and ship in the package.
rmSync(outdir, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  define: { __VERSION__: JSON.stringify(version), "process.env.NODE_ENV": '"production"' },
};

await build({
  ...common,
  entryPoints: { cli: "source/cli.ts", index: "source/index.ts" },
  outdir,
  splitting: true,
  format: "esm",
  // Everything is bundled, the sandbox's oidc-provider and sql.js included, so the package
  // installs with no dependencies and nothing to resolve at start-up. These stay out: optional native
  // speed-ups of ws, and Ink's devtools hook, which production never loads.
  external: ["bufferutil", "utf-8-validate", "react-devtools-core"],
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins, and
  // sql.js finds its .wasm through __dirname (copied beside the chunks below). CommonJS
  // globals are defined under other names: a bundled ES module (open) declares its own
  // __dirname, and a second declaration in the same chunk would not even parse.
  define: { ...common.define, __dirname: "__bundleDirname", __filename: "__bundleFilename" },
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "const require = __createRequire(import.meta.url);",
      "const __bundleFilename = __fileURLToPath(import.meta.url);",
      "const __bundleDirname = __fileURLToPath(new URL('.', import.meta.url));",
    ].join(" "),
  },
});
// The one SQLite build the sandbox loads (sql.js ships a dozen, 30 MB in all).
const sqlJsMain = createRequire(import.meta.url).resolve("sql.js");
copyFileSync(sqlJsMain.replace(/\.js$/, ".wasm"), `${outdir}/sql-wasm.wasm`);

await build({
  ...common,
  entryPoints: ["source/bin.ts"],
  outfile: `${outdir}/bin.cjs`,
  format: "cjs",
  // Minified: Node reads, hashes and deserialises the whole file on every call, so half the
  // bytes is ~2 ms of a `token` on a slow machine. CAIDO_AUTH_READABLE=1 keeps it as written,
  // with the `// source/…` markers bench/cpu-profile.mjs attributes time by.
  minify: process.env.CAIDO_AUTH_READABLE !== "1",
  external: ["./cli.js"],
  // Wrapped as Node wraps a CommonJS file, so that the launcher compiles the file as read: a
  // copy with the wrapper put around it would be another ~100 KB string to build and flatten,
  // ~0.5 ms of a `token`. Run as a module (require, `node dist/bin.cjs`) it calls itself; run
  // as a script (node:vm, where `this` is the global object) its value is the function. The
  // function has parentheses of its own: V8 then compiles it with the file, as it runs at
  // once, instead of parsing all of it twice (a login's first frame without a cache, +3 ms).
  banner: {
    js: "(this === globalThis ? (run) => run : (run) => run(exports, require, module, __filename, __dirname))((function (exports, require, module, __filename, __dirname) {",
  },
  footer: { js: "}))" },
});
