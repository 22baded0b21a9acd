// Refresh under the instance's lock. Refresh tokens rotate and a spent one revokes the whole
// grant, so exactly one process may refresh a given pair: the others wait, read again, and
// take the token the winner stored. The instance spends the old refresh token before we hold
// the new one, so everything the save needs is checked and reserved before the request goes
// out, and SIGINT/SIGTERM/SIGHUP wait (bounded) until the new pair is saved.
import { debug } from "../base/debug.js";
import { AuthRequiredError, CaidoAuthError, CancelledError } from "../base/errors.js";
import { RefreshRefusedError, refreshAuthenticationToken } from "../instance/auth.js";
import { InstanceFailure } from "../instance/errors.js";
import { ConfigStore, type Reservation } from "../store/config-store.js";
import { deferSignals } from "../store/defer-signals.js";
import { StorageError } from "../store/files.js";
import { loginCommandFor, type StoredSession } from "../store/format.js";
import { refreshLockPath, withLock } from "../store/lock.js";
import { endedSession } from "../store/session-check.js";
import { isFreshEnough, issuedSince, remainingMs, warnShortfall } from "./freshness.js";

/** A token for an instance, and whether this call refreshed it. */
export interface AccessToken {
  instanceUrl: string;
  accessToken: string;
  expiresAt: string;
  scopes: string[];
  refreshed: boolean;
}

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
  const lockPath = refreshLockPath(dir, instanceUrl);
  const waitOptions = { signal: request.signal };
  // A lock or config that cannot be used fails here, before anything is sent: say so.
  const unusable = (error: unknown) => {
    throw error instanceof StorageError ? notRefreshed(instanceUrl, error) : error;
  };
  // This process's start; not performance.timeOrigin, whose perf_hooks take ~0.5 ms to load.
  const startedAt = request.since ?? Date.now() - process.uptime() * 1000;
  /** Another process refreshed since this one started: its token is the one to use. */
  const refreshedMeanwhile = (session: StoredSession) =>
    session.accessToken !== request.seenAccessToken || issuedSince(session, startedAt);
  // While another process holds the lock: once its new token is stored, take it, lock-free.
  const storedByHolder = () => {
    let session: StoredSession | undefined;
    try {
      session = store.read().sessions[instanceUrl];
    } catch {
      return undefined; // under the lock, the same read reports it
    }
    if (!session || session.needsLogin || !refreshedMeanwhile(session)) return undefined;
    debug(`another process refreshed ${instanceUrl}; using its token`);
    return answer(instanceUrl, session, false);
  };
  return withLock(
    lockPath,
    async (lock) => {
      const session = store.read().sessions[instanceUrl];
      if (!session)
        throw new AuthRequiredError(`not logged in to ${instanceUrl}.`, `Log in: ${login}`);
      if (session.needsLogin) throw endedSession(instanceUrl, session);
      if (refreshedMeanwhile(session)) {
        debug(`another process refreshed ${instanceUrl} meanwhile; using its token`);
        return answer(instanceUrl, session, false);
      }
      if (!request.force && isFreshEnough(session, Date.now(), request.minValid))
        return answer(instanceUrl, session, false);
      if (!session.refreshToken) {
        throw new AuthRequiredError(
          `the session for ${instanceUrl} cannot be refreshed (it has no refresh token).`,
          `Log in again: ${loginCommandFor(instanceUrl, session)}`,
        );
      }

      // Whatever could fail after the refresh token is spent is checked now: the directory and
      // config.json usable, the config lock taken (held until the save), the new file's space
      // written.
      let reservation: Reservation;
      try {
        reservation = await store.reserve(waitOptions);
      } catch (error) {
        throw notRefreshed(instanceUrl, error);
      }
      let deferred: ReturnType<typeof deferSignals> | undefined;
      try {
        lock.check();
        if (request.signal?.aborted) throw new CancelledError();
        debug(`refreshing the session for ${instanceUrl}`);
        deferred = deferSignals();
        let token: Token;
        try {
          // No abort signal: once the request is out, its answer must be saved.
          token = await refreshAuthenticationToken(instanceUrl, session.refreshToken);
        } catch (error) {
          if (error instanceof RefreshRefusedError) {
            reservation.discard(); // marking the session ended takes the config lock itself
            throw await refused(store, instanceUrl, session, error);
          }
          // The instance keeps serving a token it knows while its cloud is away: use it.
          const left = remainingMs(session, Date.now());
          if (cloudAway(error) && !request.force && left > 0) {
            request.warn(
              `cannot refresh the session for ${instanceUrl}: the instance cannot reach the Caido cloud; using the stored token, valid for ${Math.floor(left / 1000)} s more.`,
            );
            const { accessToken, expiresAt, scopes } = session;
            return { instanceUrl, accessToken, expiresAt, scopes, refreshed: false };
          }
          throw error; // a network failure leaves the stored session as it was
        }
        return answer(
          instanceUrl,
          await save(store, instanceUrl, session, token, reservation),
          true,
        );
      } finally {
        reservation.discard();
        deferred?.release();
      }
    },
    waitOptions,
    storedByHolder,
  ).catch(unusable);
}

