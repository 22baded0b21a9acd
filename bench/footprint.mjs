// Benchmark, not a test: what installing the package costs a user. The tarball `npm pack`
// makes in a clean clone (all.mjs passes it as BENCH_TARBALL; alone, this packs one), installed
// with `npm i -g --prefix <new> --cache <empty>`: size on disk, packages, install time, and
// `npx caido-auth --version` from an empty npm cache, times against bare `node -e 0` measured
// alternately. Fewer runs (RUNS_SLOW, 5): each is a whole install. Goals: at most
// 8 MB and 5 packages. Run: node bench/footprint.mjs
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  BARE,
  cleanEnv,
  emit,
  npmEnv,
  packCleanClone,
  row,
  run,
  tempDir,
  timeMs,
} from "./_lib.mjs";

const RUNS = Number(process.env.RUNS_SLOW ?? 5);
const tarball = process.env.BENCH_TARBALL ?? packCleanClone().tarball;
const env = npmEnv();
// The baseline without the network settings: Node reads NODE_EXTRA_CA_CERTS as it starts.
const bareEnv = cleanEnv();
const cwd = tempDir("cwd"); // not this repository, whose package is also named caido-auth
const install = (prefix) => [
  "npm",
  ...["i", "-g", "--prefix", prefix, "--cache", tempDir("cache"), "--no-audit", "--no-fund"],
  tarball,
];
const npx = () => [
  "npx",
  "--yes",
  "--cache",
  tempDir("cache"),
  "--package",
  tarball,
  "caido-auth",
  "--version",
];

/** Packages in an installed tree: every node_modules/<name> and node_modules/@scope/<name>. */
function countPackages(nodeModules) {
  let count = 0;
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith(".")) continue;
    const dirs = name.startsWith("@")
      ? readdirSync(join(nodeModules, name)).map((n) => join(nodeModules, name, n))
      : [join(nodeModules, name)];
    for (const dir of dirs) {
      count++;
      const nested = join(dir, "node_modules");
      if (statSync(nested, { throwIfNoEntry: false })) count += countPackages(nested);
    }
  }
  return count;
}
const du = (flags, dir) => Number(run(["du", "-s", ...flags, dir], env).split("\t")[0]);

// One install to look at, which also warms the file cache.
const prefix = tempDir("prefix");
run(install(prefix), env);
const installed = join(prefix, "lib/node_modules");
const { version } = JSON.parse(readFileSync(join(installed, "caido-auth/package.json"), "utf8"));
const printed = spawnSync(npx()[0], npx().slice(1), { env, cwd, encoding: "utf8" }).stdout.trim();
if (printed !== version) throw new Error(`npx caido-auth --version printed "${printed}"`);

const bareForInstall = [];
const installMs = [];
const bareForNpx = [];
const npxMs = [];
for (let i = 0; i < RUNS; i++) {
  bareForInstall.push(timeMs(BARE, bareEnv));
  installMs.push(timeMs(install(tempDir("prefix")), env, cwd));
  bareForNpx.push(timeMs(BARE, bareEnv));
  npxMs.push(timeMs(npx(), env, cwd));
}
const MB = 1e6;
emit({
  figure: 1,
  title: "Footprint",
  runs: RUNS,
  rows: [
    row("tarball (`npm pack` of a clean clone)", "MB", [statSync(tarball).size / MB]),
    row("installed, on disk (`du -s -B1`)", "MB", [du(["-B1"], installed) / MB], null, {
      on: "value",
      max: 8,
    }),
    row("installed, apparent size (`du -sb`)", "MB", [du(["-b"], installed) / MB]),
    row("packages installed", "count", [countPackages(installed)], null, { on: "value", max: 5 }),
    row("`node -e 0` (baseline)", "ms", [...bareForInstall, ...bareForNpx]),
    row("`npm i -g --prefix <new> --cache <empty> <tarball>`", "ms", installMs, bareForInstall),
    row(
      "`npx --yes --cache <empty> --package <tarball> caido-auth --version`",
      "ms",
      npxMs,
      bareForNpx,
    ),
  ],
});
