// caidoFetch: fetch for one instance with the token `caido-auth token` would print. A refusal
// (HTTP 401, INVALID_TOKEN) refreshes under the instance's lock and sends the request once more.
import { getAccessToken, type LibraryOptions, renewRefused, tokenOptions } from "./access-token.js";
import { isRefusal } from "./refusal.js";
import { prepare, withBearer } from "./target.js";

/**
 * A fetch for `instance` (URL or alias; default as the CLI resolves it). Paths resolve against
 * the instance URL; another origin is refused. Stream bodies are read into memory first, so
 * that a refused request can be sent again.
 */
export function caidoFetch(
  instance?: string,
  options: LibraryOptions = {},
): typeof globalThis.fetch {
  return async (input, init) => {
    const send = options.fetch ?? globalThis.fetch;
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const request = tokenOptions(instance, options, signal);
    const token = await getAccessToken(request);
    const { url, init: replayable } = await prepare(input, init, token.instanceUrl);
    const first = await send(url, withBearer(replayable, token.accessToken));
    if (!(await isRefusal(first, url, token.instanceUrl))) return first;
    await first.body?.cancel().catch(() => {});
    const renewed = await renewRefused(token.accessToken, request);
    return send(url, withBearer(replayable, renewed.accessToken));
  };
}
