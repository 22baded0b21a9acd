// Plain http:// is fine on this machine (the sandbox, an SSH tunnel's local end) and nowhere
// else: a login's tokens would cross the network readable, and a PAT (valid for months) would
// give the account away. Decides what counts as "this machine" for the instance and the cloud.
import { UsageError } from "../base/errors.js";
import { proxyFor } from "./proxy.js";

/**
 * Loopback as the URL parser leaves the host: `localhost`, 127.0.0.0/8 (the parser already turns
 * `127.1` and `0x7f.0.0.1` into dotted quads), `[::1]`, and IPv4-mapped 127.x (`[::ffff:7f00:1]`).
 * Names that merely resolve to 127.0.0.1 (`*.localhost`, /etc/hosts entries, DNS) do not count:
 * what a name resolves to is decided outside this process, and may change.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (host === "[::1]") return true;
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/**
 * Where plain HTTP to this URL would leave the machine: the URL's own origin (an http:// URL to
 * another host), or the proxy's (an http:// URL sent through an http:// proxy on another host).
 * Undefined for https:// and for plain HTTP that stays on this machine.
 */
export function cleartextHop(
  url: string,
  proxyOf: (url: string) => string | undefined = proxyFor,
): { to: "target" | "proxy"; origin: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:") return undefined;
  if (!isLoopbackHost(parsed.hostname)) return { to: "target", origin: parsed.origin };
  const proxy = proxyOf(url);
  if (!proxy) return undefined;
  try {
    const through = new URL(proxy);
    if (through.protocol === "http:" && !isLoopbackHost(through.hostname))
      return { to: "proxy", origin: through.origin };
  } catch {}
  return undefined;
}

/** True when a login's tokens for this instance would cross the network unencrypted. */
export function isCleartext(instanceUrl: string, proxyOf?: (url: string) => string | undefined) {
  return cleartextHop(instanceUrl, proxyOf) !== undefined;
}

/**
 * The one-line warning a login shows for an instance reached over plain HTTP from another
 * machine (without the "caido-auth: warning: " prefix); undefined when there is nothing to say.
 */
export function cleartextWarning(
  instanceUrl: string,
  proxyOf?: (url: string) => string | undefined,
): string | undefined {
  const hop = cleartextHop(instanceUrl, proxyOf);
  if (!hop) return undefined;
  const where =
    hop.to === "target"
      ? `${instanceUrl} is plain HTTP to another machine`
      : `${instanceUrl} goes through the proxy ${hop.origin} in plain HTTP`;
  return `${where}: the login and its tokens cross the network unencrypted; use https:// if the instance offers it.`;
}

/**
 * Refuses a cloud URL a PAT must not be sent to (exit 2, before anything is sent): plain HTTP
 * that would leave this machine. The sandbox's http://127.0.0.1 cloud passes.
 */
export function checkPatCloud(
  cloudUrl: string,
  proxyOf?: (url: string) => string | undefined,
): void {
  const hop = cleartextHop(cloudUrl, proxyOf);
  if (!hop) return;
  const where =
    hop.to === "target"
      ? `CAIDO_CLOUD_URL ${hop.origin} is plain HTTP to another machine`
      : `CAIDO_CLOUD_URL ${new URL(cloudUrl).origin} goes through the proxy ${hop.origin} in plain HTTP`;
  throw new UsageError(
    `${where}: the personal access token would cross the network readable, so it was not sent.`,
    "Use the cloud's https:// URL (the default, https://api.caido.io, when unset); plain http:// is only for this machine (localhost, 127.0.0.0/8, ::1).",
  );
}
