// Guests of an instance started with --allow-guests. A guest has no cloud account, so the
// instance issues the tokens itself (opaque, random) and refreshes them locally: each refresh
// rotates the refresh token, and a spent one coming back ends that guest's session, as the cloud
// does for users. In memory only: a restarted instance has no guests.
import { randomBytes, randomUUID } from "node:crypto";
import { InvalidBearer } from "./access.js";
import type { Clock } from "./clock.js";
import { GUEST_SCOPES } from "./guesses.js";
import { type AuthenticationToken, authError, type UserError } from "./tokens.js";

export interface GuestOptions {
  clock: Clock;
  /** Seconds an access token lives (the sandbox's access token TTL). */
  accessTtl: number;
  /** Seconds a refresh token lives. */
  refreshTtl: number;
}

export interface GuestCaller {
  guestId: string;
  /** Ms since the epoch, by the instance's clock. */
  expiresAt: number;
}

interface GuestSession {
  guestId: string;
  /** Access token → its expiry. */
  access: Map<string, number>;
  refresh: string;
  refreshExpiresAt: number;
  /** Refresh tokens already used: one coming back ends the session. */
  spent: Set<string>;
  ended: boolean;
}

export class Guests {
  readonly #byAccess = new Map<string, GuestSession>();
  readonly #byRefresh = new Map<string, GuestSession>();

  constructor(private readonly options: GuestOptions) {}

  /** A new guest and its first tokens. */
  login(): AuthenticationToken {
    const session: GuestSession = {
      guestId: randomUUID(),
      access: new Map(),
      refresh: "",
      refreshExpiresAt: 0,
      spent: new Set(),
      ended: false,
    };
    return this.#issue(session);
  }

  /** The guest behind an access token; undefined when it is no guest token at all. */
  authenticate(accessToken: string): GuestCaller | undefined {
    const session = this.#byAccess.get(accessToken);
    if (!session) return undefined;
    const expiresAt = session.access.get(accessToken);
    if (session.ended || expiresAt === undefined || expiresAt <= this.options.clock.now()) {
      throw new InvalidBearer("the guest token has ended");
    }
    return { guestId: session.guestId, expiresAt };
  }

  /**
   * Rotates a guest's refresh token; undefined when it is no guest token at all. Reuse of a
   * spent one ends the session: `ended` lists the access tokens that died with it.
   */
  refresh(
    refreshToken: string,
  ): { token: AuthenticationToken | null; error: UserError | null; ended: string[] } | undefined {
    const session = this.#byRefresh.get(refreshToken);
    if (!session) return undefined;
    if (session.ended) return { token: null, error: authError("INVALID"), ended: [] };
    if (session.spent.has(refreshToken)) {
      return { token: null, error: authError("INVALID"), ended: this.#end(session) };
    }
    if (session.refreshExpiresAt <= this.options.clock.now()) {
      return { token: null, error: authError("EXPIRED"), ended: [] };
    }
    session.spent.add(refreshToken);
    return { token: this.#issue(session), error: null, ended: [] };
  }

  /** Ends the guest session of this access token; returns the access tokens that ended. */
  logout(accessToken: string): string[] {
    const session = this.#byAccess.get(accessToken);
    return session ? this.#end(session) : [];
  }

  #issue(session: GuestSession): AuthenticationToken {
    const now = this.options.clock.now();
    const accessToken = randomBytes(32).toString("base64url");
    const refreshToken = randomBytes(32).toString("base64url");
    const expiresAt = now + this.options.accessTtl * 1000;
    session.access.set(accessToken, expiresAt);
    session.refresh = refreshToken;
    session.refreshExpiresAt = now + this.options.refreshTtl * 1000;
    this.#byAccess.set(accessToken, session);
    this.#byRefresh.set(refreshToken, session);
    this.#sweep(now);
    return {
      accessToken,
      refreshToken,
      expiresAt: new Date(expiresAt).toISOString(),
      scopes: [...GUEST_SCOPES],
    };
  }

  #end(session: GuestSession): string[] {
    if (session.ended) return [];
    session.ended = true;
    return [...session.access.keys()];
  }

  /** Forgets sessions whose refresh token expired long ago (their tokens are all dead). */
  #sweep(now: number): void {
    for (const [token, session] of this.#byRefresh) {
      if (session.refreshExpiresAt + 60 * 60_000 >= now) continue;
      this.#byRefresh.delete(token);
      for (const access of session.access.keys()) this.#byAccess.delete(access);
    }
  }
}
