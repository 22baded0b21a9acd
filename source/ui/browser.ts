// Opening the verification page in a browser; when to (browser-policy.ts) is decided apart.
import { LINK_MAX, linkTarget } from "./trusted-host.js";

export { type BrowserDecision, type BrowserFlags, shouldOpenBrowser } from "./browser-policy.js";

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
