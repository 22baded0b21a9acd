// Options for the official @caido/sdk-client on our store. The SDK refreshes with whatever
// refresh token it holds, and a spent refresh token reused revokes the whole session (RFC 9700),
// so it never gets ours: its token cache hands it our access token and a placeholder refresh
// token, and its own refresh call (a RefreshAuthenticationToken mutation that the SDK sends
// through `request.fetch`) is answered here from our store, refreshed under our lock.
import { randomUUID } from "node:crypto";
import { CaidoAuthError } from "../base/errors.js";
import type { AccessToken } from "../session/access-token.js";
import { getAccessToken, type LibraryOptions, renewRefused, tokenOptions } from "./access-token.js";
import { isRefusal } from "./refusal.js";
import { graphqlUrlOf } from "./target.js";

/** The token the SDK's cache loads: ours, with a refresh token only this module understands. */
export interface SdkCachedToken {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
}

/** The SDK's TokenCache: load() gives our token; save() and clear() keep nothing. */
export interface SdkTokenCache {
  load(): Promise<SdkCachedToken>;
  save(token: unknown): Promise<void>;
  clear(): Promise<void>;
}

/** Spread into `new Client({ ...options })` of @caido/sdk-client. */
export interface SdkClientOptions {
  url: string;
  auth: { cache: SdkTokenCache };
  request: { fetch: typeof globalThis.fetch };
}

/**
 * `{ url, auth, request }` for `new Client(...)` of @caido/sdk-client, for `instance` (URL or
 * alias; default as the CLI resolves it). Fails now when there is no usable session. Installs
 * the `ws` package as globalThis.WebSocket when there is none (Node 20): the SDK's constructor
 * needs one.
 */
export async function sdkClientOptions(
  instance?: string,
  options: LibraryOptions = {},
): Promise<SdkClientOptions> {
  const first = await getAccessToken(tokenOptions(instance, options));
  await installWebSocket();
  const url = first.instanceUrl;
  const placeholder = `caido-auth-placeholder-${randomUUID()}`;
  const send = () => options.fetch ?? globalThis.fetch;
  const request = (signal?: AbortSignal | null) => tokenOptions(url, options, signal);
  const cached = (t: AccessToken): SdkCachedToken => ({
    accessToken: t.accessToken,
    refreshToken: placeholder,
    expiresAt: t.expiresAt,
  });
  /** Tokens the instance refused (INVALID_TOKEN, 401; not FORBIDDEN or MISSING_SCOPE). */
  const refused = new Set<string>();

  // The SDK refreshes after any AUTHORIZATION error. Only a refused stored token is replaced
  // (once per refusal, under the lock); otherwise the current stored token is the answer.
  const answerRefresh = async (signal?: AbortSignal | null): Promise<Response> => {
    const known = [...refused];
    let token = await getAccessToken(request(signal));
    if (refused.has(token.accessToken))
      token = await renewRefused(token.accessToken, request(signal));
    for (const old of known) refused.delete(old);
    const body = {
      data: {
        refreshAuthenticationToken: {
          token: { ...cached(token), scopes: token.scopes },
          error: null,
        },
      },
    };
    return Response.json(body);
  };

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input)).href;
    const body = init?.body;
    if (typeof body === "string" && body.includes(placeholder)) {
      if (target === new URL(graphqlUrlOf(url)).href && refreshVariable(body) === placeholder) {
        return answerRefresh(init?.signal);
      }
      throw new CaidoAuthError(
        "the SDK sent caido-auth's placeholder refresh token in a request caido-auth does not know; it was not sent.",
        1,
        "Check that @caido/sdk-client is a version caido-auth supports (^0.3).",
      );
    }
    const headers = init?.headers ?? (input instanceof Request ? input.headers : undefined);
    const bearer = new Headers(headers).get("authorization")?.replace(/^Bearer\s+/i, "");
    const response = await send()(input, init);
    if (bearer && (await isRefusal(response, target, url))) refused.add(bearer);
    return response;
  };

  const cache: SdkTokenCache = {
    // The SDK loads once, in connect(): a fresh token then, not the one of sdkClientOptions.
    async load() {
      return cached(await getAccessToken(request()));
    },
    async save() {},
    async clear() {},
  };
  return { url, auth: { cache }, request: { fetch } };
}

/** variables.refreshToken of a GraphQL request body, if it is one. */
function refreshVariable(body: string): unknown {
  try {
    return (JSON.parse(body) as { variables?: { refreshToken?: unknown } })?.variables
      ?.refreshToken;
  } catch {
    return undefined;
  }
}

async function installWebSocket(): Promise<void> {
  const scope = globalThis as { WebSocket?: unknown };
  if (scope.WebSocket !== undefined) return;
  scope.WebSocket = (await import("ws")).default;
}
