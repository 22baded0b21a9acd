// When to open a browser by ourselves, and how. Opening one that nobody can see (SSH, CI,
// a server without a display) or a text browser in this very terminal would hide the code.
import { basename } from "node:path";
import { inCi } from "../ci.js";
import { LINK_MAX, linkTarget } from "./trusted-host.js";

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

/** How long a launcher gets to fail before we call it a success (xdg-open exits in ~20 ms). */
const LAUNCH_GRACE_MS = 1500;

/**
 * Opens an http(s) url with the system's handler; rejects when the launcher cannot run or
 * fails. Anything else (file:, javascript:, a custom scheme's handler) is refused: the system
 * would run it, not show it.
 */
export async function openUrl(url: string): Promise<void> {
  const target = linkTarget(url);
  if (target === undefined) {
    const problem = url.length > LINK_MAX ? "far too long" : "not an http(s) web page";
    throw new Error(`the sign-in link is ${problem}`);
  }
  // Lazily: `open` costs ~170 ms to import and only the login needs it.
  const { default: open } = await import("open");
  const child = await open(target);
  if (child.exitCode !== null) {
    if (child.exitCode !== 0) throw new Error(`the launcher exited with code ${child.exitCode}`);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, LAUNCH_GRACE_MS);
    timer.unref();
    child.once("close", (code) => {
      clearTimeout(timer);
      if (code && code !== 0) reject(new Error(`the launcher exited with code ${code}`));
      else resolve();
    });
  });
}
