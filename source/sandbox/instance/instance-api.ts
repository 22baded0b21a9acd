// The instance's calls to the cloud's routes about itself (INSTANCE_ROUTES in guesses.ts), made
// with its own access token (client credentials); a token the cloud refuses is renewed once.
// Every answer is checked before use: the cloud is another party, even the sandbox's own.
import {
  type CloudClient,
  CloudUnavailable,
  type Credentials,
  OAuthError,
} from "./cloud-client.js";
import { INSTANCE_ROUTES } from "./guesses.js";
import { ensureInstanceToken } from "./registration.js";
import type { SecretsDb } from "./secrets-db.js";

export interface Workspace {
  id: string;
  name: string;
  kind: string;
}

export interface UserSession {
  accountId: string;
  workspaceId: string | null;
  /** The account may use this instance (a member of the workspace that claimed it). */
  access: boolean;
  /** Ms since the epoch, by the cloud's clock. */
  expiresAt: number | undefined;
}

export class InstanceApi {
  constructor(
    private readonly cloud: CloudClient,
    private readonly db: SecretsDb,
    private readonly credentials: Credentials,
  ) {}

  /** Claims the instance for the registration key's Team workspace (again: a no-op). */
  async claimWorkspace(registrationKey: string): Promise<Workspace> {
    const answer = await this.#call("PUT", INSTANCE_ROUTES.workspace, {
      registration_key: registrationKey,
    });
    const workspace = workspaceOf(answer.workspace);
    if (!workspace) throw new CloudUnavailable("the cloud's claim answer names no workspace");
    return workspace;
  }

  /** The workspace that claimed this instance, or null. */
  async workspace(): Promise<Workspace | null> {
    const answer = await this.#call("GET", INSTANCE_ROUTES.workspace);
    if (answer.workspace === null) return null;
    const workspace = workspaceOf(answer.workspace);
    if (!workspace) throw new CloudUnavailable("the cloud's workspace answer is malformed");
    return workspace;
  }

  /** What the cloud says of a user's access token here; null when it is not alive. */
  async userSession(accessToken: string): Promise<UserSession | null> {
    const answer = await this.#call("POST", INSTANCE_ROUTES.userSession, {
      access_token: accessToken,
    });
    if (answer.active !== true) return null;
    const user = answer.user as { id?: unknown } | null | undefined;
    const workspace = answer.workspace === null ? null : workspaceOf(answer.workspace);
    const exp = answer.expires_at;
    if (
      typeof user?.id !== "string" ||
      workspace === undefined ||
      typeof answer.access !== "boolean" ||
      (exp !== undefined && !(typeof exp === "number" && Number.isFinite(exp) && exp > 0))
    ) {
      throw new CloudUnavailable("the cloud's user session answer is malformed");
    }
    return {
      accountId: user.id,
      workspaceId: workspace?.id ?? null,
      access: answer.access,
      expiresAt: typeof exp === "number" ? exp * 1000 : undefined,
    };
  }

  async #call(method: string, path: string, body?: Record<string, string>) {
    const send = async (renew: boolean) => {
      const token = await ensureInstanceToken(this.cloud, this.db, this.credentials, renew);
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: "application/json",
      };
      if (body) headers["content-type"] = "application/json";
      return this.cloud.request(this.cloud.url(path), {
        method,
        headers,
        body: body && JSON.stringify(body),
      });
    };
    try {
      return await send(false);
    } catch (error) {
      if (!(error instanceof OAuthError && error.status === 401)) throw error;
      return send(true);
    }
  }
}

/** A well-formed workspace, or undefined. */
function workspaceOf(value: unknown): Workspace | undefined {
  const w = value as Partial<Record<keyof Workspace, unknown>> | null | undefined;
  if (typeof w?.id !== "string" || typeof w.name !== "string" || typeof w.kind !== "string") {
    return undefined;
  }
  return { id: w.id, name: w.name, kind: w.kind };
}
