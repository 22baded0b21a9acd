// The token a command should use: CAIDO_ACCESS_TOKEN as it is, else the store's (refreshed).
import type { Context } from "../context.js";
import { getAccessToken } from "../session/access-token.js";

export interface UsableToken {
  instanceUrl?: string;
  accessToken: string;
  /** False for CAIDO_ACCESS_TOKEN: nothing to refresh. */
  fromStore: boolean;
}

export async function resolveToken(
  ctx: Context,
  instance: string | undefined,
  options: { minValid?: number; forceRefresh?: boolean } = {},
): Promise<UsableToken> {
  const given = ctx.env.CAIDO_ACCESS_TOKEN;
  if (given)
    return {
      instanceUrl: instance ?? ctx.env.CAIDO_INSTANCE,
      accessToken: given,
      fromStore: false,
    };
  const token = await getAccessToken({ instance, env: ctx.env, signal: ctx.signal, ...options });
  return { instanceUrl: token.instanceUrl, accessToken: token.accessToken, fromStore: true };
}
