// npm run demo: the main job on the sandbox. Starts `caido-auth sandbox`, logs in with a
// sandbox PAT (as CI would), then shows status, a token's first characters and viewer.
// Everything it makes is temporary.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const cli = resolve(import.meta.dirname, "../dist/bin.cjs");
const configDir = mkdtempSync(join(tmpdir(), "caido-auth-demo-"));
const sandbox = spawn(process.execPath, [cli, "sandbox", "--json", "--port", "0"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const stop = () => {
  sandbox.kill("SIGTERM");
  rmSync(configDir, { recursive: true, force: true });
};

const line = await new Promise((ok, fail) => {
  createInterface({ input: sandbox.stdout }).once("line", ok);
  sandbox.once("exit", (code) => fail(new Error(`sandbox exited with ${code}`)));
});
const { instanceUrl, cloudUrl, accounts } = JSON.parse(line);
const env = { ...process.env, CAIDO_AUTH_CONFIG_DIR: configDir, CAIDO_CLOUD_URL: cloudUrl };
const run = (args, extraEnv = {}) => {
  console.log(`\n$ caido-auth ${args.join(" ")}`);
  const r = spawnSync(process.execPath, [cli, ...args], {
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { status: r.status, stdout: r.stdout.toString() };
};

let failed = false;
try {
  console.log(`sandbox: instance ${instanceUrl}, cloud ${cloudUrl}, account ${accounts[0].email}`);
  const steps = [
    () => run(["login", instanceUrl, "--name", "sandbox"], { CAIDO_PAT: accounts[0].pat }),
    () => run(["status"]),
    () => {
      const r = run(["token", "sandbox"]);
      return { ...r, stdout: `${r.stdout.slice(0, 12)}… (${r.stdout.trim().length} characters)\n` };
    },
    () =>
      run([
        "api",
        "sandbox",
        "query { viewer { ... on CloudUser { id profile { identity { email name } } } } }",
      ]),
  ];
  for (const step of steps) {
    const { status, stdout } = step();
    process.stdout.write(stdout);
    if (status !== 0) {
      failed = true;
      console.error(`demo: that step exited ${status}`);
      break;
    }
  }
} finally {
  stop();
}
process.exitCode = failed ? 1 : 0;
