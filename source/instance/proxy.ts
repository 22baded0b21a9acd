// HTTPS_PROXY, HTTP_PROXY and NO_PROXY for HTTP and WebSocket alike: Node's http and ws
// ignore them by themselves (cli.md). The agent libraries load only when a proxy applies.
import type { Agent } from "node:http";
import { getProxyForUrl } from "proxy-from-env";

/** The proxy URL to use for a request to url, or undefined for a direct connection. */
export function proxyFor(url: string): string | undefined {
  // proxy-from-env looks up <scheme>_proxy: ask for WebSockets as for the HTTP they start as.
  const asHttp = url.replace(/^ws(s?):/, "http$1:");
  return getProxyForUrl(asHttp) || undefined;
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
