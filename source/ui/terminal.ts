// Escape sequences the login screen writes, and when the terminal may receive them.
import { isVisibleAscii } from "../base/visible-ascii.js";

export interface TerminalCaps {
  /** Colours (the QR code needs them; see qr.ts). */
  color: boolean;
  /** OSC 8 hyperlinks. */
  hyperlinks: boolean;
}

/** NO_COLOR (any non-empty value, per no-color.org) and TERM=dumb turn styling off. */
export function terminalCaps(
  env: NodeJS.ProcessEnv,
  overrides: Partial<TerminalCaps> = {},
): TerminalCaps {
  const dumb = env.TERM === "dumb";
  const color = !dumb && !env.NO_COLOR;
  return {
    color: overrides.color ?? color,
    hyperlinks: overrides.hyperlinks ?? (color && !dumb),
  };
}

/**
 * OSC 8 hyperlink. BEL-terminated: it is as widely understood as ST, and it is the form Ink's
 * layout recognises, so the link text still wraps and measures correctly. A target holding
 * anything but visible ASCII (which could end the sequence early) gives the plain text: pass
 * a parsed URL's href (trusted-host.ts linkTarget), which never does.
 */
export function hyperlink(url: string, text = url): string {
  const link = osc8(url);
  return link ? `${link.open}${text}${link.close}` : text;
}

/** The OSC 8 sequences around a link's text, or undefined for a target that is not safe in one. */
export function osc8(url: string): { open: string; close: string } | undefined {
  if (!isVisibleAscii(url)) return undefined;
  return { open: `\x1b]8;;${url}\x07`, close: "\x1b]8;;\x07" };
}

/** OSC 52 "set clipboard": the terminal copies, so it reaches the local clipboard over SSH. */
export function osc52Copy(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`;
}
