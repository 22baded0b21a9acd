// npm's prepare step (npm install in a clone, npm pack, npm publish, an install from a git
// URL): build dist/. A fresh clone packed before `npm ci` has no esbuild yet, so install the
// locked dev dependencies first rather than pack a package without its program.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
try {
  require.resolve("esbuild");
} catch {
  console.error("caido-auth: installing the build tools (npm ci) before building dist/…");
  // The outer npm's settings (global, allow-scripts…) would make `npm ci` refuse to run.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_config_")),
  );
  execFileSync(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
    stdio: "inherit",
    env,
  });
}
execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
execFileSync(process.execPath, ["scripts/build-types.mjs"], { stdio: "inherit" });
