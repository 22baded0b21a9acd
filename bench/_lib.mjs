// Shared helpers of the benchmarks (not tests): which CLI to run, the time and peak memory of
// child processes, statistics, and temporary directories and sandboxes that go away even
// when a run fails. Each bench script prints its result as one JSON object on stdout (all.mjs
// turns those into docs/benchmarks.md) and a readable table on stderr.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";

export const ROOT = resolve(import.meta.dirname, "..");
/** The build under test, as test/e2e/_cli.ts picks it (all.mjs: the installed package's). */
export const DIST = resolve(ROOT, process.env.CAIDO_AUTH_DIST ?? "dist");
/** The npm i -g prefix all.mjs installed the packed package into, if any. */
export const PREFIX = process.env.BENCH_PREFIX;
/** Runs per measurement: at least 20 unless a script says why it takes fewer. */
export const RUNS = Number(process.env.RUNS ?? 20);
export const GNU_TIME = "/usr/bin/time";

/** The CLI as a user runs it: the installed command when there is one, else `node DIST/bin.cjs`. */
export const CLI = PREFIX
  ? [join(PREFIX, "bin", "caido-auth")]
  : [process.execPath, join(DIST, "bin.cjs")];
export const BARE = [process.execPath, "-e", "0"];

/** A clean environment, the node under test first on PATH (for `#!/usr/bin/env node`). */
export function cleanEnv(extra = {}) {
  return {
    PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    ...extra,
  };
}

/** The machine's way to the npm registry (its CA, its proxy), kept for npm, npx and git. */
const NETWORK = /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|HTTPS?_PROXY|NO_PROXY)$/i;
export function npmEnv() {
  const network = Object.entries(process.env).filter(([name]) => NETWORK.test(name));
  return cleanEnv(Object.fromEntries(network));
}

// Everything to remove at exit, whatever happens.
const temps = new Set();
const children = new Set();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));

export function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `caido-auth-bench-${name}-`));
  temps.add(dir);
  return dir;
}

/** Keeps a long-lived child (a sandbox, a pty) to kill at exit if the script fails. */
export function track(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Runs a command to its end; throws unless it exits 0. Returns its stdout. */
export function run(command, env, input) {
  const r = spawnSync(command[0], command.slice(1), { env, input, encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(`${command.join(" ")} exited ${r.status ?? r.signal}:\n${r.stderr}`);
  return r.stdout;
}

/** stdout a pipe, as in `$(caido-auth token)`: Node loads more for a pipe than for /dev/null. */
const STDIO = ["ignore", "pipe", "ignore"];

/** Wall-clock milliseconds from spawn to exit. */
export function timeMs(command, env, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command[0], command.slice(1), { env, cwd, stdio: STDIO });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command.join(" ")} exited ${r.status ?? r.signal}`);
  return ms;
}

let rssFile;
/** Peak resident memory (maxRSS) in MB, from GNU time (`apt-get install time`; all.mjs does). */
export function maxRssMb(command, env) {
  rssFile ??= join(tempDir("rss"), "maxrss");
  const r = spawnSync(GNU_TIME, ["-f", "%M", "-o", rssFile, ...command], { env, stdio: STDIO });
  if (r.status !== 0) throw new Error(`${command.join(" ")} exited ${r.status ?? r.signal}`);
  return Number(readFileSync(rssFile, "utf8").trim()) / 1024;
}

/** Wall-clock milliseconds until every one of the commands, started at once, has exited 0. */
export async function timeTogether(commands, env) {
  const start = process.hrtime.bigint();
  const outputs = await Promise.all(
    commands.map(
      (command) =>
        new Promise((ok, fail) => {
          const child = spawn(command[0], command.slice(1), {
            env,
            stdio: ["ignore", "pipe", "pipe"],
          });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d) => {
            stdout += d;
          });
          child.stderr.on("data", (d) => {
            stderr += d;
          });
          child.on("close", (code) =>
            code === 0
              ? ok(stdout)
              : fail(new Error(`${command.join(" ")} exited ${code}: ${stderr}`)),
          );
        }),
    ),
  );
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, outputs };
}

/**
 * Measures each case alternately with the bare `node -e 0` baseline (the machine is noisy:
 * what runs next to each other sees the same load), after a warm-up of the file cache.
 * `measure(command, env)` gives one number; a case's `before()`, if any, runs untimed before
 * each of its samples. Returns, per case, its samples and its baseline's.
 */
export function alternate(cases, measure, runs = RUNS) {
  const sample = (c) => {
    c.before?.();
    return measure(c.command, c.env);
  };
  for (const c of cases) {
    measure(BARE, c.env);
    sample(c);
  }
  const results = cases.map((c) => ({ ...c, samples: [], baseline: [] }));
  for (let i = 0; i < runs; i++) {
    for (const r of results) {
      r.baseline.push(measure(BARE, r.env));
      r.samples.push(sample(r));
    }
  }
  return results;
}

export function stats(xs) {
  const sorted = xs.toSorted((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: xs.length, min: sorted[0], median, max: sorted.at(-1) };
}

/**
 * One row of a figure: a measure's statistics and, against a reference measured alternately
 * with it (usually `node -e 0`; sample i next to reference i), the median of the per-pair
 * ratios: the load of a noisy machine drifts, and each pair sees nearly the same load.
 */
export function row(label, unit, samples, reference, goal) {
  if (reference && reference.length !== samples.length)
    throw new Error(`${label}: ${samples.length} samples but ${reference.length} references`);
  const ratio = reference && stats(samples.map((x, i) => x / reference[i])).median;
  return { label, unit, stats: stats(samples), ratio, goal };
}

/** Prints the result for all.mjs (stdout, one JSON line) and for a person (stderr). */
export function emit(result) {
  const { figure, title, rows } = result;
  const out = [`${figure}. ${title} (node ${process.version})`];
  for (const r of rows) {
    const { n, min, median, max } = r.stats;
    const f = (x) => (r.unit === "count" ? String(x) : x.toFixed(1));
    const ratio = r.ratio === undefined || r.ratio === null ? "" : ` ${r.ratio.toFixed(2)}x`;
    const goal = r.goal
      ? ` (goal <= ${r.goal.max}${r.goal.on === "ratio" ? "x" : ` ${r.unit}`})`
      : "";
    out.push(
      `  ${r.label.padEnd(58)} ${f(min)} / ${f(median)} / ${f(max)} ${r.unit} n=${n}${ratio}${goal}`,
    );
  }
  process.stderr.write(`${out.join("\n")}\n`);
  process.stdout.write(`${JSON.stringify({ node: process.version, ...result })}\n`);
}

/** A config file with `count` fresh stored sessions (fake, unreachable instances); the default is the first. */
export function writeSessions(dir, count, token = "bench-access-token") {
  const sessions = {};
  for (let i = 0; i < count; i++) {
    sessions[`http://127.0.0.1:${10000 + i}`] = {
      alias: `bench-${i}`,
      accessToken: i === 0 ? token : `bench-access-token-${i}`,
      refreshToken: `bench-refresh-token-${i}`,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      scopes: ["ASSISTANT", "OFFLINE", "PROFILE_READ"],
      account: { id: `account-${i}`, email: `user${i}@example.test`, name: `User ${i}` },
      obtainedAt: new Date().toISOString(),
    };
  }
  const config = { version: 1, defaultInstance: "http://127.0.0.1:10000", sessions };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2), { mode: 0o600 });
}

