// Benchmark, not a test: `caido-auth token` on a fresh stored session against bare `node -e 0`,
// measured alternately in the same run (the machines are noisy), median of RUNS each.
// Goal (issue 3): at most 1.2 times bare Node start-up. Run: npm run bench
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const RUNS = Number(process.env.RUNS ?? 30);
const cli = resolve(import.meta.dirname, "../dist/bin.cjs");
const dir = mkdtempSync(join(tmpdir(), "caido-auth-bench-"));
const url = "http://127.0.0.1:8080";
const config = {
  version: 1,
  defaultInstance: url,
  sessions: {
    [url]: {
      accessToken: "bench-access-token",
      refreshToken: "bench-refresh-token",
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      scopes: ["OFFLINE"],
      obtainedAt: new Date().toISOString(),
    },
  },
};
writeFileSync(join(dir, "config.json"), JSON.stringify(config), { mode: 0o600 });
const env = { ...process.env, CAIDO_AUTH_CONFIG_DIR: dir };

// The fast path must answer from the file: check once that it prints the stored token.
const printed = execFileSync(process.execPath, [cli, "token"], { env }).toString().trim();
if (printed !== "bench-access-token") throw new Error(`token printed ${printed}`);

const time = (args) => {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: "ignore" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];

const bare = [];
const token = [];
for (let i = 0; i < 3; i++) time(["-e", "0"]); // warm the file cache
for (let i = 0; i < RUNS; i++) {
  bare.push(time(["-e", "0"]));
  token.push(time([cli, "token"]));
}
const b = median(bare);
const t = median(token);
console.log(`node -e 0            median ${b.toFixed(1)} ms (${RUNS} runs)`);
console.log(`caido-auth token     median ${t.toFixed(1)} ms (${RUNS} runs)`);
console.log(`ratio                ${(t / b).toFixed(2)}x (goal <= 1.20x)`);
