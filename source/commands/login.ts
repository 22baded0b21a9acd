// caido-auth login: the device flow. An Ink screen on a terminal; plain lines on stderr
// without one; NDJSON events with --json; PAT approval (CAIDO_PAT, --pat-stdin) for CI;
// --no-wait and --resume split it in two for scripts that cannot wait for a person.
import { inCi } from "../base/ci.js";
import { maskSecrets } from "../base/ci-mask.js";
import type { Context } from "../base/context.js";
import { AuthRequiredError, CaidoAuthError, UsageError } from "../base/errors.js";
import { looksLikeSecret } from "../base/secret-argument.js";
import { isVisibleAscii } from "../base/visible-ascii.js";
import { checkPatCloud, cleartextWarning } from "../instance/cleartext.js";
import { parseScopes } from "../instance/scopes.js";
import type { BrowserStatus } from "../session/device-flow.js";
import type { LoginDeps, LoginSuccess } from "../session/login-driver.js";
import { loginTarget } from "../session/login-target.js";
import {
  detachCommandFor,
  findPending,
  removePending,
  resolvePendingInstance,
  resumeCommandFor,
} from "../session/pending-login.js";
import type { NdjsonOutput } from "../ui/ndjson.js";
import { instanceArgument } from "./_args.js";
import { openStore } from "./_store.js";
import type { Command, Values } from "./command.js";
import { claimEarlyLogin } from "./login-early.js";

const ALIAS = /^[A-Za-z][\w-]{0,39}$/;

async function readPat(ctx: Context, values: Values): Promise<string | undefined> {
  if (!values["pat-stdin"]) return checkedPat(ctx.env.CAIDO_PAT || undefined, "CAIDO_PAT");
  if (ctx.io.stdinIsTTY)
    throw new UsageError(
      "--pat-stdin reads the token from a pipe, not a terminal.",
      "Example: caido-auth login URL --pat-stdin < pat.txt",
    );
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.io.stdin) chunks.push(Buffer.from(chunk));
  const pat = Buffer.concat(chunks).toString("utf8").trim();
  if (!pat) throw new UsageError("--pat-stdin got an empty token.");
  return checkedPat(pat, "--pat-stdin");
}

/** A PAT goes into an HTTP header: a stray \r or space would fail there, far from its cause. */
function checkedPat(pat: string | undefined, source: string): string | undefined {
  if (pat !== undefined && !isVisibleAscii(pat))
    throw new UsageError(
      `the token from ${source} contains spaces, control or non-ASCII characters (a stray \\r?).`,
      "Give the token alone, as the Caido dashboard shows it.",
    );
  return pat;
}

/**
 * CAIDO_CLOUD_URL, checked: the PAT goes there, so it must be a URL we can name, and plain
 * http:// only to this machine (exit 2 before anything is sent).
 */
function cloudUrlOf(ctx: Context): string | undefined {
  const value = ctx.env.CAIDO_CLOUD_URL;
  if (!value) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username)
    throw new UsageError(
      "CAIDO_CLOUD_URL is not an http(s) URL without credentials.",
      "Example: CAIDO_CLOUD_URL=https://api.caido.io (the default when unset).",
    );
  checkPatCloud(value);
  return value;
}

/**
 * Once per login, before the instance is asked anything: plain HTTP to another machine. On
 * stderr in every mode (with --json too: stdout stays NDJSON).
 */
function warnCleartext(ctx: Context, instanceUrl: string): void {
  const warning = cleartextWarning(instanceUrl);
  if (warning) ctx.io.stderr.write(`caido-auth: warning: ${warning}\n`);
}

/** In GitHub Actions, hides secrets from the log; writes nothing anywhere else. */
const masker =
  (ctx: Context) =>
  (...secrets: (string | null | undefined)[]) =>
    maskSecrets(ctx.env, ctx.io.stderr, ...secrets);

