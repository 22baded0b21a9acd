// A new login's session into the store: it replaces the instance's old one only now, once it is
// complete, takes the alias (from whichever session had it), becomes the default when asked or
// when there is none, and ends any login left pending for the instance.
import type { AuthenticationToken } from "../instance/auth.js";
import type { ConfigStore } from "../store/config-store.js";
import type { Account, StoredSession } from "../store/format.js";
import type { LoginSuccess } from "./login-driver.js";
import { removePending } from "./pending-login.js";

export interface SaveLogin {
  instanceUrl: string;
  store: ConfigStore;
  alias?: string;
  makeDefault: boolean;
  /** The pending login (login --resume) this one finishes. */
  pendingRequestId?: string;
  guest?: boolean;
}

export async function saveLogin(
  setup: SaveLogin,
  token: AuthenticationToken,
  account: Account,
): Promise<LoginSuccess> {
  const { instanceUrl } = setup;
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
        ...(setup.guest ? { guest: true } : {}),
        obtainedAt: new Date().toISOString(),
      };
      data.sessions[instanceUrl] = session;
      if (setup.makeDefault || !data.defaultInstance) data.defaultInstance = instanceUrl;
      // A plain login completes whatever was pending too: that request is of no use now.
      removePending(data, instanceUrl, setup.pendingRequestId);
    },
    { moveBroken: true },
  );
  return {
    account,
    instanceUrl,
    savedTo: setup.store.file,
    nextCommand: `caido-auth token ${setup.alias ?? instanceUrl}`,
  };
}