type Token = Awaited<ReturnType<typeof refreshAuthenticationToken>>;

/** The refresh failed only because the instance could not reach the Caido cloud. */
const cloudAway = (error: unknown) =>
  error instanceof InstanceFailure && error.kind === "cloud-unavailable";

/** Stores the rotated pair, in the space reserved before the refresh. */
async function save(
  store: ConfigStore,
  instanceUrl: string,
  session: StoredSession,
  token: Token,
  reservation: Reservation,
): Promise<StoredSession> {
  // The old refresh token is spent now: failing to store the new one must not pass quietly.
  const refreshedAt = new Date().toISOString();
  try {
    return await store.update(
      (data) => {
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
        delete next.malformed;
        data.sessions[instanceUrl] = next;
        return next;
      },
      { reservation },
    );
  } catch (error) {
    throw unsaved(store.file, instanceUrl, error);
  }
}

/** A check before the refresh failed: nothing was sent, the stored session still works. */
function notRefreshed(instanceUrl: string, error: unknown): unknown {
  if (!(error instanceof CaidoAuthError) || error instanceof CancelledError) return error;
  return new CaidoAuthError(
    `cannot refresh the session for ${instanceUrl}: ${error.message}`,
    error.exitCode,
    `${error.hint ?? ""} Nothing was sent to the instance: the stored session is kept.`.trim(),
  );
}

/**
 * The instance refused the refresh token. Only EXPIRED and INVALID say the token itself is dead:
 * then the session has ended. STALE_DATE is the instance's clock, DENIED the account's access:
 * the tokens are kept for when that is fixed.
 */
async function refused(
  store: ConfigStore,
  instanceUrl: string,
  session: StoredSession,
  error: RefreshRefusedError,
): Promise<CaidoAuthError> {
  const host = new URL(instanceUrl).host;
  switch (error.reason) {
    case "expired":
    case "invalid":
      await markNeedsLogin(store, instanceUrl);
      return session.guest
        ? new AuthRequiredError(
            error.message,
            `Log in again: ${loginCommandFor(instanceUrl, session)}`,
          )
        : error;
    case "stale_date":
      return new CaidoAuthError(
        `${instanceUrl} refused the refresh because the clock of the machine running the instance (${host}) is more than 5 minutes off (STALE_DATE).`,
        1,
        `Set that machine's clock right (e.g. enable NTP on ${host}), then retry; the session is kept.`,
      );
    case "denied":
      return new AuthRequiredError(
        `${instanceUrl} denied the refresh: the account may no longer have access to this instance.`,
        `The session is kept; if access was removed, log in with an account that has it: caido-auth login ${instanceUrl}`,
      );
    default:
      return new CaidoAuthError(
        `${instanceUrl} refused the refresh (${error.reason}); the session is kept.`,
        1,
        "Retry later; if it keeps failing, log in again.",
      );
  }
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
