// loginAsGuest: refused when guests are not allowed. Otherwise, the field being @cloud, it needs
// the cloud to answer first (the sandbox asks which workspace claimed the instance; what the real
// instance asks is unpublished); then the instance issues the guest's tokens itself.

import { GUESTS_NOT_ALLOWED } from "./guesses.js";
import type { Guests } from "./guests.js";
import type { InstanceApi } from "./instance-api.js";
import type { AuthenticationToken, UserError } from "./tokens.js";

export class GuestLogin {
  constructor(
    readonly allowed: boolean,
    private readonly guests: Guests,
    private readonly api: InstanceApi,
  ) {}

  /** Throws CloudUnavailable or OAuthError when the cloud cannot confirm the instance. */
  async login(): Promise<{ token: AuthenticationToken | null; error: UserError | null }> {
    if (!this.allowed) {
      return {
        token: null,
        error: { __typename: "PermissionDeniedUserError", ...GUESTS_NOT_ALLOWED },
      };
    }
    await this.api.workspace();
    return { token: this.guests.login(), error: null };
  }
}
