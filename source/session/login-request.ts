// A new login code: the instance starts the device flow, and its answer is checked as
// --no-wait checks it before keeping it, so nothing unusable reaches a view. Used by the login
// driver (login-deps.ts) and by bin.cjs's early login (fast/early-login.ts) alike.
import { startAuthenticationFlow } from "../instance/auth.js";
import type { LoginRequest } from "./device-flow.js";
import { requestOf, toPending } from "./pending-login.js";

export async function requestLoginCode(
  instanceUrl: string,
  signal?: AbortSignal,
): Promise<LoginRequest> {
  const request = await startAuthenticationFlow(instanceUrl, signal);
  return requestOf(toPending(instanceUrl, request, { makeDefault: false, now: Date.now() }));
}
