// The interactive login's first steps, run by bin.cjs for `caido-auth login URL` at a terminal
// (early-login-gate.ts) while the ES module CLI is still loading, which takes longer than the
// instance takes to answer: the person sees the code sooner. The same steps,
// with the same code as commands/login.ts: /health (sent at once) while the config directory
// must take a write, then the code (asked for only after both), then the code on the terminal
// (show-code.ts). The login command takes the answers over (commands/login-early.ts) and
// reports every failure itself; here nothing is ever written but the code. Where the login
// would print something first (a warning), nothing starts here and the CLI does it all.

import { cleartextWarning } from "../instance/cleartext.js";
import { getHealth } from "../instance/health.js";
import { proxyFor } from "../instance/proxy.js";
import { requestLoginCode } from "../session/login-request.js";
import { loginTarget } from "../session/login-target.js";
import { ConfigStore } from "../store/config-store.js";
import { configDir } from "../store/paths.js";
import { shouldOpenBrowser } from "../ui/browser-policy.js";
import { publishEarlyLogin } from "../ui/early-login-handoff.js";
import { showCode } from "../ui/show-code.js";

/** `login INSTANCE [--no-browser] [--no-qr]`, as early-login-gate.ts reads it. */
export interface EarlyLoginArgs {
  /** The INSTANCE argument, as given. */
  instance: string;
  noBrowser: boolean;
  noQr: boolean;
}

/** Where the code is drawn (stderr), and the keys that wait for the screen (stdin). */
export interface Terminal {
  stderr: NodeJS.WriteStream;
  stdin: Pick<NodeJS.ReadStream, "isTTY" | "setRawMode">;
}

const quietly = (promise: Promise<unknown>) => promise.catch(() => {});

/**
 * Starts the early login; returns when the CLI should load: once the code is on the terminal,
 * or there will be none. Undefined when it starts nothing.
 */
export function startEarlyLogin(
  args: EarlyLoginArgs,
  env: NodeJS.ProcessEnv,
  terminal: Terminal = process,
): Promise<unknown> | undefined {
  let warned = false;
  const store = new ConfigStore(configDir(env), () => {
    warned = true;
  });
  let instanceUrl: string;
  try {
    instanceUrl = loginTarget(store, args.instance, env);
    // The login warns about plain HTTP before anything else; a proxy is left to the CLI.
    if (warned || cleartextWarning(instanceUrl) || proxyFor(instanceUrl)) return undefined;
  } catch {
    return undefined; // the CLI reports it
  }
  const controller = new AbortController();
  const { signal } = controller;
  // /health goes at once (the CLI sends it only once the directory took a write, but it is
  // only a question); the check's file work overlaps the answer.
  const answer = getHealth(instanceUrl, signal);
  const started = store.checkWritable().then(
    () => !warned,
    () => false,
  );
  // Nothing more is asked for then: the CLI will refuse, or ask again itself.
  started.then((ok) => ok || controller.abort());
  const health = started.then((ok) => {
    if (!ok) throw new Error("the config directory did not take a write");
    return answer;
  });
  const request = health.then(() => requestLoginCode(instanceUrl, signal));
  const canOpenBrowser = shouldOpenBrowser(env, process.platform, {
    noBrowser: args.noBrowser,
  }).open;
  const shown = Promise.all([health, request])
    .then(([caido, code]) => {
      const screen = { instanceUrl, instanceVersion: caido.version, canOpenBrowser };
      const drawn = showCode(
        { ...screen, stderr: terminal.stderr, env, qr: !args.noQr },
        code,
        Date.now(),
      );
      // As interactive-login.ts does once the code shows: keys wait for the screen.
      if (terminal.stdin.isTTY) terminal.stdin.setRawMode(true);
      return drawn;
    })
    .catch(() => undefined);
  // Unclaimed, a failure is the CLI's to report, not an unhandled rejection.
  for (const promise of [answer, health, request]) quietly(promise);
  publishEarlyLogin({
    instanceUrl,
    started,
    health,
    request,
    shown,
    cancel: () => controller.abort(),
  });
  return shown;
}
