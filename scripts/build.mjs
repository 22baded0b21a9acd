// Bundles the CLI into dist/ (stack.md: Ink costs 876 ms unbundled, 346 ms bundled).
// - dist/bin.cjs: the executable, CommonJS (starts faster), answering a fresh token alone;
// - dist/cli.js and its chunks: the full CLI as ES modules, each command in its own chunk.
import { readFileSync, rmSync } from "node:fs";
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
  // Stay packages: they read files beside themselves at run time, or are optional.
  external: ["oidc-provider", "sql.js", "bufferutil", "utf-8-validate", "react-devtools-core"],
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

await build({
  ...common,
  entryPoints: ["source/bin.ts"],
  outfile: `${outdir}/bin.cjs`,
  format: "cjs",
  external: ["./cli.js"],
  banner: { js: "#!/usr/bin/env node" },
});
