// Benchmark, not a test: `caido-auth token` on a fresh stored session (answered from the file,
// no network), time and peak memory, against bare `node -e 0` measured alternately in the
// same run, with 1, 100 and 1,000 stored instances. Through the installed command (what
// users run) and straight through dist/bin.cjs (no cache at all: the launcher's gain is the difference), and
// once with the caches off (NODE_DISABLE_COMPILE_CACHE=1), as a first call after an install pays.
// Goal: the installed command within 1.10x. Run: CAIDO_AUTH_DIST=.dist-x node bench/token.mjs
import { join } from "node:path";
import {
  alternate,
  CLI,
  cleanEnv,
  DIST,
  emit,
  maxRssMb,
  PREFIX,
  row,
  run,
  tempDir,
  timeMs,
  writeSessions,
} from "./_lib.mjs";

const STORED = [1, 100, 1000];
const entries = PREFIX
  ? [
      ["`caido-auth token` (installed command)", CLI],
      [
        "`node bin/caido-auth.cjs token` (installed)",
        [process.execPath, join(PREFIX, "lib/node_modules/caido-auth/bin/caido-auth.cjs")],
      ],
      ["`node dist/bin.cjs token` (installed)", [process.execPath, join(DIST, "bin.cjs")]],
    ]
  : [["`node dist/bin.cjs token`", CLI]];

const cases = [];
for (const count of STORED) {
  const dir = tempDir("token");
  writeSessions(dir, count);
  const env = cleanEnv({ CAIDO_AUTH_CONFIG_DIR: dir });
  for (const [label, cli] of entries) {
    const command = [...cli, "token"];
    // It must answer from the file: check once that it prints the stored token.
    const printed = run(command, env).trim();
    if (printed !== "bench-access-token") throw new Error(`token printed ${printed}`);
    cases.push({ label: `${label}, ${count} stored`, command, env });
  }
  if (PREFIX && count === 1)
    cases.push({
      label: "`caido-auth token` (installed command), 1 stored, `NODE_DISABLE_COMPILE_CACHE=1`",
      command: [...CLI, "token"],
      env: { ...env, NODE_DISABLE_COMPILE_CACHE: "1" },
    });
}

const time = alternate(cases, timeMs);
const memory = alternate(cases, maxRssMb);
const goal = { on: "ratio", max: 1.1 };
emit({
  figure: 2,
  title: "`token` on a fresh stored session",
  runs: time[0].samples.length,
  rows: [
    row(
      "`node -e 0` (baseline), time",
      "ms",
      time.flatMap((c) => c.baseline),
    ),
    ...time.map((c) => row(`${c.label}, time`, "ms", c.samples, c.baseline, goal)),
    row(
      "`node -e 0` (baseline), peak memory",
      "MB",
      memory.flatMap((c) => c.baseline),
    ),
    ...memory.map((c) => row(`${c.label}, peak memory`, "MB", c.samples, c.baseline, goal)),
  ],
});
