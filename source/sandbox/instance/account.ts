// Who a user token belongs to (userinfo), and the instance's claim: the first account to log
// in owns the instance, persistently (secrets.db), until its data directory is reset.
import type { CloudClient } from "./cloud-client.js";
import { DEFAULT_PLAN } from "./guesses.js";
import type { SecretsDb } from "./secrets-db.js";

export interface Account {
  id: string;
  email: string;
  name: string;
  plan: string;
}

export async function fetchAccount(cloud: CloudClient, accessToken: string): Promise<Account> {
  const info = await cloud.userinfo(accessToken);
  if (typeof info.sub !== "string") throw new Error("the cloud's userinfo has no sub");
  const plan = info.plan;
  const planName =
    typeof plan === "string"
      ? plan
      : typeof plan === "object" &&
          plan !== null &&
          typeof (plan as { name?: unknown }).name === "string"
        ? (plan as { name: string }).name
        : DEFAULT_PLAN;
  return {
    id: info.sub,
    email: typeof info.email === "string" ? info.email : "",
    name: typeof info.name === "string" ? info.name : "",
    plan: planName,
  };
}

export class Claim {
  constructor(private readonly db: SecretsDb) {}

  owner(): string | undefined {
    return this.db.get("owner");
  }

  /** True when accountId owns the instance now (it may just have claimed it). */
  async claim(accountId: string): Promise<boolean> {
    const owner = this.owner();
    if (owner !== undefined) return owner === accountId;
    // Checked and set without an await in between: two first logins cannot both win.
    const written = this.db.update({ owner: accountId });
    await written;
    return true;
  }
}
