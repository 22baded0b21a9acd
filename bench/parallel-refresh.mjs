// Benchmark, not a test: 32 `caido-auth token` processes started at once at the refresh point
// (the stored access token expired a second ago) against one refresh alone, on a real sandbox
// logged in with a PAT. Every round checks that all 32 print the same new token (one refresh).
// Also 32 bare `node -e 0` at once: the floor two cores set. Fewer runs (RUNS_SLOW, 10): each
// round is a refresh plus 64 processes. Goal: 32 at once within 1.5x one refresh.
// Run: CAIDO_AUTH_DIST=.dist-x node bench/parallel-refresh.mjs
import {
  BARE,
  CLI,
  cleanEnv,
  emit,
  expire,
  patLogin,
  row,
  startSandbox,
  tempDir,
  timeMs,
  timeTogether,
} from "./_lib.mjs";

const PROCESSES = 32;
const RUNS = Number(process.env.RUNS_SLOW ?? 10);

const sandbox = await startSandbox();
try {
  const dir = tempDir("parallel");
  patLogin(sandbox, dir);
  const env = cleanEnv({ CAIDO_AUTH_CONFIG_DIR: dir });
  const token = [...CLI, "token"];
  const one = [];
  const many = [];
  const bare = [];
  const bareMany = [];
  let previous = "";
  for (let i = 0; i < RUNS + 1; i++) {
    expire(dir, sandbox.instanceUrl);
    const single = await timeTogether([token], env);
    expire(dir, sandbox.instanceUrl);
    const all = await timeTogether(Array(PROCESSES).fill(token), env);
    const printed = new Set(all.outputs.map((o) => o.trim()));
    if (printed.size !== 1 || printed.has(previous) || printed.has(single.outputs[0].trim()))
      throw new Error(`round ${i}: ${printed.size} different tokens, or no refresh`);
    [previous] = printed;
    const b = timeMs(BARE, env);
    const bMany = (await timeTogether(Array(PROCESSES).fill(BARE), env)).ms;
    if (i === 0) continue; // warm-up round
    one.push(single.ms);
    many.push(all.ms);
    bare.push(b);
    bareMany.push(bMany);
  }
  emit({
    figure: 4,
    title: "Parallel refreshes",
    runs: RUNS,
    rows: [
      row("`node -e 0` (baseline)", "ms", bare),
      row(`${PROCESSES} × \`node -e 0\` at once (the machine's floor)`, "ms", bareMany, bare),
      row("one `caido-auth token` refreshing (expired token)", "ms", one, bare),
      row(
        `${PROCESSES} × \`caido-auth token\` at once, one instance: vs one refresh`,
        "ms",
        many,
        one,
        {
          on: "ratio",
          max: 1.5,
        },
      ),
      row(
        `the same: vs ${PROCESSES} × \`node -e 0\` at once (caido-auth's share)`,
        "ms",
        many,
        bareMany,
      ),
    ],
  });
} finally {
  await sandbox.stop();
}
