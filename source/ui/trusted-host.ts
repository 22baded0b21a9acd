// RFC 8628 §5.4: the verification URL comes from the instance, so a hostile instance could
// point at a phishing page, a local file or a script. Caido's own domain, the configured cloud
// and loopback are trusted; anything else gets a warning line in every mode, and only an
// http(s) page on a trusted host is opened without the person asking.
import { safeText } from "../base/safe-text.js";

/** Longer than any sign-in page needs: a link above it is neither opened nor made clickable. */
export const LINK_MAX = 2048;

const LOOPBACK_V6 = new Set(["[::1]", "[::ffff:7f00:1]"]);

function hostnameOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
    // "caido.io." is the same host as "caido.io"; the URL parser already lower-cases it.
    return parsed.hostname.replace(/\.$/, "");
  } catch {
    return undefined;
  }
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (LOOPBACK_V6.has(host)) return true;
  // The URL parser normalises IPv4 forms (127.1, 0x7f.1) to dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True when the page a person is sent to is Caido's, the configured cloud's or on this machine. */
export function isTrustedVerificationHost(url: string, cloudUrl?: string): boolean {
  const host = hostnameOf(url);
  if (!host) return false;
  if (host === "caido.io" || host.endsWith(".caido.io")) return true;
  if (isLoopback(host)) return true;
  const cloudHost = cloudUrl ? hostnameOf(cloudUrl) : undefined;
  return cloudHost !== undefined && host === cloudHost;
}

/** The page as a web address (http or https), normalised; undefined for anything else. */
export function webUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The address a link or a browser may be pointed at: an http(s) URL as the URL parser writes
 * it back (controls and spaces percent-encoded, the host in punycode), so it cannot end an
 * escape sequence or smuggle one in. Undefined for anything else, and above maxLength.
 */
export function linkTarget(url: string, maxLength = LINK_MAX): string | undefined {
  if (url.length > maxLength) return undefined;
  const href = webUrl(url)?.href;
  return href !== undefined && href.length <= maxLength ? href : undefined;
}

/** The link as every mode shows it, and where a click on it may go (OSC 8), if anywhere. */
export interface ShownLink {
  /** The web address as the URL parser writes it, else the server's text made safe; bounded. */
  text: string;
  /** For http(s) links only: the address a click, a QR code or the browser goes to. */
  target?: string;
  /** Without a target, why: "not a web page", "far too long". */
  problem?: string;
}

/**
 * What to show for a verification URL: the normalised address for a web page (what is shown is
 * what a click opens, with the real host in punycode), the text made safe for anything else.
 */
export function shownLink(url: string): ShownLink {
  const target = linkTarget(url);
  if (target !== undefined) return { text: safeText(target), target };
  const problem = url.length > LINK_MAX ? "far too long" : "not a web page";
  return { text: safeText(url), problem };
}

/** True when the browser may open the page without being asked: http(s) on a trusted host. */
export function mayOpenAutomatically(url: string, cloudUrl?: string): boolean {
  return linkTarget(url) !== undefined && isTrustedVerificationHost(url, cloudUrl);
}

/** The host to show plainly next to the URL (userinfo and paths can disguise it). */
export function verificationHost(url: string): string {
  try {
    return safeText(new URL(url).host, 255);
  } catch {
    return safeText(url, 255);
  }
}

/** What the link is when it is not a web page ("a file: URL", "not a valid URL"), or undefined. */
function notAWebPage(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a valid URL";
  }
  if (parsed.protocol === "https:" || parsed.protocol === "http:") return undefined;
  // The parser keeps a scheme to letters, digits, "+", "-" and ".": nothing to escape.
  return `a ${safeText(parsed.protocol, 32)} URL`;
}

/** The one warning line the Ink and plain modes print for an untrusted host. */
export function untrustedHostWarning(url: string): string {
  if (url.length > LINK_MAX) {
    return `Warning: the sign-in link is ${url.length} characters long, far too long for a sign-in page. Do not open it: this instance may be hostile.`;
  }
  const odd = notAWebPage(url);
  if (odd) {
    return `Warning: the sign-in link is ${odd}, not a web page on caido.io. Do not open it: this instance may be hostile.`;
  }
  return `Warning: the sign-in page is on ${verificationHost(url)}, not on caido.io. Continue only if you trust this instance.`;
}
