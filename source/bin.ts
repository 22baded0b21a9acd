// The executable. A CommonJS file, because Node starts CommonJS faster than an ES module and
// `caido-auth token` should cost about a bare Node start (issue 9: at most 1.10x). With a fresh
// stored token it answers `token`, `env` and `exec` itself (source/fast/: one file read, only the
// session in use checked). When the stored token will not do (a refresh, CAIDO_ACCESS_TOKEN, an
// error), the same command lines go to lean.cjs (lean.ts: the commands' own code, still without
// the ES-module CLI). `login URL` at a terminal asks for the code and draws it while the CLI
// loads (fast/login-argv.ts, early-login.cjs). Everything else goes to the full CLI (cli.ts, an
// ES module bundle loaded on demand), which then answers as if bin.cjs had not tried.
import { type FastRequest, fastRequest } from "./fast/argv.js";
import { deliver } from "./fast/deliver.js";
import { withEarlyLogin } from "./fast/login-argv.js";
import { fastStatusJson } from "./fast/status.js";
import { type FreshStored, freshStored } from "./fast/stored.js";
import { writeStdout } from "./fast/write.js";
import { report } from "./report.js";

const warn = (message: string) => process.stderr.write(`caido-auth: warning: ${message}\n`);

const fullCli = (argv: string[]) => import("./cli.js").then((cli) => cli.runCli(argv));

/** The lean path (lean.ts): a CommonJS file beside this one, loaded with require, not the ESM loader. */
function leanAnswer(request: FastRequest): void {
  const lean = require("./lean.cjs") as typeof import("./lean.js");
  lean.answer(request).then((code) => {
    process.exitCode = code;
  });
}

function fastStatus(argv: string[]): boolean {
  if (argv.length !== 2 || argv[0] !== "status" || argv[1] !== "--json") return false;
  let answer: ReturnType<typeof fastStatusJson>;
  try {
    answer = fastStatusJson(process.env, warn);
  } catch {
    return false; // the full CLI reports it properly
  }
  if (!answer) return false;
  writeStdout(answer.stdout);
  process.exitCode = answer.code;
  return true;
}

function fastAnswer(argv: string[]): boolean {
  if (fastStatus(argv)) return true;
  const request = fastRequest(argv);
  if (!request) return false;
  const env = process.env;
  let token: FreshStored | undefined;
  try {
    token = freshStored(env, request.instance, request.minValid, warn);
  } catch {} // lean.ts reports it properly
  if (!token) {
    leanAnswer(request);
    return true;
  }
  deliver(request, { ...token, source: "store" }, env).then(
    (code) => {
      process.exitCode = code;
    },
    // exec's command did not start (not found, not executable): said as the full CLI says it.
    (error: unknown) => {
      process.exitCode = report(error);
    },
  );
  return true;
}

const argv = process.argv.slice(2);
// Tab in a shell (`completion`): the stored aliases and URLs, from the config file alone. Loaded
// only then: it creates process.stdout and loads node:os, which the fast answers do without.
if (argv[0] === "__complete-instances") {
  import("./completion/instances.js").then(({ completeInstances }) => {
    process.stdout.write(completeInstances(argv, process.env) ?? "");
  });
} else if (!fastAnswer(argv)) withEarlyLogin(argv, () => fullCli(argv));
