// Bundles a TypeScript entry into a temporary .mjs so tests can run it in child processes
// (Node 20 cannot run .ts itself).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

export async function bundleForNode(entry: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), "caido-auth-bundle-")), "entry.mjs");
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["oidc-provider", "sql.js", "bufferutil", "utf-8-validate"],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: "error",
  });
  return outfile;
}
