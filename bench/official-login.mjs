// Benchmark, not a test: the comparison a user would make for a CI login with a PAT, against a
// real sandbox. The official @caido/server-auth AuthClient with a PATApprover
// (bench/users/server-auth-login.mjs, storing the pair in a file) against
// `CAIDO_PAT=… caido-auth login`, each from nothing stored, both against bare `node -e 0`
// measured alternately in the same run. No goal: for the record.
// Run: CAIDO_AUTH_DIST=.dist-x node bench/official-login.mjs
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  alternate,
  CLI,
  cleanEnv,
  emit,
  ROOT,
  RUNS,
  row,
  startSandbox,
  tempDir,
  timeMs,
} from "./_lib.mjs";

const sandbox = await startSandbox();
try {
  const dir = tempDir("official-login");
  const file = join(dir, "caido-token.json");
  const configDir = join(dir, "config");
  const env = cleanEnv({
    CAIDO_PAT: sandbox.accounts[0].pat,
    CAIDO_CLOUD_URL: sandbox.cloudUrl,
    CAIDO_AUTH_CONFIG_DIR: configDir,
  });
  const { instanceUrl, cloudUrl } = sandbox;
  const script = join(ROOT, "bench/users/server-auth-login.mjs");
  const cases = [
    {
      label: "`@caido/server-auth`: `AuthClient` + `PATApprover`, token saved to a file",
      command: [process.execPath, script, instanceUrl, cloudUrl, file],
      env,
      before: () => rmSync(file, { force: true }),
    },
    {
      label: "`CAIDO_PAT=… caido-auth login INSTANCE`",
      command: [...CLI, "login", instanceUrl],
      env,
      before: () => rmSync(configDir, { recursive: true, force: true }),
    },
  ];
  const time = alternate(cases, timeMs, RUNS);
  // Both really logged in: each left its token behind.
  if (!JSON.parse(readFileSync(file, "utf8")).accessToken) throw new Error("server-auth: no token");
  const stored = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8"));
  if (!stored.sessions[instanceUrl]?.accessToken) throw new Error("caido-auth: no session");
  emit({
    figure: 6,
    title: "The official clients, side by side",
    runs: RUNS,
    rows: [
      row(
        "`node -e 0` (baseline, login runs)",
        "ms",
        time.flatMap((c) => c.baseline),
      ),
      ...time.map((c) => row(`${c.label}: PAT login`, "ms", c.samples, c.baseline)),
    ],
  });
} finally {
  await sandbox.stop();
}
