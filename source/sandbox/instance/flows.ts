// Device authorizations the instance runs at the cloud on behalf of its clients. Each request
// polls the token endpoint in the background; its outcome is kept under the request id until
// one subscriber takes it, so a subscription that starts after the approval still gets it.
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Access } from "./access.js";
import { fetchAccount } from "./account.js";
import { type Clock, isStale } from "./clock.js";
import {
  type CloudClient,
  CloudUnavailable,
  type Credentials,
  OAuthError,
} from "./cloud-client.js";
import { STALE_DATE, UNKNOWN_REQUEST } from "./guesses.js";
import { AUTH_SCOPE } from "./registration.js";
import type { Sessions } from "./sessions.js";
import {
  type AuthenticationToken,
  authError,
  cloudError,
  internalError,
  toAuthenticationToken,
  type UserError,
} from "./tokens.js";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** RFC 8628 §3.5: 5 s when the cloud names no interval; slow_down adds 5 s. */
const DEFAULT_INTERVAL_S = 5;
/** How long an outcome nobody collected is kept after the code expired. */
const KEEP_MS = 5 * 60_000;

export interface AuthenticationRequest {
  id: string;
  userCode: string;
  verificationUrl: string;
  expiresAt: string;
}
export interface Outcome {
  token: AuthenticationToken | null;
  error: UserError | null;
}

interface Entry {
  result?: Outcome;
  waiters: ((outcome: Outcome) => void)[];
  timer?: NodeJS.Timeout;
}

function unlimited(controller: AbortController): AbortController {
  setMaxListeners(0, controller.signal);
  return controller;
}

export class DeviceFlows {
  readonly #entries = new Map<string, Entry>();
  // Every pending login sleeps on this one signal: more than ten at once is normal here.
  readonly #stop = unlimited(new AbortController());

  constructor(
    private readonly cloud: CloudClient,
    private readonly credentials: Credentials,
    private readonly access: Access,
    private readonly sessions: Sessions,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<{ request: AuthenticationRequest | null; error: UserError | null }> {
    let answer: Record<string, unknown>;
    try {
      answer = await this.cloud.post(
        "device_authorization_endpoint",
        { scope: AUTH_SCOPE },
        this.credentials,
      );
    } catch (error) {
      if (error instanceof CloudUnavailable)
        return { request: null, error: cloudError("UNAVAILABLE") };
      if (error instanceof OAuthError) return { request: null, error: cloudError("UNEXPECTED") };
      throw error;
    }
    const { device_code, user_code, verification_uri, verification_uri_complete } = answer;
    if (typeof device_code !== "string" || typeof user_code !== "string") {
      return { request: null, error: cloudError("UNEXPECTED") };
    }
    const expiresIn = typeof answer.expires_in === "number" ? answer.expires_in : 600;
    const interval = typeof answer.interval === "number" ? answer.interval : DEFAULT_INTERVAL_S;
    const expiresAt = Date.now() + expiresIn * 1000;
    const request = {
      id: randomUUID(),
      userCode: user_code,
      verificationUrl: String(verification_uri_complete ?? verification_uri),
      // As this machine's clock has it (the polling below goes by the real one).
      expiresAt: new Date(this.clock.now() + expiresIn * 1000).toISOString(),
    };
    const entry: Entry = { waiters: [] };
    this.#entries.set(request.id, entry);
    this.#forgetLater(request.id, entry, expiresAt + KEEP_MS - Date.now());
    this.log(`instance: login request ${request.id} started, user code ${user_code}`);
    void this.#poll(device_code, interval, expiresAt).then(
      (outcome) => this.#settle(request.id, outcome),
      (error) => this.#settle(request.id, { token: null, error: internalError(String(error)) }),
    );
    return { request, error: null };
  }

  /** The outcome of a request, once; resolves when it is known or signal aborts (then never). */
  wait(requestId: string, signal?: AbortSignal): Promise<Outcome> {
    const entry = this.#entries.get(requestId);
    if (!entry)
      return Promise.resolve({
        token: null,
        error: authError(UNKNOWN_REQUEST.reason, UNKNOWN_REQUEST.code),
      });
    if (entry.result) {
      this.#forget(requestId, entry);
      return Promise.resolve(entry.result);
    }
    return new Promise((resolve) => {
      entry.waiters.push(resolve);
      signal?.addEventListener("abort", () => {
        entry.waiters = entry.waiters.filter((w) => w !== resolve);
      });
    });
  }