/** Marks the stored access token of `url` as expired a second ago: the next `token` refreshes. */
export function expire(configDir, url) {
  const file = join(configDir, "config.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.sessions[url].expiresAt = new Date(Date.now() - 1000).toISOString();
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** Starts `caido-auth sandbox --json --port 0` (the CLI under test); resolves when it is ready. */
export async function startSandbox() {
  const child = track(
    spawn(CLI[0], [...CLI.slice(1), "sandbox", "--json", "--port", "0"], {
      env: cleanEnv({ TMPDIR: tempDir("sandbox") }),
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  const line = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("the sandbox did not start in 60 s")), 60_000);
    createInterface({ input: child.stdout }).once("line", (l) => {
      clearTimeout(timer);
      ok(l);
    });
    child.once("exit", (code) => fail(new Error(`the sandbox exited with ${code}`)));
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(timer);
        done();
      });
      child.kill("SIGTERM");
    });
  return { ...JSON.parse(line), stop };
}

/** `CAIDO_PAT=… caido-auth login URL` into configDir, as a CI job logs in. */
export function patLogin(sandbox, configDir, account = 0) {
  run(
    [...CLI, "login", sandbox.instanceUrl],
    cleanEnv({
      CAIDO_AUTH_CONFIG_DIR: configDir,
      CAIDO_CLOUD_URL: sandbox.cloudUrl,
      CAIDO_PAT: sandbox.accounts[account].pat,
    }),
  );
}

/**
 * `npm pack` in a clean `git clone` of this repository's HEAD (its prepare script installs
 * the build tools and builds dist/), as CI does. Returns the tarball and the commit.
 */
export function packCleanClone() {
  const work = tempDir("pack");
  const clone = join(work, "clone");
  run(["git", "clone", "-q", ROOT, clone], npmEnv());
  const commit = run(["git", "-C", clone, "rev-parse", "HEAD"], npmEnv()).trim();
  const start = performance.now();
  const r = spawnSync("npm", ["pack", "--silent", "--pack-destination", work], {
    cwd: clone,
    env: npmEnv(),
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) throw new Error(`npm pack in a clean clone exited ${r.status}`);
  const packMs = performance.now() - start;
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack made no tarball");
  return { tarball: join(work, tarball), commit, packMs };
}

/** `npm i -g` of the tarball into a new prefix with an empty npm cache; returns the prefix. */
export function installGlobally(tarball) {
  const prefix = tempDir("prefix");
  const args = [
    "i",
    "-g",
    "--prefix",
    prefix,
    "--cache",
    tempDir("cache"),
    "--no-audit",
    "--no-fund",
  ];
  run(["npm", ...args, tarball], npmEnv());
  return prefix;
}
