// The agent libraries (http-proxy-agent, https-proxy-agent), loaded at the first request that
// goes through a proxy. The full CLI and the library load them from here (a chunk of their
// own); bin.cjs does not bundle them but asks the full CLI for this module (bin.ts).
import type { ProxyAgentLibraries } from "./proxy.js";

/** The bundle exposes a CommonJS package as a default export only; Node gives both. */
function commonJs<T>(loaded: T): T {
  return (loaded as unknown as { default?: T }).default ?? loaded;
}

export async function loadProxyAgentLibraries(): Promise<ProxyAgentLibraries> {
  const [http, https] = await Promise.all([
    import("http-proxy-agent"),
    import("https-proxy-agent"),
  ]);
  return {
    HttpProxyAgent: commonJs(http).HttpProxyAgent,
    HttpsProxyAgent: commonJs(https).HttpsProxyAgent,
  };
}
