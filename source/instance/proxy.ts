// HTTPS_PROXY, HTTP_PROXY and NO_PROXY for HTTP and WebSocket alike: Node's http and ws
// ignore them by themselves (cli.md). The agent libraries load only when a proxy applies.
import type { Agent } from "node:http";
import { getProxyForUrl } from "proxy-from-env";
import { UsageError } from "../base/errors.js";

const PROXY_VARIABLES = "HTTPS_PROXY/HTTP_PROXY (or ALL_PROXY)";

/** The proxy URL to use for a request to url, or undefined for a direct connection. */
export function proxyFor(url: string): string | undefined {
  // proxy-from-env looks up <scheme>_proxy: ask for WebSockets as for the HTTP they start as.
  const asHttp = url.replace(/^ws(s?):/, "http$1:");
  const proxy = getProxyForUrl(asHttp) || undefined;
  if (proxy !== undefined) checkProxy(proxy);
  return proxy;
}

/** A proxy setting the agents could not use is the user's to fix: say which, credentials hidden. */
function checkProxy(proxy: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(proxy);
  } catch {}
  if (parsed && /^https?:$/.test(parsed.protocol) && parsed.hostname) return;
  throw new UsageError(
    `the proxy setting in ${PROXY_VARIABLES} is not an http(s) proxy URL ("${shownProxy(proxy)}").`,
    "Example: HTTPS_PROXY=http://proxy.example:3128, or unset it.",
  );
}

/** A proxy as it may be shown: no user name or password, no control characters. */
export function shownProxy(proxy: string): string {
  return proxy
    .replace(/\/\/[^/@]*@/, "//…@")
    .replace(/[^\x21-\x7e]/g, "?")
    .slice(0, 200);
}

/** Whether a connection error came from the proxy itself (not from what lies behind it). */
export function proxyFailure(
  url: string,
  error: NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string },
): string | undefined {
  const proxy = proxyFor(url);
  if (!proxy) return undefined;
  const { hostname, port } = new URL(proxy);
  const host = hostname.replace(/^\[|\]$/g, "");
  const proxyPort = Number(port || (proxy.startsWith("https:") ? 443 : 80));
  const atProxy =
    (error.address === host && (error.port === undefined || error.port === proxyPort)) ||
    error.hostname === host;
  return atProxy ? shownProxy(proxy) : undefined;
}

/** The bundle exposes a CommonJS package as a default export only; Node gives both. */
function commonJs<T>(loaded: T): T {
  return (loaded as unknown as { default?: T }).default ?? loaded;
}

/**
 * An agent for an HTTP request to url: plain http goes to the proxy in absolute form, as
 * proxies expect; https tunnels with CONNECT. Undefined for a direct connection.
 */
export async function httpAgent(url: string): Promise<Agent | undefined> {
  const proxy = proxyFor(url);
  if (!proxy) return undefined;
  if (url.startsWith("https:")) return tunnel(proxy);
  const { HttpProxyAgent } = commonJs(await import("http-proxy-agent"));
  return new HttpProxyAgent(proxy);
}

/** An agent for ws: WebSockets always tunnel (CONNECT), even to ws:// targets. */
export async function websocketAgent(url: string): Promise<Agent | undefined> {
  const proxy = proxyFor(url);
  return proxy ? tunnel(proxy) : undefined;
}

async function tunnel(proxy: string): Promise<Agent> {
  const { HttpsProxyAgent } = commonJs(await import("https-proxy-agent"));
  return new HttpsProxyAgent(proxy);
}