/** --json: the run's NDJSON output, and the instance its error event names once known. */
interface JsonRun {
  output: NdjsonOutput;
  instanceUrl?: string;
}

export const command: Command = {
  async run(values, positionals, ctx) {
    if (!values.json) return login(values, positionals, ctx);
    // Every failure, before the code or after it, is one error event: a reader of stdout
    // never has to parse stderr. stderr still gets cli.ts's one line, the same words.
    const { NdjsonOutput } = await import("../ui/ndjson.js");
    const json: JsonRun = { output: new NdjsonOutput(ctx.io.stdout) };
    try {
      return await login(values, positionals, ctx, json);
    } catch (error) {
      json.output.fail(json.instanceUrl ?? null, error);
      throw error;
    }
  },
};

async function login(
  values: Values,
  positionals: string[],
  ctx: Context,
  json?: JsonRun,
): Promise<number> {
  if (values["no-wait"] && values.resume)
    throw new UsageError(
      "--no-wait and --resume exclude each other.",
      "Start with login --no-wait, then finish with login --resume.",
    );
  if (values.resume) return resumeLogin(values, positionals, ctx, json);
  const alias = values.name as string | undefined;
  if (alias !== undefined && looksLikeSecret(alias))
    throw new UsageError(
      "--name looks like a token (not shown), not an alias.",
      "Use a short name such as my-vps; a PAT goes in CAIDO_PAT or --pat-stdin.",
    );
  if (alias !== undefined && !ALIAS.test(alias)) {
    throw new UsageError(
      `--name "${alias}" is not a usable alias.`,
      "Use a letter, then letters, digits, - or _.",
    );
  }
  if (values.browser && values["no-browser"])
    throw new UsageError("--browser and --no-browser exclude each other.");
  if (values.guest) return loginAsGuest(values, positionals, ctx, alias, json);
  const pat = await readPat(ctx, values);
  // Before anything else is written, so no later line can show the PAT unmasked.
  masker(ctx)(pat);
  const store = openStore(ctx);
  const instanceUrl = loginTarget(store, instanceArgument(values, positionals, "login"), ctx.env);
  if (json) json.instanceUrl = instanceUrl;
  const noWait = Boolean(values["no-wait"]);
  if (noWait && pat) {
    throw new UsageError(
      "--no-wait is for a code a person approves elsewhere; a PAT approves it at once.",
      values["pat-stdin"] ? "Drop --no-wait." : "Drop --no-wait, or unset CAIDO_PAT.",
    );
  }
  if (values.scopes !== undefined && !pat)
    throw new UsageError("--scopes only applies to PAT approval (CAIDO_PAT or --pat-stdin).");
  const scopes = values.scopes === undefined ? undefined : parseScopes(values.scopes as string);
  const cloudUrl = pat ? cloudUrlOf(ctx) : ctx.env.CAIDO_CLOUD_URL;
  warnCleartext(ctx, instanceUrl);
  // A directory that cannot take the session (read-only, full, not ours) fails now, not
  // after a person approved the code.
  await store.checkWritable();

  // The screen needs keys (stdin) and draws on stderr. In CI, Ink would only draw the final
  // frame, so the code would never show: plain lines there, even with a TTY.
  const interactive =
    !noWait && !pat && !json && ctx.io.stdinIsTTY && ctx.io.stderrIsTTY && !inCi(ctx.env);
  // bin.cjs may have asked for all this already, while this module was loading.
  const early = await claimEarlyLogin(instanceUrl, interactive, ctx.signal);
  const [{ getHealth }, { loginDeps }, { shouldOpenBrowser, openUrl: openAny }, trusted] =
    await Promise.all([
      import("../instance/health.js"),
      import("../session/login-deps.js"),
      import("../ui/browser.js"),
      import("../ui/trusted-host.js"),
    ]);
  // Without the screen, nobody presses `o` after reading a phishing warning: a link the
  // warning is about is never opened by itself (the screen applies the same rule, and
  // still lets `o` open it).
  const openUrl = (url: string) =>
    trusted.mayOpenAutomatically(url, cloudUrl)
      ? openAny(url)
      : Promise.reject(new Error("not opened: its host is not Caido's (see the warning)"));
  const healthAnswer = early?.health ?? getHealth(instanceUrl, ctx.signal);
  // The screen's first frame and QR encoder load while the instance answers /health.
  const screen = interactive ? import("../ui/interactive-login.js") : undefined;
  screen?.catch(() => {}); // a failed /health is the error to report, not this import
  const health = await healthAnswer;
  const browser = shouldOpenBrowser(ctx.env, process.platform, {
    browser: Boolean(values.browser),
    // Without the screen nobody may be looking at this machine: only --browser opens one.
    noBrowser: Boolean(values["no-browser"]) || (!interactive && !values.browser),
  });
  ctx.debug(`browser: ${browser.open ? "will open" : "will not open"} (${browser.reason})`);
  if (noWait) {
    const { startPendingLogin } = await import("../session/login-deps.js");
    const request = await startPendingLogin(
      { instanceUrl, store, alias, makeDefault: Boolean(values.default) },
      ctx.signal,
    );
    let opened: BrowserStatus | undefined;
    if (browser.open) {
      opened = await openUrl(request.verificationUrl).then(
        () => ({ status: "opened" }) as const,
        (error: unknown) => ({ status: "failed", reason: (error as Error).message }) as const,
      );
    }
    if (json) {
      const { codeEvent } = await import("../ui/ndjson.js");
      json.output.emit(codeEvent(instanceUrl, request));
    } else {
      const { printPendingLogin } = await import("../ui/plain.js");
      printPendingLogin({
        instanceUrl,
        instanceVersion: health.version,
        cloudUrl,
        write: (line) => ctx.io.stderr.write(`${line}\n`),
        request,
        now: Date.now(),
        browser: opened,
        resumeCommand: resumeCommandFor(instanceUrl),
      });
    }
    return 0;
  }
  const deps = loginDeps({
    instanceUrl,
    instanceVersion: health.version,
    store,
    alias,
    makeDefault: Boolean(values.default),
    pat: pat ? { token: pat, cloudUrl, scopes } : undefined,
    openBrowser: browser.open ? (interactive ? openAny : openUrl) : undefined,
    mask: masker(ctx),
  });
  if (screen) {
    const { runInteractiveLogin } = await screen;
    await runInteractiveLogin(deps, {
      env: ctx.env,
      signal: ctx.signal,
      stderr: process.stderr,
      qr: !values["no-qr"],
      early,
    }).catch((error: unknown) => {
      // The screen ends on the failure, with its hint: cli.ts must not say it again.
      if (error instanceof CaidoAuthError) error.reported = true;
      throw error;
    });
  } else {
    await runHeadless(deps, ctx, json);
  }
  return 0;
}

