// renderLogin: the interactive login on a terminal. Ink draws on stderr (stdout carries data
// only); the driver does the work; the returned promise settles with the driver's outcome.
import { render } from "ink";
import { initialState, type LoginState } from "../session/device-flow.js";
import type { LoginDeps, LoginSuccess } from "../session/login-driver.js";
import { runLogin } from "../session/login-driver.js";
import { type LoginActions, LoginApp } from "./LoginApp.js";
import { osc52Copy, terminalCaps } from "./terminal.js";

export interface RenderLoginOptions {
  /** Default process.env: NO_COLOR, TERM, CAIDO_CLOUD_URL. */
  env?: NodeJS.ProcessEnv;
  /** Default process.stdin; must be a TTY (keys). */
  stdin?: NodeJS.ReadStream;
  /** Where the screen is drawn. Default process.stderr. */
  stderr?: NodeJS.WriteStream;
  /** Aborted on SIGINT/SIGTERM (Context.signal): cancels like q. */
  signal?: AbortSignal;
  /** False for --no-qr. */
  qr?: boolean;
  /** Override detection (NO_COLOR, TERM=dumb). */
  color?: boolean;
  hyperlinks?: boolean;
  /** Default env.CAIDO_CLOUD_URL: its host counts as trusted for the verification URL. */
  cloudUrl?: string;
  /** Open the browser without waiting for `o` (default true when deps.openBrowser is set). */
  autoOpenBrowser?: boolean;
}

export async function renderLogin(
  deps: LoginDeps,
  options: RenderLoginOptions = {},
): Promise<LoginSuccess> {
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? process.stderr;
  const caps = terminalCaps(env, { color: options.color, hyperlinks: options.hyperlinks });
  let handle: ReturnType<typeof runLogin> | undefined;
  const actions: LoginActions = {
    openBrowser: () => handle?.openBrowser(),
    restart: () => handle?.restart(),
    cancel: () => handle?.cancel(),
    // OSC 52 goes to the terminal through the UI stream: stdout stays data only.
    copy: (code) => stderr.write(osc52Copy(code)),
  };
  const view = (state: LoginState) => (
    <LoginApp
      state={state}
      actions={actions}
      instanceUrl={deps.instanceUrl}
      instanceVersion={deps.instanceVersion}
      qr={options.qr ?? true}
      color={caps.color}
      hyperlinks={caps.hyperlinks}
      cloudUrl={options.cloudUrl ?? env.CAIDO_CLOUD_URL}
      canOpenBrowser={deps.openBrowser !== undefined}
    />
  );

  const ink = render(view(initialState(true)), {
    stdout: stderr,
    stdin: options.stdin ?? process.stdin,
    // Ctrl+C must go through cancel (exit 130, nothing stored), not Ink's own exit.
    exitOnCtrlC: false,
    // Ink throttles frames to 30 a second: the code frame, right after the first, waited a
    // whole throttle window behind it. Frames here are few (a tick a second, keys).
    maxFps: 120,
    patchConsole: false,
  });
  handle = runLogin(
    deps,
    (state) => ink.rerender(view(state)),
    options.signal ?? new AbortController().signal,
    {
      interactive: true,
      autoOpenBrowser: options.autoOpenBrowser,
    },
  );
  handle.done.catch(() => {});
  try {
    await ink.waitUntilExit();
  } catch {
    // The driver's outcome below carries the same error.
  } finally {
    // Ink can also end on its own (an unmount, a render error): never leave the flow running.
    handle.cancel();
    ink.cleanup();
  }
  return handle.done;
}
