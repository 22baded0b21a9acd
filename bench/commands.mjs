// Benchmark, not a test: the other file-only commands scripts call on a fresh stored session,
// `status --json`, `env` and `exec -- true`, against bare `node -e 0` measured alternately in
// the same run. Goal: within 1.25x. Run: CAIDO_AUTH_DIST=.dist-x node bench/commands.mjs
import {
  alternate,
  CLI,
  cleanEnv,
  emit,
  RUNS,
  row,
  run,
  tempDir,
  timeMs,
  writeSessions,
} from "./_lib.mjs";

const dir = tempDir("commands");
writeSessions(dir, 1);
const env = cleanEnv({ CAIDO_AUTH_CONFIG_DIR: dir });
const cases = [["status", "--json"], ["env"], ["exec", "--", "true"]].map((args) => ({
  label: `\`caido-auth ${args.join(" ")}\``,
  command: [...CLI, ...args],
  env,
}));
// Each must succeed from the file alone (the stored instance does not exist).
for (const c of cases) run(c.command, env);
if (!run([...CLI, "env"], env).includes("bench-access-token")) throw new Error("env: no token");

const time = alternate(cases, timeMs, RUNS);
const goal = { on: "ratio", max: 1.25 };
emit({
  figure: 3,
  title: "`status --json`, `env`, `exec -- true`",
  runs: RUNS,
  rows: [
    row(
      "`node -e 0` (baseline)",
      "ms",
      time.flatMap((c) => c.baseline),
    ),
    ...time.map((c) => row(c.label, "ms", c.samples, c.baseline, goal)),
  ],
});
