// Bundles the CLI into dist/ (stack.md: Ink costs 876 ms unbundled, 346 ms bundled).
// Commands are split into chunks, so each loads only what it imports.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));

await build({
  entryPoints: { cli: "source/cli.ts", index: "source/index.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: false,
  legalComments: "none",
  define: { __VERSION__: JSON.stringify(version), "process.env.NODE_ENV": '"production"' },
  // Stay packages: they read files beside themselves at run time, or are optional.
  external: ["oidc-provider", "sql.js", "bufferutil", "utf-8-validate", "react-devtools-core"],
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: "warning",
});
