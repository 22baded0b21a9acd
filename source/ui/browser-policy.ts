// Whether to open a browser by ourselves. Opening one that nobody can see (SSH, CI, a server
// without a display) or a text browser in this very terminal would hide the code. Apart from
// browser.ts (which loads `open`) so that bin.cjs's early login can decide it too.
import { basename } from "node:path";
import { inCi } from "../base/ci.js";

export interface BrowserFlags {
  /** --browser: open even when the policy says no. */
  browser?: boolean;
  /** --no-browser: never open. */
  noBrowser?: boolean;
}

export interface BrowserDecision {
  open: boolean;
  reason: string;
}

const TERMINAL_BROWSERS = new Set([
  "lynx",
  "w3m",
  "links",
  "links2",
  "elinks",
  "browsh",
  "www-browser",
  "carbonyl",
  "cha",
]);

/** BROWSER may be a ':'-separated list of commands, each possibly a path with arguments. */
function terminalBrowserIn(value: string | undefined): string | undefined {
  for (const entry of (value ?? "").split(":")) {
    const command = basename(entry.trim().split(/\s+/)[0] ?? "");
    if (TERMINAL_BROWSERS.has(command)) return command;
  }
  return undefined;
}

export function shouldOpenBrowser(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  flags: BrowserFlags = {},
): BrowserDecision {
  if (flags.noBrowser) return { open: false, reason: "--no-browser was given" };
  if (flags.browser) return { open: true, reason: "--browser was given" };
  if (inCi(env)) return { open: false, reason: "running in CI" };
  if (env.SSH_CONNECTION || env.SSH_TTY) return { open: false, reason: "connected over SSH" };
  const textBrowser = terminalBrowserIn(env.BROWSER);
  if (textBrowser) return { open: false, reason: `BROWSER is a terminal browser (${textBrowser})` };
  const needsDisplay = platform !== "darwin" && platform !== "win32";
  if (needsDisplay && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { open: false, reason: "no graphical session (DISPLAY and WAYLAND_DISPLAY are unset)" };
  }
  return { open: true, reason: "local graphical session" };
}
