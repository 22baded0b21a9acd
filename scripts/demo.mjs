// npm run demo: the main job on the sandbox. Starts `caido-auth sandbox`, logs in with a
// sandbox PAT (as CI would), then shows status, a token's first characters, viewer, every
// page of the instance's requests, two live events, and exec handing the token to a child.
// Everything it makes is temporary.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const cli = resolve(import.meta.dirname, "..", process.env.CAIDO_AUTH_DIST ?? "dist", "bin.cjs");
const configDir = mkdtempSync(join(tmpdir(), "caido-auth-demo-"));
const sandbox = spawn(
  process.execPath,
  [cli, "sandbox", "--json", "--port", "0", "--request-interval", "0.5"],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
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
  const shown = args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(" ");
  console.log(`\n$ caido-auth ${shown}`);
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
    () => {
      const r = run([
        "api",
        "sandbox",
        "--paginate",
        "query($cursor: String) { requests(first: 100, after: $cursor) { nodes { id } pageInfo { hasNextPage endCursor } } }",
      ]);
      if (r.status !== 0) return r;
      const ids = JSON.parse(r.stdout).data.requests.nodes.map((n) => n.id);
      return {
        ...r,
        stdout: `${ids.length} requests over every page: ids ${ids[0]}…${ids.at(-1)}\n`,
      };
    },
    () =>
      run([
        "api",
        "sandbox",
        "--subscribe",
        "--limit",
        "2",
        "subscription { createdRequest { requestEdge { node { id method host path } } } }",
      ]),
    () =>
      run([
        "exec",
        "sandbox",
        "--",
        "sh",
        "-c",
        'test -n "$CAIDO_ACCESS_TOKEN" && echo "the child has CAIDO_ACCESS_TOKEN for $CAIDO_INSTANCE"',
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