/**
 * `login --guest`: no code, no person, no PAT (a CAIDO_PAT in the environment is not used).
 * The flags that only serve those are refused rather than left without effect.
 */
async function loginAsGuest(
  values: Values,
  positionals: string[],
  ctx: Context,
  alias: string | undefined,
  json?: JsonRun,
): Promise<number> {
  for (const flag of ["pat-stdin", "scopes", "no-wait", "browser", "no-browser", "no-qr"])
    if (values[flag] !== undefined)
      throw new UsageError(
        `--${flag} does not go with --guest.`,
        "A guest login asks nothing of a person, a browser or a PAT: caido-auth login URL --guest",
      );
  const store = openStore(ctx);
  const instanceUrl = loginTarget(store, instanceArgument(values, positionals, "login"), ctx.env);
  if (json) json.instanceUrl = instanceUrl;
  warnCleartext(ctx, instanceUrl);
  await store.checkWritable();
  const [{ getHealth }, { guestLogin }] = await Promise.all([
    import("../instance/health.js"),
    import("../session/guest-login.js"),
  ]);
  await getHealth(instanceUrl, ctx.signal);
  const result = await guestLogin(
    { instanceUrl, store, alias, makeDefault: Boolean(values.default), mask: masker(ctx) },
    ctx.signal,
  );
  if (json) {
    const { id, name } = result.account;
    json.output.emit({
      event: "approved",
      instance: instanceUrl,
      account: { id, name },
      savedTo: result.savedTo,
    });
  } else {
    ctx.io.stderr.write(
      `Logged in to ${instanceUrl} as a guest\nSession saved to ${result.savedTo}\n`,
    );
  }
  return 0;
}

