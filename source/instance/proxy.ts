// HTTPS_PROXY, HTTP_PROXY and NO_PROXY for HTTP and WebSocket alike: Node 20's fetch and ws
// ignore them by themselves (cli.md). The proxy libraries load only when a proxy applies.

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

const dispatchers = new Map<string, unknown>();

/** fetch, through the proxy when one applies. */
export async function proxiedFetch(url: string, init: RequestInit): Promise<Response> {
  const proxy = proxyFor(url);
  if (!proxy) return fetch(url, init);
  const undici = commonJs(await import("undici"));
  let dispatcher = dispatchers.get(proxy);
  if (!dispatcher) {
    dispatcher = new undici.ProxyAgent(proxy);
    dispatchers.set(proxy, dispatcher);
  }
  const response = await undici.fetch(url, { ...(init as object), dispatcher } as never);
  return response as unknown as Response;
}

/** An agent for ws that tunnels through the proxy, or undefined for a direct connection. */
export async function websocketAgent(url: string): Promise<Agent | undefined> {
  const proxy = proxyFor(url);
  if (!proxy) return undefined;
  const { HttpsProxyAgent } = commonJs(await import("https-proxy-agent"));
  return new HttpsProxyAgent(proxy);
}
