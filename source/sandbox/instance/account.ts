// Who a user token belongs to (userinfo), and the instance's claim: the first account to log
// in owns the instance, persistently (secrets.db), until its data directory is reset.
import type { CloudClient } from "./cloud-client.js";
import { DEFAULT_PLAN, PLAN_ENTITLEMENTS } from "./guesses.js";
import type { SecretsDb } from "./secrets-db.js";

export interface Account {
  id: string;
  email: string;
  name: string;
  plan: string;
  entitlements: string[];
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
    entitlements: entitlementsOf(info.entitlements) ?? PLAN_ENTITLEMENTS[planName] ?? [],
  };
}

/** An `entitlements` claim as names (strings or {name} objects, at most 100), if well-formed. */
function entitlementsOf(claim: unknown): string[] | undefined {
  if (!Array.isArray(claim) || claim.length > 100) return undefined;
  const names = claim.map((e) =>
    typeof e === "string" ? e : typeof e?.name === "string" ? (e.name as string) : undefined,
  );
  return names.every((n): n is string => typeof n === "string" && n.length <= 200)
    ? names
    : undefined;
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
