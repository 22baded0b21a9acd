// The real dependencies of the login driver: the instance client, the cloud's PAT approval
// and the token store. The driver and the views never touch the network themselves.
import { getViewer, loginCommandFor, startAuthenticationFlow } from "../instance/auth.js";
import { approveWithPat, DEFAULT_CLOUD_URL } from "../instance/cloud-pat.js";
import type { ConfigStore } from "../store/config-store.js";
import type { StoredSession } from "../store/format.js";
import type { LoginDeps, LoginRequest, LoginSuccess } from "./login-driver.js";

export interface LoginSetup {
  instanceUrl: string;
  instanceVersion?: string;
  store: ConfigStore;
  alias?: string;
  makeDefault: boolean;
  /** Present for PAT approval (CAIDO_PAT or --pat-stdin). */
  pat?: { token: string; cloudUrl?: string; scopes?: string[] };
  openBrowser?: (url: string) => Promise<void>;
}

export function loginDeps(setup: LoginSetup): LoginDeps {
  const { instanceUrl } = setup;
  const pat = setup.pat;
  return {
    instanceUrl,
    instanceVersion: setup.instanceVersion,
    now: Date.now,
    openBrowser: setup.openBrowser,
    async start(signal) {
      const request = await startAuthenticationFlow(instanceUrl, signal);
      return { ...request, expiresAt: Date.parse(request.expiresAt) };
    },
    approve: pat
      ? async (request: LoginRequest, signal: AbortSignal) => {
          await approveWithPat({
            cloudUrl: pat.cloudUrl ?? DEFAULT_CLOUD_URL,
            pat: pat.token,
            userCode: request.userCode,
            allowedScopes: pat.scopes,
            signal,
          });
        }
      : undefined,
    async complete(request, signal): Promise<LoginSuccess> {
      // graphql-ws and ws load here, after the code is on screen.
      const { waitForToken } = await import("../instance/subscription.js");
      const token = await waitForToken({
        instanceUrl,
        requestId: request.id,
        expiresAt: request.expiresAt,
        signal,
      });
      const viewer = await getViewer(instanceUrl, token.accessToken, signal);
      const identity = viewer.profile?.identity;
      const account = { id: viewer.id, email: identity?.email, name: identity?.name };
      // The old session (if any) is replaced only now, once the new one is complete.
      await setup.store.update(
        (data) => {
          const previous = data.sessions[instanceUrl];
          const alias = setup.alias ?? previous?.alias;
          if (alias) {
            for (const other of Object.values(data.sessions))
              if (other.alias === alias) delete other.alias;
          }
          const session: StoredSession = {
            ...(alias ? { alias } : {}),
            accessToken: token.accessToken,
            refreshToken: token.refreshToken,
            expiresAt: token.expiresAt,
            scopes: token.scopes,
            account,
            obtainedAt: new Date().toISOString(),
          };
          data.sessions[instanceUrl] = session;
          if (setup.makeDefault || !data.defaultInstance) data.defaultInstance = instanceUrl;
        },
        { moveBroken: true },
      );
      return {
        account,
        instanceUrl,
        savedTo: setup.store.file,
        nextCommand: `caido-auth token ${setup.alias ?? instanceUrl}`,
      };
    },
  };
}

export { loginCommandFor };
