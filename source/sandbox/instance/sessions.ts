// Tokens after login, users' and guests' alike: bearer checks (at the cloud through Access, or
// from what the instance remembers while the cloud cannot be reached), refresh (at the cloud,
// rotating; or the guests' own), logout. No user token is written to disk; in memory the
// instance keeps which refresh token belongs to which login, so that logout, and a spent refresh
// token coming back, end the whole login.
import { randomUUID } from "node:crypto";
import { type Access, InvalidBearer } from "./access.js";
import { type Account, fetchAccount } from "./account.js";
import { type Clock, isStale } from "./clock.js";
import {
  type CloudClient,
  CloudUnavailable,
  type Credentials,
  OAuthError,
} from "./cloud-client.js";
import { STALE_DATE } from "./guesses.js";
import type { Guests } from "./guests.js";
import { type KnownToken, KnownTokens } from "./known-tokens.js";
import {
  type AuthenticationToken,
  authError,
  cloudError,
  toAuthenticationToken,
  type UserError,
} from "./tokens.js";

export type UserCaller = {
  kind: "user";
  accessToken: string;
  accountId: string;
  /** When the access token expires (ms since the epoch), if known. */
  expiresAt?: number;
};
export type GuestCaller = {
  kind: "guest";
  accessToken: string;
  guestId: string;
  expiresAt: number;
};
export type Caller = UserCaller | GuestCaller;

type Refreshed = { token: AuthenticationToken | null; error: UserError | null };

export class Sessions {
  readonly #known: KnownTokens;
  /** Refresh token → its login; spent ones stay, so that their reuse ends that login. */
  readonly #refreshTokens = new Map<string, { session: string; spent: boolean }>();
  /** Login → its current refresh token. */
  readonly #currentRefresh = new Map<string, string>();
  readonly #revokedListeners = new Set<(accessToken: string) => void>();

  constructor(
    private readonly cloud: CloudClient,
    private readonly credentials: Credentials,
    private readonly access: Access,
    private readonly guests: Guests,
    private readonly clock: Clock,
  ) {
    this.#known = new KnownTokens(clock);
  }

  /** A login's tokens, delivered to account just now. */
  remember(token: AuthenticationToken, account: Account): void {
    const session = randomUUID();
    const expiresAt = Date.parse(token.expiresAt);
    this.#known.learn(token.accessToken, { accountId: account.id, expiresAt, account, session });
    if (token.refreshToken) this.#track(token.refreshToken, session);
  }

  async refresh(refreshToken: string): Promise<Refreshed> {
    const guest = this.guests.refresh(refreshToken);
    if (guest) {
      this.#notify(guest.ended);
      return { token: guest.token, error: guest.error };
    }
    try {
      // The clocks first, from an answer that spends nothing: a refresh refused for the date
      // must leave the refresh token as good as it was.
      const date = await this.cloud.date();
      if (date !== undefined && isStale(date, this.clock)) {
        return { token: null, error: authError(STALE_DATE.reason, STALE_DATE.code) };
      }
      const answer = await this.cloud.post(
        "token_endpoint",
        { grant_type: "refresh_token", refresh_token: refreshToken },
        this.credentials,
      );
      const token = toAuthenticationToken(answer, this.clock.now());
      this.#rotated(refreshToken, token);
      return { token, error: null };
    } catch (error) {
      if (error instanceof CloudUnavailable)
        return { token: null, error: cloudError("UNAVAILABLE") };
      if (error instanceof OAuthError && error.error === "invalid_grant") {
        this.#refused(refreshToken);
        // oidc-provider keeps the reason (spent, revoked, expired) out of its answer.
        const expired = /expired/i.test(error.description ?? "");
        return { token: null, error: authError(expired ? "EXPIRED" : "INVALID") };
      }
      if (error instanceof OAuthError) return { token: null, error: cloudError("UNEXPECTED") };
      throw error;
    }
  }

