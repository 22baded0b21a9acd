// Benchmark, not a test: 16 different instances (16 sandboxes, each its own cloud and
// instance) stored in one config file, their 16 expired tokens refreshed at once by 16
// `caido-auth token INSTANCE` processes, against one of them refreshed alone. There must be no
// lock across instances. Also 16 bare `node -e 0` at once: the floor two cores set. Fewer runs
// (RUNS_SLOW, 10). Goal: within 1.5x one refresh.
// Run: CAIDO_AUTH_DIST=.dist-x node bench/parallel-instances.mjs
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

const INSTANCES = 16;
const RUNS = Number(process.env.RUNS_SLOW ?? 10);

const started = await Promise.allSettled(Array.from({ length: INSTANCES }, () => startSandbox()));
const sandboxes = started.filter((s) => s.status === "fulfilled").map((s) => s.value);
try {
  const failed = started.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  const dir = tempDir("instances");
  for (const sandbox of sandboxes) patLogin(sandbox, dir);
  const env = cleanEnv({ CAIDO_AUTH_CONFIG_DIR: dir });
  const urls = sandboxes.map((s) => s.instanceUrl);
  const tokens = urls.map((url) => [...CLI, "token", url]);
  const expireAll = () => {
    for (const url of urls) expire(dir, url);
  };
  const one = [];
  const many = [];
  const bare = [];
  const bareMany = [];
  for (let i = 0; i < RUNS + 1; i++) {
    expireAll();
    const single = await timeTogether([tokens[0]], env);
    expireAll();
    const all = await timeTogether(tokens, env);
    if (new Set([...all.outputs, ...single.outputs]).size !== INSTANCES + 1)
      throw new Error(`round ${i}: the instances did not each get a new token`);
    const b = timeMs(BARE, env);
    const bMany = (await timeTogether(Array(INSTANCES).fill(BARE), env)).ms;
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
      row(`${INSTANCES} × \`node -e 0\` at once (the machine's floor)`, "ms", bareMany, bare),
      row("one `caido-auth token INSTANCE` refreshing (of 16 stored)", "ms", one, bare),
      row(`${INSTANCES} instances refreshed at once: vs one refresh`, "ms", many, one, {
        on: "ratio",
        max: 1.5,
      }),
      row(
        `the same: vs ${INSTANCES} × \`node -e 0\` at once (caido-auth's share)`,
        "ms",
        many,
        bareMany,
      ),
    ],
  });
} finally {
  await Promise.all(sandboxes.map((s) => s.stop()));
}
