// RFC 8628 §5.4: the verification URL comes from the instance, so a hostile instance could
// point at a phishing page. Caido's own domain, the configured cloud and loopback are trusted;
// anything else gets a warning line in every mode.

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

/** The host to show plainly next to the URL (userinfo and paths can disguise it). */
export function verificationHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The one warning line the Ink and plain modes print for an untrusted host. */
export function untrustedHostWarning(url: string): string {
  return `Warning: the sign-in page is on ${verificationHost(url)}, not on caido.io. Continue only if you trust this instance.`;
}
