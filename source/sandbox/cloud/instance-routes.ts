// The cloud routes an instance calls about itself (INSTANCE_ROUTES in the instance's guesses.ts
// has their shapes): a Team registration key claims the instance for its workspace, and the
// instance asks whether a user's token may be used on it. The instance authenticates with its
// own client credentials access token, so one instance never learns about another's claim.
import type { Middleware, Provider } from "oidc-provider";
import { INSTANCE_ROUTES } from "../instance/guesses.js";
import { OAuthError } from "./approval.js";
import { readJsonObject, sendJson, sendOAuthError } from "./http-util.js";
import type { CloudWorkspace } from "./types.js";
import type { Workspaces } from "./workspaces.js";

export function instanceRoutes(
  provider: Provider,
  workspaces: Workspaces,
  log: (line: string) => void,
): Middleware {
  return async (ctx, next) => {
    const route = `${ctx.method} ${ctx.path}`;
    const routes = [
      `GET ${INSTANCE_ROUTES.workspace}`,
      `PUT ${INSTANCE_ROUTES.workspace}`,
      `POST ${INSTANCE_ROUTES.userSession}`,
    ];
    if (!routes.includes(route)) return next();
    try {
      const clientId = await instanceOf(provider, ctx.get("authorization"));
      if (route === routes[0]) {
        sendJson(ctx, 200, { workspace: publicView(workspaces.claimOf(clientId)) });
      } else if (route === routes[1]) {
        const { registration_key: key } = await readJsonObject(ctx);
        const workspace = typeof key === "string" ? workspaces.byKey(key) : undefined;
        // Never echo the key back: it is a credential.
        if (!workspace) {
          throw new OAuthError(400, "invalid_registration_key", "no workspace has this key");
        }
        if (!workspaces.claim(clientId, workspace)) {
          throw new OAuthError(409, "instance_claimed", "another workspace claimed the instance");
        }
        log(`cloud: instance ${clientId} claimed by the workspace ${workspace.name}`);
        sendJson(ctx, 200, { workspace: publicView(workspace) });
      } else {
        const { access_token: token } = await readJsonObject(ctx);
        sendJson(ctx, 200, await userSession(provider, workspaces, clientId, token));
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendOAuthError(ctx, error);
    }
  };
}

/** The client id behind an instance's own access token (client credentials). */
async function instanceOf(provider: Provider, header: string): Promise<string> {
  const value = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const token = value ? await provider.ClientCredentials.find(value) : undefined;
  if (!token) throw new OAuthError(401, "invalid_token", "an instance access token is required");
  return token.clientId;
}

/** Whether a user's access token is alive, issued to this instance, and its account a member. */
async function userSession(
  provider: Provider,
  workspaces: Workspaces,
  clientId: string,
  value: unknown,
) {
  const token = typeof value === "string" ? await provider.AccessToken.find(value) : undefined;
  if (!token?.accountId || token.clientId !== clientId) return { active: false };
  const workspace = workspaces.claimOf(clientId);
  return {
    active: true,
    user: { id: token.accountId },
    workspace: publicView(workspace),
    // Docs: "You can only log into an instance if it has been claimed".
    access: workspace?.members.includes(token.accountId) ?? false,
    expires_at: token.exp,
  };
}

function publicView(workspace: CloudWorkspace | undefined) {
  return workspace ? { id: workspace.id, name: workspace.name, kind: workspace.kind } : null;
}
