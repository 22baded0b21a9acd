// caido-auth login: the device flow. An Ink screen on a terminal; plain lines on stderr
// without one; NDJSON events with --json; PAT approval (CAIDO_PAT, --pat-stdin) for CI.
import { inCi } from "../ci.js";
import type { Command, Values } from "../command.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import type { LoginDeps, LoginSuccess } from "../session/login-driver.js";
import { resolveInstance } from "../session/resolve.js";
import type { ConfigStore } from "../store/config-store.js";
import { emptyConfig } from "../store/format.js";
import { BrokenConfigError } from "../store/read.js";
import { instanceArgument } from "./_args.js";
import { openStore } from "./_store.js";

const ALIAS = /^[A-Za-z][\w-]{0,39}$/;

async function readPat(ctx: Context, values: Values): Promise<string | undefined> {
  if (!values["pat-stdin"]) return ctx.env.CAIDO_PAT || undefined;
  if (ctx.io.stdinIsTTY)
    throw new UsageError(
      "--pat-stdin reads the token from a pipe, not a terminal.",
      "Example: caido-auth login URL --pat-stdin < pat.txt",
    );
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.io.stdin) chunks.push(Buffer.from(chunk));
  const pat = Buffer.concat(chunks).toString("utf8").trim();
  if (!pat) throw new UsageError("--pat-stdin got an empty token.");
  return pat;
}

/** The instance to log in to: like other commands, but a broken config must not stop a login. */
function targetInstance(store: ConfigStore, argument: string | undefined, ctx: Context): string {
  let config = emptyConfig();
  try {
    config = store.read();
  } catch (error) {
    if (!(error instanceof BrokenConfigError)) throw error;
  }
  if (
    argument === undefined &&
    !ctx.env.CAIDO_INSTANCE &&
    !config.defaultInstance &&
    Object.keys(config.sessions).length !== 1
  ) {
    throw new UsageError(
      "login needs an instance URL.",
      "Example: caido-auth login http://127.0.0.1:8080",
    );
  }
  return resolveInstance(config, argument, ctx.env).url;
}

export const command: Command = {
  summary: "log in to an instance",
  usage: [
    "login [INSTANCE] [--name ALIAS] [--default] [--no-browser|--browser] [--no-qr] [--json] [--pat-stdin] [--scopes a,b]",
  ],
  help: [
    "      --name ALIAS   a short name for the instance (use it wherever INSTANCE goes)",
    "      --default      make this the default instance",
    "      --browser      open the verification page even over SSH or without a display",
    "      --no-browser   never open a browser",
    "      --no-qr        no QR code on the screen",
    "      --json         NDJSON events on stdout (code, approved, error); never a token",
    "      --pat-stdin    approve with a personal access token read from stdin (CI)",
    "      --scopes a,b   with a PAT: approve only these of the requested scopes",
    "",
    "CAIDO_PAT approves with a personal access token from the environment; CAIDO_CLOUD_URL",
    "names the cloud it is checked against (default https://api.caido.io).",
  ],
  options: {
    name: { type: "string" },
    default: { type: "boolean" },
    browser: { type: "boolean" },
    "no-browser": { type: "boolean" },
    "no-qr": { type: "boolean" },
    json: { type: "boolean" },
    "pat-stdin": { type: "boolean" },
    scopes: { type: "string" },
  },
  async run(values, positionals, ctx) {
    const alias = values.name as string | undefined;
    if (alias !== undefined && !ALIAS.test(alias)) {
      throw new UsageError(
        `--name "${alias}" is not a usable alias.`,
        "Use a letter, then letters, digits, - or _.",
      );
    }
    if (values.browser && values["no-browser"])
      throw new UsageError("--browser and --no-browser exclude each other.");
    const pat = await readPat(ctx, values);
    if (values.scopes && !pat)
      throw new UsageError("--scopes only applies to PAT approval (CAIDO_PAT or --pat-stdin).");
    const store = openStore(ctx);
    const instanceUrl = targetInstance(store, instanceArgument(values, positionals, "login"), ctx);

    // The screen needs keys (stdin) and draws on stderr. In CI, Ink would only draw the final
    // frame, so the code would never show: plain lines there, even with a TTY.
    const interactive =
      !pat && !values.json && ctx.io.stdinIsTTY && ctx.io.stderrIsTTY && !inCi(ctx.env);
    const [{ getHealth }, { loginDeps }, { shouldOpenBrowser, openUrl }] = await Promise.all([
      import("../instance/health.js"),
      import("../session/login-deps.js"),
      import("../ui/browser.js"),
    ]);
    const health = await getHealth(instanceUrl, ctx.signal);
    const browser = shouldOpenBrowser(ctx.env, process.platform, {
      browser: Boolean(values.browser),
      // Without the screen nobody may be looking at this machine: only --browser opens one.
      noBrowser: Boolean(values["no-browser"]) || (!interactive && !values.browser),
    });
    ctx.debug(`browser: ${browser.open ? "will open" : "will not open"} (${browser.reason})`);
    const deps = loginDeps({
      instanceUrl,
      instanceVersion: health.version,
      store,
      alias,
      makeDefault: Boolean(values.default),
      pat: pat
        ? {
            token: pat,
            cloudUrl: ctx.env.CAIDO_CLOUD_URL,
            scopes: (values.scopes as string | undefined)
              ?.split(",")
              .map((s) => s.trim())
              .filter(Boolean),
          }
        : undefined,
      openBrowser: browser.open ? openUrl : undefined,
    });
    if (interactive) {
      const { runInteractiveLogin } = await import("../ui/interactive-login.js");
      await runInteractiveLogin(deps, {
        env: ctx.env,
        signal: ctx.signal,
        stderr: process.stderr,
        qr: !values["no-qr"],
      });
    } else {
      await runHeadless(deps, ctx, Boolean(values.json));
    }
    return 0;
  },
};

async function runHeadless(deps: LoginDeps, ctx: Context, json: boolean): Promise<LoginSuccess> {
  if (json) {
    const { runNdjsonLogin } = await import("../ui/ndjson.js");
    return runNdjsonLogin(deps, { stdout: ctx.io.stdout, signal: ctx.signal });
  }
  const { runPlainLogin } = await import("../ui/plain.js");
  return runPlainLogin(deps, {
    stderr: ctx.io.stderr,
    signal: ctx.signal,
    cloudUrl: ctx.env.CAIDO_CLOUD_URL,
  });
}
