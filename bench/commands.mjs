// Benchmark, not a test: the other file-only commands scripts call on a fresh stored session,
// `status --json`, `env` and `exec -- true`, against bare `node -e 0` measured alternately in
// the same run. Goals: `exec -- true` within 1.3x (it starts a second program), the others
// within 1.25x. Run: CAIDO_AUTH_DIST=.dist-x node bench/commands.mjs
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
const cases = [
  [["status", "--json"], 1.25],
  [["env"], 1.25],
  [["exec", "--", "true"], 1.3],
].map(([args, max]) => ({
  label: `\`caido-auth ${args.join(" ")}\``,
  command: [...CLI, ...args],
  env,
  goal: { on: "ratio", max },
}));
// Each must succeed from the file alone (the stored instance does not exist).
for (const c of cases) run(c.command, env);
if (!run([...CLI, "env"], env).includes("bench-access-token")) throw new Error("env: no token");

const time = alternate(cases, timeMs, RUNS);
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
    ...time.map((c) => row(c.label, "ms", c.samples, c.baseline, c.goal)),
  ],
});
