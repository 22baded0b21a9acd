// User tokens after the device flow: refresh through the cloud, bearer checks for authenticated
// operations (introspection with the instance's own credentials), revocation on logout.
// The instance stores no user token; it only remembers in memory which refresh token came
// with which access token, so that logout can end the whole session.
import { type Account, type Claim, fetchAccount } from "./account.js";
import {
  type CloudClient,
  CloudUnavailable,
  type Credentials,
  OAuthError,
} from "./cloud-client.js";
import {
  type AuthenticationToken,
  authError,
  cloudError,
  toAuthenticationToken,
  type UserError,
} from "./tokens.js";

export class InvalidBearer extends Error {
  override name = "InvalidBearer";
}

export interface Caller {
  accessToken: string;
  accountId: string;
  /** When the access token expires (ms since the epoch), if the cloud said. */
  expiresAt?: number;
}

export class Sessions {
  readonly #refreshFor = new Map<string, string>();
  readonly #revokedListeners = new Set<(accessToken: string) => void>();

  constructor(
    private readonly cloud: CloudClient,
    private readonly credentials: Credentials,
    private readonly claim: Claim,
  ) {}

  remember(token: AuthenticationToken): void {
    if (token.refreshToken) this.#refreshFor.set(token.accessToken, token.refreshToken);
  }

  async refresh(
    refreshToken: string,
  ): Promise<{ token: AuthenticationToken | null; error: UserError | null }> {
    try {
      const answer = await this.cloud.post(
        "token_endpoint",
        { grant_type: "refresh_token", refresh_token: refreshToken },
        this.credentials,
      );
      const token = toAuthenticationToken(answer);
      for (const [access, refresh] of this.#refreshFor) {
        if (refresh === refreshToken) this.#refreshFor.delete(access);
      }
      this.remember(token);
      return { token, error: null };
    } catch (error) {
      if (error instanceof CloudUnavailable)
        return { token: null, error: cloudError("UNAVAILABLE") };
      if (error instanceof OAuthError && error.error === "invalid_grant") {
        // oidc-provider keeps the reason (spent, revoked, expired) out of its answer.
        const expired = /expired/i.test(error.description ?? "");
        return { token: null, error: authError(expired ? "EXPIRED" : "INVALID") };
      }
      if (error instanceof OAuthError) return { token: null, error: cloudError("UNEXPECTED") };
      throw error;
    }
  }

  /** The owner's valid access token from an Authorization header, or InvalidBearer. */
  async authenticate(authorization: string | undefined): Promise<Caller> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match?.[1]) throw new InvalidBearer("no bearer token");
    const accessToken = match[1];
    const info = await this.cloud.post(
      "introspection_endpoint",
      { token: accessToken, token_type_hint: "access_token" },
      this.credentials,
    );
    const owner = this.claim.owner();
    if (
      info.active !== true ||
      info.client_id !== this.credentials.clientId ||
      String(info.token_type).toLowerCase() !== "bearer" ||
      typeof info.sub !== "string" ||
      info.sub !== owner
    ) {
      throw new InvalidBearer("token is not an active access token of this instance's owner");
    }
    const exp = info.exp;
    const expiresAt =
      typeof exp === "number" && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
    return { accessToken, accountId: info.sub, expiresAt };
  }

  /** Calls listener with every access token this instance revokes (logout). */
  onRevoked(listener: (accessToken: string) => void): () => void {
    this.#revokedListeners.add(listener);
    return () => this.#revokedListeners.delete(listener);
  }

  account(caller: Caller): Promise<Account> {
    return fetchAccount(this.cloud, caller.accessToken);
  }

  /** Revokes the access token and the refresh token issued with it, if the instance saw it. */
  async logout(caller: Caller): Promise<void> {
    const refreshToken = this.#refreshFor.get(caller.accessToken);
    this.#refreshFor.delete(caller.accessToken);
    if (refreshToken) await this.revoke(refreshToken, "refresh_token");
    await this.revoke(caller.accessToken, "access_token");
  }

  async revoke(token: string, hint: "access_token" | "refresh_token"): Promise<void> {
    await this.cloud.post(
      "revocation_endpoint",
      { token, token_type_hint: hint },
      this.credentials,
      { allowEmpty: true },
    );
    if (hint === "access_token") for (const listener of this.#revokedListeners) listener(token);
  }
}
