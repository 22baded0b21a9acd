// A personal instance: the first account to log in claims it (Claim, in secrets.db); bearer
// checks introspect at the cloud with the instance's own credentials and want the owner.
import type { Access, Holder } from "./access.js";
import { InvalidBearer } from "./access.js";
import type { Account, Claim } from "./account.js";
import type { CloudClient, Credentials } from "./cloud-client.js";
import { CLAIMED } from "./guesses.js";
import { authError } from "./tokens.js";

export class OwnerAccess implements Access {
  readonly refusal = {
    error: authError(CLAIMED.reason, CLAIMED.code),
    why: "the instance belongs to another account",
  };

  constructor(
    private readonly cloud: CloudClient,
    private readonly credentials: Credentials,
    private readonly claim: Claim,
  ) {}

  admit(_accessToken: string, account: Account): Promise<boolean> {
    return this.claim.claim(account.id);
  }

  async check(accessToken: string): Promise<Holder> {
    const info = await this.cloud.post(
      "introspection_endpoint",
      { token: accessToken, token_type_hint: "access_token" },
      this.credentials,
    );
    if (
      info.active !== true ||
      info.client_id !== this.credentials.clientId ||
      String(info.token_type).toLowerCase() !== "bearer" ||
      typeof info.sub !== "string" ||
      info.sub !== this.claim.owner()
    ) {
      throw new InvalidBearer("token is not an active access token of this instance's owner");
    }
    const exp = info.exp;
    const expiresAt =
      typeof exp === "number" && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
    return { accountId: info.sub, expiresAt };
  }
}
