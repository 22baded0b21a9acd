// The sandbox's cloud accounts and their personal access tokens. Created once per dataDir
// with random ids and PATs, so a restart keeps them and two sandboxes never share a PAT.
// A seed account missing from an older dataDir is added after the stored ones, which keep
// their ids, PATs and order (tests rely on accounts[0] and accounts[1]).
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { readJson, writeJson } from "./json-file.js";
import type { CloudAccount } from "./types.js";

const SEED = [
  { email: "alice@example.test", name: "Alice", plan: "Pro" },
  { email: "bob@example.test", name: "Bob", plan: "Individual" },
  // Alice's colleague in the sandbox's Team workspace (workspaces.ts); Bob stays outside it.
  { email: "carol@example.test", name: "Carol", plan: "Team" },
];

export function loadAccounts(dataDir: string): CloudAccount[] {
  const file = join(dataDir, "accounts.json");
  const stored = readJson<CloudAccount[]>(file) ?? [];
  const missing = SEED.filter((seed) => !stored.some((account) => account.email === seed.email));
  if (missing.length === 0) return stored;
  const accounts = [
    ...stored,
    ...missing.map((seed) => ({ id: randomUUID(), ...seed, pat: newPat() })),
  ];
  writeJson(file, accounts);
  return accounts;
}

function newPat(): string {
  return `caido_${randomBytes(24).toString("base64url")}`;
}

/** The account owning this PAT; compared in constant time. */
export function accountByPat(accounts: CloudAccount[], pat: string): CloudAccount | undefined {
  const given = Buffer.from(pat);
  return accounts.find((account) => {
    const expected = Buffer.from(account.pat);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** OpenID claims for an account, filtered by oidc-provider according to scope. */
export function accountClaims(account: CloudAccount): Record<string, unknown> {
  return {
    sub: account.id,
    email: account.email,
    email_verified: true,
    name: account.name,
    plan: account.plan,
  };
}
