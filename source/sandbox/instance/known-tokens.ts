// What the instance learned about the user access tokens it accepted: whose each is, until when,
// and the profile viewer shows. With it the instance keeps serving known tokens while the cloud
// cannot be reached, as a real instance does, until they expire. A token known to have ended
// (logout, the cloud refused it, its session revoked) stays known as ended, so it is never
// served from here again. In memory only: a restarted instance learns again from the cloud.
import { randomUUID } from "node:crypto";
import type { Account } from "./account.js";
import type { Clock } from "./clock.js";

export interface KnownToken {
  accountId: string;
  /** Ms since the epoch. */
  expiresAt: number;
  account?: Account;
  /** One login's tokens share it through every refresh. */
  session: string;
  ended: boolean;
}

export interface Facts {
  accountId: string;
  expiresAt?: number;
  account?: Account;
  session?: string;
}

/** Past its expiry a token is kept this long, so it is refused as expired, not as unknown. */
const KEEP_EXPIRED_MS = 60 * 60_000;
const SWEEP_EVERY_MS = 60_000;

export class KnownTokens {
  readonly #tokens = new Map<string, KnownToken>();
  #swept = 0;

  constructor(private readonly clock: Clock) {}

  get(accessToken: string): KnownToken | undefined {
    return this.#tokens.get(accessToken);
  }

  /** Adds or updates what is known; an ended token stays ended, one without expiry is skipped. */
  learn(accessToken: string, facts: Facts): KnownToken | undefined {
    this.#sweep();
    const known = this.#tokens.get(accessToken);
    if (known?.ended) return known;
    const same = known?.accountId === facts.accountId ? known : undefined;
    const expiresAt = facts.expiresAt ?? same?.expiresAt;
    // Without an expiry the instance could not tell when to stop serving it.
    if (expiresAt === undefined) return undefined;
    const entry: KnownToken = {
      accountId: facts.accountId,
      expiresAt,
      account: facts.account ?? same?.account,
      session: facts.session ?? same?.session ?? randomUUID(),
      ended: false,
    };
    this.#tokens.set(accessToken, entry);
    return entry;
  }

  /** The profile last learned for any token of this session (a refresh keeps the account). */
  accountOf(session: string): { accountId: string; account?: Account } | undefined {
    let found: KnownToken | undefined;
    for (const known of this.#tokens.values()) {
      if (known.session === session && (!found || known.account)) found = known;
    }
    return found && { accountId: found.accountId, account: found.account };
  }

  end(accessToken: string): void {
    const known = this.#tokens.get(accessToken);
    if (known) known.ended = true;
  }

  /** Ends every token of the session; returns those that were still alive. */
  endSession(session: string): string[] {
    const ended: string[] = [];
    for (const [token, known] of this.#tokens) {
      if (known.session !== session || known.ended) continue;
      known.ended = true;
      ended.push(token);
    }
    return ended;
  }

  #sweep(): void {
    const now = this.clock.now();
    if (now - this.#swept < SWEEP_EVERY_MS) return;
    this.#swept = now;
    for (const [token, known] of this.#tokens) {
      if (known.expiresAt + KEEP_EXPIRED_MS < now) this.#tokens.delete(token);
    }
  }
}