/**
 * `login --resume`: waits on the request --no-wait stored, then saves the session as login does.
 * The pending login is forgotten once the session is saved, and when its code can no longer be
 * approved (exit 4: expired, denied); a network failure or Ctrl+C keeps it for another try.
 */
async function resumeLogin(
  values: Values,
  positionals: string[],
  ctx: Context,
  json?: JsonRun,
): Promise<number> {
  for (const flag of ["name", "default"])
    if (values[flag] !== undefined)
      throw new UsageError(
        `--${flag} goes with login --no-wait, not --resume.`,
        "--resume saves the session with the --name and --default given to --no-wait.",
      );
  for (const flag of ["pat-stdin", "scopes", "browser", "guest"])
    if (values[flag] !== undefined)
      throw new UsageError(
        `--${flag} does not go with --resume.`,
        "--resume only waits for the approval of the code login --no-wait printed.",
      );
  const store = openStore(ctx);
  const config = store.read();
  const instanceUrl = resolvePendingInstance(
    config,
    instanceArgument(values, positionals, "login"),
    ctx.env,
  );
  if (json) json.instanceUrl = instanceUrl;
  const found = findPending(config, instanceUrl);
  if (found.state === "none") {
    throw new AuthRequiredError(
      `no login is pending for ${instanceUrl}.`,
      `Start one: ${detachCommandFor(instanceUrl)}`,
    );
  }
  if (found.state === "malformed") {
    await store.update((data) => removePending(data, instanceUrl));
    throw new AuthRequiredError(
      `the pending login for ${instanceUrl} in ${store.file} was unusable (${found.problem}); removed it.`,
      `Start a new one: ${detachCommandFor(instanceUrl)}`,
    );
  }
  const { pending } = found;
  warnCleartext(ctx, instanceUrl);
  const [{ getHealth }, { loginDeps }] = await Promise.all([
    import("../instance/health.js"),
    import("../session/login-deps.js"),
  ]);
  // Without this, an unreachable instance would look like a code nobody approved.
  const health = await getHealth(instanceUrl, ctx.signal);
  const deps = loginDeps({
    instanceUrl,
    instanceVersion: health.version,
    store,
    alias: pending.alias,
    makeDefault: pending.makeDefault ?? false,
    resume: pending,
    mask: masker(ctx),
  });
  try {
    await runHeadless(deps, ctx, json);
  } catch (error) {
    if (error instanceof CaidoAuthError && error.exitCode === 4) {
      await store
        .update((data) => removePending(data, instanceUrl, pending.requestId))
        .catch((failure: unknown) => ctx.debug(`could not forget the pending login: ${failure}`));
    }
    throw error;
  }
  return 0;
}

async function runHeadless(
  deps: LoginDeps,
  ctx: Context,
  json: JsonRun | undefined,
): Promise<LoginSuccess> {
  if (json) {
    const { runNdjsonLogin } = await import("../ui/ndjson.js");
    return runNdjsonLogin(deps, { output: json.output, signal: ctx.signal });
  }
  const { runPlainLogin } = await import("../ui/plain.js");
  return runPlainLogin(deps, {
    stderr: ctx.io.stderr,
    signal: ctx.signal,
    cloudUrl: ctx.env.CAIDO_CLOUD_URL,
  });
}
