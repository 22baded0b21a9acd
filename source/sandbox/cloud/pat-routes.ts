// Caido's PAT approval routes (protocol.md "Cloud PAT approval"): a personal access token
// stands in for the person on the consent page, e.g. in CI.
import type { Middleware, Provider } from "oidc-provider";
import { accountByPat } from "./accounts.js";
import { approveCode, findPendingCode, OAuthError, requestedScopes } from "./approval.js";
import { queryString, sendJson, sendOAuthError } from "./http-util.js";
import type { CloudAccount } from "./types.js";

export function patRoutes(
  provider: Provider,
  accounts: CloudAccount[],
  log: (line: string) => void,
): Middleware {
  return async (ctx, next) => {
    const information = ctx.path === "/oauth2/device/information" && ctx.method === "GET";
    const approve = ctx.path === "/oauth2/device/approve" && ctx.method === "POST";
    if (!information && !approve) return next();
    try {
      const account = authenticate(accounts, ctx.get("authorization"));
      const userCode = queryString(ctx, "user_code");
      if (!userCode) throw new OAuthError(400, "invalid_request", "user_code is required");
      const code = await findPendingCode(provider, userCode);
      const client = await provider.Client.find(code.clientId);
      if (information) {
        sendJson(ctx, 200, {
          user_code: userCode,
          client_id: code.clientId,
          client_name: client?.clientName ?? null,
          scopes: requestedScopes(code).map((name) => ({ name })),
        });
        return;
      }
      // No scope parameter at all approves everything requested; present means exactly these.
      const scopeParam = queryString(ctx, "scope");
      const scopes = scopeParam === undefined ? undefined : scopeParam.split(",").filter(Boolean);
      await approveCode(provider, code, account, scopes);
      log(`cloud: ${account.email} approved ${userCode} with a PAT`);
      sendJson(ctx, 200, { approved: true, user_code: userCode, scope: code.scope });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendOAuthError(ctx, error);
    }
  };
}

function authenticate(accounts: CloudAccount[], header: string): CloudAccount {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new OAuthError(401, "invalid_token", "a Bearer PAT is required");
  const account = accountByPat(accounts, match[1]);
  // Never echo the token back: it is a credential.
  if (!account)
    throw new OAuthError(401, "invalid_token", "the personal access token is not valid");
  return account;
}
