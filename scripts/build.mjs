// Bundles the CLI into dist/ (stack.md: Ink costs 876 ms unbundled, 346 ms bundled).
// - dist/bin.cjs: the executable, CommonJS (starts faster), answering a fresh token alone;
// - dist/lean.cjs: the same commands when they must refresh or report, still CommonJS;
// - dist/cli.js and its chunks: the full CLI as ES modules, each command in its own chunk.
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

// yoga-layout (Ink's layout engine) gets its WebAssembly through fetch() of a data: URL, and
// in Node even `typeof fetch` loads undici first (~30 ms of the login screen's start-up, issue
// 9). The same bytes are decoded from the same base64 here instead, without fetch.
const YOGA_FETCH =
  'function ya(){return w||"function"!=typeof fetch?Promise.resolve().then(function(){return wa()}):fetch(H,{credentials:"same-origin"}).then(function(a){if(!a.ok)throw"failed to load wasm binary file at \'"+H+"\'";return a.arrayBuffer()}).catch(function(){return wa()})}';
const YOGA_DECODE =
  'function ya(){return Promise.resolve().then(function(){return w?new Uint8Array(w):Buffer.from(H.slice(37),"base64")})}';
const yogaWithoutFetch = {
  name: "yoga-without-fetch",
  setup(b) {
    b.onLoad(
      { filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ },
      ({ path }) => {
        const source = readFileSync(path, "utf8");
        const contents = source.replace(YOGA_FETCH, YOGA_DECODE);
        // A yoga-layout whose loader changed must not silently bring the fetch back.
        if (contents === source)
          throw new Error(`${path}: no wasm fetch to replace (yoga changed?)`);
        return { contents, loader: "js" };
      },
    );
  },
};

// The early login leaves every proxied instance to the CLI (early-login.ts): the agents' code
// (a third of the file) would only slow its loading down.
const withoutProxyAgents = {
  name: "without-proxy-agents",
  setup(b) {
    b.onResolve({ filter: /^https?-proxy-agent$/ }, ({ path }) => ({ path, namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, ({ path }) => ({
      contents: `throw new Error("${path} is not in early-login.cjs: a proxy is the CLI's");`,
      loader: "js",
    }));
  },
};

await build({
  ...common,
  entryPoints: { cli: "source/cli.ts", index: "source/index.ts" },
  plugins: [yogaWithoutFetch],
  outdir,
  splitting: true,
  format: "esm",
  // Everything is bundled, the sandbox's oidc-provider and sql.js included, so the package
  // installs with no dependencies (issue 9: footprint). These stay out: optional native
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
  external: ["./cli.js", "./lean.cjs", "./early-login.cjs"],
  banner: { js: "#!/usr/bin/env node" },
});
// dist/lean.cjs: token, env and exec when the stored token will not do (a refresh, an error),
// still CommonJS: require()d by bin.cjs without starting the ES module loader.
await build({
  ...common,
  entryPoints: ["source/lean.ts"],
  outfile: `${outdir}/lean.cjs`,
  format: "cjs",
});

// dist/early-login.cjs: what bin.cjs runs for `caido-auth login URL` at a terminal, while the
// ES module CLI loads (source/fast/early-login.ts): CommonJS too, in a file of its own so that
// `token` never loads it.
await build({
  ...common,
  entryPoints: ["source/fast/early-login.ts"],
  outfile: `${outdir}/early-login.cjs`,
  format: "cjs",
  plugins: [withoutProxyAgents],
});
