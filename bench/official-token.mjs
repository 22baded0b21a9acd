// Benchmark, not a test: the comparison a user would make for a cached token. The official
// @caido/sdk-client loading its file cache (bench/users/sdk-client-token.mjs) against
// `caido-auth token` on a fresh stored session, both against bare `node -e 0` measured
// alternately in the same run. Neither makes a request. No goal: for the record.
// Run: CAIDO_AUTH_DIST=.dist-x node bench/official-token.mjs
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  alternate,
  CLI,
  cleanEnv,
  emit,
  ROOT,
  RUNS,
  row,
  run,
  tempDir,
  timeMs,
  writeSessions,
} from "./_lib.mjs";

const dir = tempDir("official-token");
writeSessions(dir, 1);
const cache = join(dir, "caido-token.json");
const expiresAt = new Date(Date.now() + 3600_000).toISOString();
const pair = { accessToken: "bench-access-token", refreshToken: "bench-refresh-token", expiresAt };
writeFileSync(cache, JSON.stringify(pair), { mode: 0o600 });
const env = cleanEnv({ CAIDO_AUTH_CONFIG_DIR: dir });
const sdk = join(ROOT, "bench/users/sdk-client-token.mjs");
const cases = [
  {
    label: "`@caido/sdk-client`: `Client` with its file cache, `connect({ ready: false })`",
    command: [process.execPath, sdk, "http://127.0.0.1:10000", cache],
    env,
  },
  { label: "`caido-auth token`", command: [...CLI, "token"], env },
];
for (const c of cases)
  if (run(c.command, env).trim() !== "bench-access-token")
    throw new Error(`${c.label}: wrong token`);

const time = alternate(cases, timeMs, RUNS);
emit({
  figure: 6,
  title: "The official clients, side by side",
  runs: RUNS,
  rows: [
    row(
      "`node -e 0` (baseline)",
      "ms",
      time.flatMap((c) => c.baseline),
    ),
    ...time.map((c) => row(`${c.label}: cached token`, "ms", c.samples, c.baseline)),
  ],
});
