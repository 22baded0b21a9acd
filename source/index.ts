// The library API for Node scripts: the same fresh token `caido-auth token` prints, with the
// same refresh-under-lock, from the same per-user config; a fetch and options for the official
// @caido/sdk-client built on it. Importing this loads neither Ink, React nor GraphQL.

import { setProxyAgentLibraries } from "./instance/proxy.js";

export { AuthRequiredError, CaidoAuthError, CancelledError, UsageError } from "./base/errors.js";
export { getAccessToken, type LibraryOptions } from "./library/access-token.js";
export { caidoFetch } from "./library/caido-fetch.js";
export {
  type SdkCachedToken,
  type SdkClientOptions,
  type SdkTokenCache,
  sdkClientOptions,
} from "./library/sdk-client.js";
export type { AccessToken, TokenOptions } from "./session/access-token.js";

setProxyAgentLibraries(() =>
  import("./instance/proxy-agents.js").then((chunk) => chunk.loadProxyAgentLibraries()),
);
