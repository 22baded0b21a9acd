// Benchmark, not a test: how long `caido-auth login` takes in a real pty (util-linux `script`)
// from process start to the first frame showing the user code, and to the full screen (code,
// link, QR, keys), against bare `node -e 0` in the same pty set-up, alternating in one run.
// Includes the two requests to the instance (health, start the flow): a user waits for them
// too. Starts its own sandbox. Goals: the code within 1.6x, the full screen 2.5x.
// Run: CAIDO_AUTH_DIST=.dist-x node bench/login-frame.mjs
import { spawn } from "node:child_process";
import { join } from "node:path";
import { CLI, cleanEnv, emit, RUNS, row, startSandbox, tempDir, track } from "./_lib.mjs";

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
/** The code as drawn, "A B C D - E F G H": first in the plain preview, then on the screen. */
const CODE = /(?:[A-Z0-9] ){4}- (?:[A-Z0-9] ){3}[A-Z0-9]/;
/** The full screen: the link, a QR row, the code, then the footer with the keys (written last). */
const SCREEN =
  /https?:\/\/\S+[\s\S]*[█▀▄]{7}[\s\S]*(?:[A-Z0-9] ){4}- (?:[A-Z0-9] ){3}[A-Z0-9][\s\S]*q cancel/;
const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/**
 * Runs a shell command in a fresh pty of 100x30 (the same `stty` for both sides) and returns
 * the milliseconds until each mark's pattern shows in the output (ANSI stripped), or until
 * the command exits when there are no marks.
 */
function timeInPty(command, env, marks = {}) {
  return new Promise((ok, fail) => {
    const start = performance.now();
    const child = track(
      spawn("script", ["-q", "-e", "-c", `stty cols 100 rows 30; ${command}`, "/dev/null"], {
        env: { ...env, TERM: "xterm-256color" },
        // stdin stays an open pipe: at EOF `script` would hang up on the command.
        stdio: ["pipe", "pipe", "inherit"],
        detached: true,
      }),
    );
    const times = {};
    let output = "";
    let finished = false;
    const timer = setTimeout(() => finish(new Error(`no frame in 30 s:\n${output}`)), 30_000);
    function finish(error) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      // Killing `script`'s group closes the pty: the login gets SIGHUP and ends with it.
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

const sandbox = await startSandbox();
try {
  const env = cleanEnv({
    CAIDO_CLOUD_URL: sandbox.cloudUrl,
    CAIDO_AUTH_CONFIG_DIR: join(tempDir("login"), "config"),
  });
  const bare = async () => (await timeInPty(`exec ${quote(process.execPath)} -e 0`, env)).exit;
  const cli = CLI.map(quote).join(" ");
  const login = () =>
    timeInPty(`exec ${cli} login ${quote(sandbox.instanceUrl)} --no-browser`, env, {
      code: CODE,
      screen: SCREEN,
    });
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
  emit({
    figure: 5,
    title: "Login in a pty",
    runs: RUNS,
    rows: [
      row("`node -e 0` in the pty, to its exit (baseline)", "ms", b),
      row("`caido-auth login`: first frame with the code", "ms", code, b, {
        on: "ratio",
        max: 1.6,
      }),
      row("`caido-auth login`: full screen (QR, keys)", "ms", screen, b, { on: "ratio", max: 2.5 }),
    ],
  });
} finally {
  await sandbox.stop();
}
