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
  // Inside `npm i -g`, npm_config_global is set, and `npm ci` refuses global installs.
  const env = { ...process.env, npm_config_global: "false" };
  execFileSync(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
    stdio: "inherit",
    env,
  });
}
execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
