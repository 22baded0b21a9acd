// Refresh under the instance's lock. Refresh tokens rotate and a spent one revokes the whole
// grant, so exactly one process may refresh a given pair: the others wait, read again, and
// take the token the winner stored.
import { debug } from "../debug.js";
import { AuthRequiredError, CaidoAuthError } from "../errors.js";
import { RefreshRefusedError, refreshAuthenticationToken } from "../instance/auth.js";
import { ConfigStore } from "../store/config-store.js";
import type { StoredSession } from "../store/format.js";
import { refreshLockPath, withLock } from "../store/lock.js";
import type { AccessToken } from "./access-token.js";
import { isFreshEnough, issuedSince, warnShortfall } from "./freshness.js";

export interface RefreshRequest {
  dir: string;
  instanceUrl: string;
  /** The access token this process saw before it waited for the lock. */
  seenAccessToken: string;
  minValid: number;
  /** The --min-valid the user gave: a token handed out with less is warned about. */
  warnBelow?: number;
  force: boolean;
  /** Tokens stored after this moment are taken as they are; default: this process's start. */
  since?: number;
  warn: (message: string) => void;
  signal?: AbortSignal;
}

export async function refreshUnderLock(request: RefreshRequest): Promise<AccessToken> {
  const { dir, instanceUrl } = request;
  const answer = (url: string, s: StoredSession, refreshed: boolean): AccessToken => {
    warnShortfall(request.warn, url, s, request.warnBelow);
    return {
      instanceUrl: url,
      accessToken: s.accessToken,
      expiresAt: s.expiresAt,
      scopes: s.scopes,
      refreshed,
    };
  };
  const store = new ConfigStore(dir, request.warn);
  const login = `caido-auth login ${instanceUrl}`;
  return withLock(refreshLockPath(dir, instanceUrl), async () => {
    const session = store.read().sessions[instanceUrl];
    if (!session)
      throw new AuthRequiredError(`not logged in to ${instanceUrl}.`, `Log in: ${login}`);
    if (session.needsLogin)
      throw new AuthRequiredError(
        `the session for ${instanceUrl} has ended.`,
        `Log in again: ${login}`,
      );
    // Another process refreshed since this one started: its token is the one to use.
    const startedAt = request.since ?? performance.timeOrigin;
    if (session.accessToken !== request.seenAccessToken || issuedSince(session, startedAt)) {
      debug(`another process refreshed ${instanceUrl} meanwhile; using its token`);
      return answer(instanceUrl, session, false);
    }
    if (!request.force && isFreshEnough(session, Date.now(), request.minValid))
      return answer(instanceUrl, session, false);
    if (!session.refreshToken) {
      throw new AuthRequiredError(
        `the session for ${instanceUrl} cannot be refreshed (it has no refresh token).`,
        `Log in again: ${login}`,
      );
    }

    debug(`refreshing the session for ${instanceUrl}`);
    let token: Awaited<ReturnType<typeof refreshAuthenticationToken>>;
    try {
      token = await refreshAuthenticationToken(instanceUrl, session.refreshToken, request.signal);
    } catch (error) {
      if (error instanceof RefreshRefusedError) await markNeedsLogin(store, instanceUrl);
      throw error; // a network failure leaves the stored session as it was
    }

    // The old refresh token is spent now: failing to store the new one must not pass quietly.
    const refreshedAt = new Date().toISOString();
    let updated: StoredSession;
    try {
      updated = await store.update((data) => {
        const current = data.sessions[instanceUrl] ?? session;
        const next: StoredSession = {
          ...current,
          accessToken: token.accessToken,
          refreshToken: token.refreshToken ?? current.refreshToken ?? null,
          expiresAt: token.expiresAt,
          scopes: token.scopes,
          refreshedAt,
        };
        delete next.needsLogin;
        data.sessions[instanceUrl] = next;
        return next;
      });
    } catch (error) {
      throw unsaved(store.file, instanceUrl, error);
    }
    return answer(instanceUrl, updated, true);
  });
}

/** The rotated pair could not be stored (ConfigStore already retried): say what now. */
function unsaved(file: string, instanceUrl: string, error: unknown): CaidoAuthError {
  return new CaidoAuthError(
    `refreshed the session for ${instanceUrl} but could not save it: ${(error as Error).message}`,
    1,
    `The old refresh token is spent: fix ${file}, then log in again: caido-auth login ${instanceUrl}`,
  );
}

async function markNeedsLogin(store: ConfigStore, instanceUrl: string): Promise<void> {
  await store.update((data) => {
    const session = data.sessions[instanceUrl];
    if (!session) return;
    session.needsLogin = true;
    // The pair is dead; keep the account and alias so status can say who it was.
    session.accessToken = "";
    session.refreshToken = null;
  });
}
