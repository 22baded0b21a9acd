// Who may use the instance. Two rules, as in Caido: a personal instance belongs to the first
// account that logs in (owner-access.ts); one claimed by a Team workspace with a registration
// key admits that workspace's members (team-access.ts). Both ask the cloud on every check.
import type { Account } from "./account.js";
import type { UserError } from "./tokens.js";

export interface Holder {
  accountId: string;
  /** Ms since the epoch, if the cloud said. */
  expiresAt?: number;
}

export interface Access {
  /** When tokens are about to be delivered: may this account log in (and maybe claim)? */
  admit(accessToken: string, account: Account): Promise<boolean>;
  /**
   * A bearer check at the cloud: whose live token this is. Throws InvalidBearer for a token
   * that is not (or no longer) good here, CloudUnavailable when the cloud cannot tell.
   */
  check(accessToken: string): Promise<Holder>;
  /** What a refused account is told, and why, for the log. */
  readonly refusal: { error: UserError; why: string };
}

export class InvalidBearer extends Error {
  override name = "InvalidBearer";
}
