// HTTPS_PROXY, HTTP_PROXY and NO_PROXY for HTTP and WebSocket alike: Node's http and ws
// ignore them by themselves (cli.md). The agent libraries load only when a proxy applies, from
// where the program says (setProxyAgentLibraries).
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

type AgentClass = new (proxy: string) => Agent;

/** The constructors of the two agent libraries (proxy-agents.ts loads them). */
export interface ProxyAgentLibraries {
  /** http-proxy-agent's: plain http in absolute form. */
  HttpProxyAgent: AgentClass;
  /** https-proxy-agent's: a CONNECT tunnel. */
  HttpsProxyAgent: AgentClass;
}

// Not imported here, so that a program can leave them out of its bundle: bin.cjs must stay
// under V8's large-object size (docs/architecture.md), and loads them from the full CLI.
let loadLibraries: (() => Promise<ProxyAgentLibraries>) | undefined;

/** Where this program's agent libraries come from: each entry point (bin, cli, index) says. */
export function setProxyAgentLibraries(load: () => Promise<ProxyAgentLibraries>): void {
  loadLibraries = load;
}

function libraries(): Promise<ProxyAgentLibraries> {
  if (!loadLibraries)
    throw new Error("no proxy agent libraries: call setProxyAgentLibraries first");
  return loadLibraries();
}

/**
 * An agent for an HTTP request to url: plain http goes to the proxy in absolute form, as
 * proxies expect; https tunnels with CONNECT. Undefined for a direct connection.
 */
export async function httpAgent(url: string): Promise<Agent | undefined> {
  const proxy = proxyFor(url);
  if (!proxy) return undefined;
  const { HttpProxyAgent, HttpsProxyAgent } = await libraries();
  return url.startsWith("https:") ? new HttpsProxyAgent(proxy) : new HttpProxyAgent(proxy);
}

/** An agent for ws: WebSockets always tunnel (CONNECT), even to ws:// targets. */
export async function websocketAgent(url: string): Promise<Agent | undefined> {
  const proxy = proxyFor(url);
  return proxy ? new (await libraries()).HttpsProxyAgent(proxy) : undefined;
}