  /**
   * Whose valid access token is in an Authorization header, or InvalidBearer. The cloud decides
   * while it answers; when it cannot be reached, a token the instance knows is served until it
   * expires (as a real instance does), and any other gets CloudUnavailable.
   */
  async authenticate(authorization: string | undefined): Promise<Caller> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match?.[1]) throw new InvalidBearer("no bearer token");
    const accessToken = match[1];
    const guest = this.guests.authenticate(accessToken);
    if (guest) return { kind: "guest", accessToken, ...guest };

    const known = this.#known.get(accessToken);
    if (known?.ended) throw new InvalidBearer("the token has ended");
    try {
      const holder = await this.access.check(accessToken);
      this.#known.learn(accessToken, holder);
      return { kind: "user", accessToken, ...holder };
    } catch (error) {
      if (error instanceof InvalidBearer) this.#known.end(accessToken);
      if (error instanceof CloudUnavailable && known) return this.#fromMemory(accessToken, known);
      throw error;
    }
  }

  /** The account behind a user's token; while the cloud is away, the profile learned last. */
  async account(caller: UserCaller): Promise<Account> {
    try {
      const account = await fetchAccount(this.cloud, caller.accessToken);
      this.#known.learn(caller.accessToken, { accountId: account.id, account });
      return account;
    } catch (error) {
      const known = this.#known.get(caller.accessToken);
      if (error instanceof CloudUnavailable && known?.account && !known.ended) return known.account;
      throw error;
    }
  }

  /** Calls listener with every access token that ends here (logout, a revoked login). */
  onRevoked(listener: (accessToken: string) => void): () => void {
    this.#revokedListeners.add(listener);
    return () => this.#revokedListeners.delete(listener);
  }

  /** Ends the caller's login: a guest's here, a user's at the cloud (which must answer). */
  async logout(caller: Caller): Promise<void> {
    if (caller.kind === "guest") {
      this.#notify(this.guests.logout(caller.accessToken));
      return;
    }
    const session = this.#known.get(caller.accessToken)?.session;
    const refreshToken = session === undefined ? undefined : this.#currentRefresh.get(session);
    if (refreshToken) await this.revoke(refreshToken, "refresh_token");
    await this.revoke(caller.accessToken, "access_token");
    // The cloud revokes a token's whole grant with it: every token of this login is over.
    this.#known.end(caller.accessToken);
    if (session !== undefined) {
      this.#currentRefresh.delete(session);
      this.#notify(this.#known.endSession(session));
    }
  }

  async revoke(token: string, hint: "access_token" | "refresh_token"): Promise<void> {
    await this.cloud.post(
      "revocation_endpoint",
      { token, token_type_hint: hint },
      this.credentials,
      { allowEmpty: true },
    );
    if (hint === "access_token") this.#notify([token]);
  }

  #fromMemory(accessToken: string, known: KnownToken): UserCaller {
    if (known.expiresAt <= this.clock.now()) throw new InvalidBearer("the token has expired");
    return { kind: "user", accessToken, accountId: known.accountId, expiresAt: known.expiresAt };
  }

  #track(refreshToken: string, session: string): void {
    this.#refreshTokens.set(refreshToken, { session, spent: false });
    this.#currentRefresh.set(session, refreshToken);
  }

  /** After a refresh: the new tokens belong to the old one's login, and it is spent. */
  #rotated(spent: string, token: AuthenticationToken): void {
    const entry = this.#refreshTokens.get(spent);
    const session = entry?.session ?? randomUUID();
    this.#refreshTokens.set(spent, { session, spent: true });
    const holder = this.#known.accountOf(session);
    if (holder) {
      const expiresAt = Date.parse(token.expiresAt);
      this.#known.learn(token.accessToken, { ...holder, expiresAt, session });
    }
    if (token.refreshToken) this.#track(token.refreshToken, session);
  }

  /** A spent refresh token came back: the cloud revoked its whole grant, and so does memory. */
  #refused(refreshToken: string): void {
    const entry = this.#refreshTokens.get(refreshToken);
    if (!entry?.spent) return;
    this.#currentRefresh.delete(entry.session);
    this.#notify(this.#known.endSession(entry.session));
  }

  #notify(accessTokens: string[]): void {
    for (const token of accessTokens)
      for (const listener of this.#revokedListeners) listener(token);
  }
}
