// Deciding a device request without oidc-provider's own pages: the PAT routes, the
// sandbox's interaction page and the approve()/deny() helpers all end up here.
import type { DeviceCode, Provider } from "oidc-provider";
import type { CloudAccount } from "./types.js";

/** An OAuth-style failure: the routes turn it into `{ error, error_description }`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** oidc-provider stores user codes upper-cased without the mask's dash. */
export function normalizeUserCode(userCode: string): string {
  return userCode.toUpperCase().replace(/\W/g, "");
}

/** The device request behind a user code, if it is still waiting for a decision. */
export async function findPendingCode(provider: Provider, userCode: string): Promise<DeviceCode> {
  const code = await provider.DeviceCode.findByUserCode(normalizeUserCode(userCode), {
    ignoreExpiration: true,
  });
  if (!code) throw new OAuthError(404, "invalid_request", "unknown user code");
  checkPending(code);
  return code;
}

/** Throws unless the device request is still waiting for a decision. */
export function checkPending(code: DeviceCode): void {
  if (code.isExpired) throw new OAuthError(400, "expired_token", "the user code has expired");
  if (code.accountId || code.error) {
    throw new OAuthError(400, "invalid_request", "the user code was already used");
  }
}

/** Back to the form the person saw, with the default mask's dash (****-****). */
export function displayUserCode(normalized: string): string {
  return normalized.replace(/^(.{4})(.{4})$/, "$1-$2");
}

export function requestedScopes(code: DeviceCode): string[] {
  return (code.params.scope ?? "").split(" ").filter(Boolean);
}

/** Approve as `account`: what oidc-provider's consent would do, then mark the code done. */
export async function approveCode(
  provider: Provider,
  code: DeviceCode,
  account: CloudAccount,
  scopes: string[] = requestedScopes(code),
): Promise<void> {
  const requested = new Set(requestedScopes(code));
  const extra = scopes.filter((scope) => !requested.has(scope));
  if (extra.length > 0) {
    throw new OAuthError(400, "invalid_scope", `not requested: ${extra.join(", ")}`);
  }
  const grant = new provider.Grant({ accountId: account.id, clientId: code.clientId });
  grant.addOIDCScope(scopes.join(" "));
  code.grantId = await grant.save();
  code.accountId = account.id;
  code.scope = scopes.join(" ");
  code.authTime = Math.floor(Date.now() / 1000);
  await code.save();
}

/** The token endpoint then answers access_denied for this device code. */
export async function denyCode(code: DeviceCode): Promise<void> {
  code.error = "access_denied";
  code.errorDescription = "End-User denied the request";
  await code.save();
}
