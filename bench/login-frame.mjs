// Benchmark, not a test: how long `caido-auth login` takes from process start to the first
// complete frame showing the user code in a real pty (util-linux `script`), against bare
// `node -e 0` in the same pty set-up, alternating in one run (the machines are noisy), median
// of RUNS each. Includes the two requests to the instance (health, start the flow): a user
// waits for them too. Starts its own sandbox. Goal: at most 2.5 times bare Node start-up.
// Run: npm run build && node bench/login-frame.mjs
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const RUNS = Number(process.env.RUNS ?? 15);
const cli = resolve(import.meta.dirname, "../dist/bin.cjs");
const work = mkdtempSync(join(tmpdir(), "caido-auth-bench-"));
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
/** The code as drawn, "A B C D - E F G H": first in the plain preview, then on the screen. */
const CODE = /(?:[A-Z0-9] ){4}- (?:[A-Z0-9] ){3}[A-Z0-9]/;
/** The full Ink screen, written whole: the code, then the footer with the keys. */
const SCREEN = /(?:[A-Z0-9] ){4}- (?:[A-Z0-9] ){3}[A-Z0-9][\s\S]*q cancel/;

const sandbox = spawn(process.execPath, [cli, "sandbox", "--json", "--port", "0"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const { instanceUrl, cloudUrl } = JSON.parse(
  await new Promise((ok, fail) => {
    createInterface({ input: sandbox.stdout }).once("line", ok);
    sandbox.once("exit", (code) => fail(new Error(`sandbox exited with ${code}`)));
  }),
);

/**
 * Runs a shell command in a fresh pty of 100x30 (the same `stty` for both sides) and returns
 * the milliseconds until each mark's pattern shows in the output (ANSI stripped), or until
 * the command exits when there are no marks.
 */
function timeInPty(command, env, marks = {}) {
  return new Promise((ok, fail) => {
    const start = performance.now();
    const child = spawn(
      "script",
      ["-q", "-e", "-c", `stty cols 100 rows 30; ${command}`, "/dev/null"],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: "xterm-256color", ...env },
        // stdin stays an open pipe: at EOF `script` would hang up on the command.
        stdio: ["pipe", "pipe", "inherit"],
        detached: true,
      },
    );
    const times = {};
    let output = "";
    let finished = false;
    const timer = setTimeout(() => finish(new Error(`no frame in 30 s:\n${output}`)), 30_000);
    function finish(error) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      // Killing `script` closes the pty: the login gets SIGHUP and ends with it.
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
      error ? fail(error) : ok(times);
    }
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const plain = output.replace(ANSI, "");
      for (const [name, pattern] of Object.entries(marks))
        if (times[name] === undefined && pattern.test(plain))
          times[name] = performance.now() - start;
      if (Object.keys(marks).every((name) => times[name] !== undefined)) finish();
    });
    child.on("exit", (code) => {
      times.exit = performance.now() - start;
      if (Object.keys(marks).length === 0 && code === 0) finish();
      else finish(new Error(`${command} exited ${code} before its frame:\n${output}`));
    });
  });
}

const env = {
  NODE: process.execPath,
  CLI: cli,
  URL: instanceUrl,
  CAIDO_CLOUD_URL: cloudUrl,
  CAIDO_AUTH_CONFIG_DIR: join(work, "config"),
};
const bare = async () => (await timeInPty('exec "$NODE" -e 0', env)).exit;
const login = () =>
  timeInPty('exec "$NODE" "$CLI" login "$URL" --no-browser', env, {
    code: CODE,
    screen: SCREEN,
  });
const median = (xs) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  // Warm the file cache and the sandbox first.
  for (let i = 0; i < 2; i++) {
    await bare();
    await login();
  }
  const b = [];
  const code = [];
  const screen = [];
  for (let i = 0; i < RUNS; i++) {
    b.push(await bare());
    const t = await login();
    code.push(t.code);
    screen.push(t.screen);
  }
  const mb = median(b);
  const mc = median(code);
  const row = (label, ms) => console.log(`${label.padEnd(34)} median ${ms.toFixed(1)} ms`);
  console.log(`${RUNS} runs each, alternating`);
  row("node -e 0 (to exit)", mb);
  row("login: first frame with the code", mc);
  row("login: full screen (QR, keys)", median(screen));
  console.log(
    `${"ratio (code frame / node -e 0)".padEnd(34)} ${(mc / mb).toFixed(2)}x (goal <= 2.50x)`,
  );
} finally {
  sandbox.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