  close(): void {
    this.#stop.abort();
    for (const [id, entry] of this.#entries) this.#forget(id, entry);
  }

  #settle(id: string, outcome: Outcome): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.log(
      `instance: login request ${id} ${outcome.token ? "approved" : `failed (${describe(outcome.error)})`}`,
    );
    const [first, ...others] = entry.waiters;
    if (!first) {
      entry.result = outcome;
      return;
    }
    this.#forget(id, entry);
    first(outcome);
    for (const other of others)
      other({ token: null, error: authError(UNKNOWN_REQUEST.reason, UNKNOWN_REQUEST.code) });
  }

  #forgetLater(id: string, entry: Entry, ms: number): void {
    entry.timer = setTimeout(() => this.#forget(id, entry), Math.max(ms, 0));
    entry.timer.unref();
  }

  #forget(id: string, entry: Entry): void {
    clearTimeout(entry.timer);
    if (this.#entries.get(id) === entry) this.#entries.delete(id);
  }

  async #poll(deviceCode: string, interval: number, expiresAt: number): Promise<Outcome> {
    let delay = interval;
    let unreachable: string | undefined;
    for (;;) {
      await sleep(delay * 1000, undefined, { signal: this.#stop.signal });
      // Past expiry the cloud answers expired_token; only an unreachable cloud gets us here.
      if (Date.now() > expiresAt + delay * 1000 * 2) {
        return {
          token: null,
          error: unreachable ? internalError(unreachable) : authError("EXPIRED"),
        };
      }
      let answer: Record<string, unknown>;
      let date: number | undefined;
      try {
        answer = await this.cloud.post(
          "token_endpoint",
          { grant_type: DEVICE_GRANT, device_code: deviceCode },
          this.credentials,
          { onDate: (value) => (date = value) },
        );
      } catch (error) {
        if (error instanceof CloudUnavailable) {
          unreachable = `the cloud is unreachable: ${error.message}`;
          continue;
        }
        if (!(error instanceof OAuthError)) throw error;
        unreachable = undefined;
        if (error.error === "authorization_pending") continue;
        if (error.error === "slow_down") {
          delay += 5;
          continue;
        }
        if (error.error === "access_denied") return { token: null, error: authError("DENIED") };
        if (error.error === "expired_token") return { token: null, error: authError("EXPIRED") };
        return { token: null, error: authError("INVALID") };
      }
      // The device code is spent now: whatever fails next ends this request.
      const token = toAuthenticationToken(answer, this.clock.now());
      return this.#accept(token, date).catch((error: Error) => ({
        token: null,
        error: internalError(`cannot finish the login: ${error.message}`),
      }));
    }
  }

  /**
   * The last checks before delivery, each refusing with its own error and revoking the new
   * tokens: this machine's clock against the cloud's Date, then the instance's access rule.
   */
  async #accept(token: AuthenticationToken, cloudDate: number | undefined): Promise<Outcome> {
    if (cloudDate !== undefined && isStale(cloudDate, this.clock)) {
      const off = Math.round((this.clock.now() - cloudDate) / 1000);
      const error = authError(STALE_DATE.reason, STALE_DATE.code);
      return this.#refuse(token, `Date mismatch: this clock is ${off} s off the cloud's`, error);
    }
    const account = await fetchAccount(this.cloud, token.accessToken);
    if (await this.access.admit(token.accessToken, account)) {
      this.sessions.remember(token, account);
      return { token, error: null };
    }
    const who = account.email || account.id;
    return this.#refuse(token, `${who}: ${this.access.refusal.why}`, this.access.refusal.error);
  }

  async #refuse(token: AuthenticationToken, why: string, error: UserError): Promise<Outcome> {
    this.log(`instance: refused ${why}`);
    const revoked = await Promise.allSettled([
      token.refreshToken ? this.sessions.revoke(token.refreshToken, "refresh_token") : undefined,
      this.sessions.revoke(token.accessToken, "access_token"),
    ]);
    const failed = revoked.filter((r) => r.status === "rejected").length;
    this.log(
      `instance: ${failed ? `could not revoke ${failed} of` : "revoked"} the refused account's tokens`,
    );
    return { token: null, error };
  }
}

function describe(error: UserError | null): string {
  if (!error) return "no result";
  return "reason" in error ? `${error.code} ${error.reason}` : error.code;
}
