// An instance a Team registration key claimed: every member of that workspace may log in, any
// other account is refused (NO_ACCESS). The cloud decides membership (INSTANCE_ROUTES
// userSession), for the delivery and for every bearer check, so a member removed from the
// workspace loses the instance at once.
import type { Access, Holder } from "./access.js";
import { InvalidBearer } from "./access.js";
import type { Account } from "./account.js";
import { CloudUnavailable } from "./cloud-client.js";
import { NO_ACCESS } from "./guesses.js";
import type { InstanceApi, Workspace } from "./instance-api.js";
import { authError } from "./tokens.js";

export class TeamAccess implements Access {
  readonly refusal = { error: authError(NO_ACCESS.reason, NO_ACCESS.code), why: NO_ACCESS.message };

  constructor(
    private readonly api: InstanceApi,
    /** Learned from the cloud when the key claimed the instance. */
    readonly workspace: Workspace,
  ) {}

  async admit(accessToken: string, account: Account): Promise<boolean> {
    const session = await this.api.userSession(accessToken);
    if (!session) return false;
    if (session.accountId !== account.id) {
      throw new CloudUnavailable("the cloud's user session names another account than userinfo");
    }
    return this.#allowed(session);
  }

  async check(accessToken: string): Promise<Holder> {
    const session = await this.api.userSession(accessToken);
    if (!session || !this.#allowed(session)) {
      throw new InvalidBearer("token is not an active access token of a workspace member");
    }
    return { accountId: session.accountId, expiresAt: session.expiresAt };
  }

  #allowed(session: { access: boolean; workspaceId: string | null }): boolean {
    // The cloud must speak of the workspace this instance learned, or its answer is not ours.
    return session.access && session.workspaceId === this.workspace.id;
  }
}
