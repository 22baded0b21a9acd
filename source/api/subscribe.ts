// api --subscribe: print each event of a GraphQL subscription as one JSON line until the
// server completes it, --limit events, or a signal. The access token is renewed before it
// expires by opening a second subscription with a fresh token and closing the first once
// both deliver the same event (no event lost or doubled); a connection that drops is
// reopened with a fresh token, saying on stderr that events in between may be missing.
import type { Context } from "../base/context.js";
import { CaidoAuthError, CancelledError } from "../base/errors.js";
import { InstanceFailure, unreachable, websocketFailure } from "../instance/errors.js";
import { refusesToken } from "../instance/invalid-token.js";
import type { Answer } from "./merge.js";
import { eventKey, OverlapDeduper, type Source } from "./overlap.js";
import { refusedTokenFailure, type TokenSource } from "./token.js";
import {
  openSubscription,
  type Subscription,
  type SubscriptionRequest,
} from "./ws-subscription.js";

export interface SubscribeOptions {
  ctx: Context;
  tokens: TokenSource;
  request: SubscriptionRequest;
  headers: Record<string, string>;
  /** Stop after this many printed events. */
  limit?: number;
  silent: boolean;
  keepAliveMs?: number;
  /** Reconnection attempts after a drop before giving up. */
  maxRetries?: number;
}

type Role = "pending" | "primary" | "old" | "retired";

interface Connection {
  sub?: Subscription;
  role: Role;
  accessToken: string;
  expiresAt: number | undefined;
  /** The token was refreshed because the previous one was refused. */
  forced: boolean;
  events: number;
  /** It ended (closed, refused); a primary stays primary until the loop replaces it. */
  dead: boolean;
  /** Events that arrived before the connection was promoted. */
  buffer: Answer[];
}

type Wake = { kind: "rotate" } | { kind: "ended"; conn: Connection; why: string; refused: boolean };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Renew this long before expiry: a quarter of the remaining life, between 2 s (a refresh and
 * a new connection on a loaded machine) and 60 s.
 */
export function renewLead(remainingMs: number): number {
  return Math.min(60_000, Math.max(2_000, remainingMs / 4));
}

export class Subscriber {
  private readonly ctx: Context;
  private readonly dedupe = new OverlapDeduper();
  private primary: Connection | undefined;
  private old: Connection | undefined;
  private printed = 0;
  private eventsFailed = false;
  private result: { code: number } | { error: Error } | undefined;
  private wakes: Wake[] = [];
  private waiter: (() => void) | undefined;
  private rotationTimer: NodeJS.Timeout | undefined;
  private overlapTimer: NodeJS.Timeout | undefined;
  private instanceUrl = "";
  /** Connections in a row that ended without delivering an event. */
  private barren = 0;

  constructor(private readonly options: SubscribeOptions) {
    this.ctx = options.ctx;
  }

  async run(): Promise<number> {
    const { signal } = this.ctx;
    const onAbort = () => this.finish({ error: new CancelledError() });
    const onStdoutError = () => this.finish({ code: this.exitCode() });
    signal.addEventListener("abort", onAbort, { once: true });
    this.ctx.io.stdout.once("error", onStdoutError);
    try {
      if (signal.aborted) throw new CancelledError();
      this.primary = await this.establish("initial", false);
      if (this.primary) this.promote(this.primary);
      while (!this.result) {
        const wake = await this.nextWake();
        if (!wake || this.result) break;
        if (wake.kind === "rotate") await this.rotate();
        else if (wake.conn === this.primary) await this.recover(wake.why, wake.refused);
      }
    } catch (error) {
      this.finish({ error: error as Error });
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.ctx.io.stdout.removeListener("error", onStdoutError);
      this.closeAll();
    }
    const result = this.result as { code: number } | { error: Error };
    if ("error" in result) throw result.error;
    return result.code;
  }

  private exitCode(): number {
    return this.eventsFailed ? 1 : 0;
  }

  private finish(result: { code: number } | { error: Error }): void {
    if (this.result) return;
    this.result = result;
    this.closeAll();
    this.wake();
  }

  private wake(wake?: Wake): void {
    if (wake) this.wakes.push(wake);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private nextWake(): Promise<Wake | undefined> {
    const queued = this.wakes.shift();
    if (queued || this.result) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.waiter = () => resolve(this.wakes.shift());
    });
  }

  private closeAll(): void {
    clearTimeout(this.rotationTimer);
    clearTimeout(this.overlapTimer);
    for (const conn of [this.primary, this.old]) this.retire(conn);
  }

  private retire(conn: Connection | undefined): void {
    if (!conn || conn.role === "retired") return;
    conn.role = "retired";
    conn.sub?.close();
  }

  private stderr(line: string): void {
    this.ctx.io.stderr.write(`caido-auth: ${line}\n`);
  }

  /** Opens a connection and waits until it is live. Rejects with a typed error, or "refused". */
  private connect(token: { accessToken: string; expiresAt: string | null }, forced: boolean) {
    const conn: Connection = {
      role: "pending",
      accessToken: token.accessToken,
      expiresAt: token.expiresAt ? Date.parse(token.expiresAt) : undefined,
      forced,
      events: 0,
      dead: false,
      buffer: [],
    };
    return new Promise<Connection>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error | "refused") => {
        if (settled) return;
        settled = true;
        this.ctx.signal.removeEventListener("abort", onAbort);
        if (error === undefined) return resolve(conn);
        this.retire(conn);
        reject(error);
      };
      const onAbort = () => settle(new CancelledError());
      this.ctx.signal.addEventListener("abort", onAbort, { once: true });
      openSubscription(
        {
          instanceUrl: this.instanceUrl,
          accessToken: token.accessToken,
          request: this.options.request,
          headers: this.options.headers,
          keepAliveMs: this.options.keepAliveMs,
        },
        {
          live: () => settle(),
          next: (payload) => this.onNext(conn, payload),
          error: (errors) => this.onError(conn, errors),
          complete: () => this.onComplete(conn),
          closed: (why, live) => {
            if (!live) {
              const refused = /^code 44(01|03)\b/.test(why);
              return settle(refused ? "refused" : websocketFailure(this.instanceUrl, why));
            }
            this.onEnded(conn, why, false);
          },
        },
      ).then(
        (sub) => {
          conn.sub = sub;
          if (conn.role === "retired") sub.close();
        },
        (error: Error) => settle(unreachable(this.instanceUrl, error.message)),
      );
    });
  }

  /**
   * A live connection with a usable token: refreshed first when the last one was refused
   * (force), retried with backoff after network failures unless this is the first one.
   */
  private async establish(why: "initial" | "gap", force: boolean): Promise<Connection> {
    const { tokens } = this.options;
    const retries = why === "initial" ? 0 : (this.options.maxRetries ?? 5);
    let forced = force;
    for (let attempt = 0; ; attempt++) {
      const token = forced ? await tokens.refreshed() : await tokens.current();
      this.instanceUrl = token.instanceUrl;
      try {
        return await this.connect(token, forced);
      } catch (error) {
        if (error === "refused") {
          if (forced || token.source !== "store") throw refusedTokenFailure(token);
          forced = true;
          continue;
        }
        if (error instanceof CancelledError || attempt >= retries) throw error;
        await sleep(Math.min(250 * 2 ** attempt, 5_000), this.ctx.signal);
        if (this.ctx.signal.aborted) throw new CancelledError();
      }
    }
  }

  private promote(conn: Connection): void {
    conn.role = "primary";
    this.primary = conn;
    const buffered = conn.buffer.splice(0);
    for (const payload of buffered) this.onNext(conn, payload);
    this.scheduleRotation(conn);
  }

  private scheduleRotation(conn: Connection): void {
    clearTimeout(this.rotationTimer);
    if (!this.options.tokens.renewable || conn.expiresAt === undefined) return;
    const remaining = conn.expiresAt - Date.now();
    const delay = Math.max(0, remaining - renewLead(remaining));
    this.rotationTimer = setTimeout(() => this.wake({ kind: "rotate" }), delay);
  }

  /** The renewal failed while the connection still works: again in a second, while it can. */
  private retryRotation(current: Connection): void {
    if (current.dead || this.primary !== current) return;
    if ((current.expiresAt ?? 0) - Date.now() <= 1_500) return; // the drop will reconnect
    clearTimeout(this.rotationTimer);
    this.rotationTimer = setTimeout(() => this.wake({ kind: "rotate" }), 1_000);
  }

  /** Before the token expires: a second subscription with a fresh one, overlapping the first. */
  private async rotate(): Promise<void> {
    const current = this.primary;
    if (!current || current.dead || current.expiresAt === undefined) return;
    // An overlap still open (nothing came on either): the older token is spent by now.
    this.endOld();
    const minValid = Math.ceil((current.expiresAt - Date.now()) / 1000) + 1;
    let fresh: Connection;
    try {
      const token = await this.options.tokens.current(Math.max(1, minValid));
      if (token.accessToken === current.accessToken) return; // nothing newer to move to
      fresh = await this.connect(token, false);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      // The old connection still works: try again shortly, unless its token is about to die.
      this.ctx.debug(`token renewal for the subscription failed: ${String(error)}`);
      return this.retryRotation(current);
    }
    if (this.result) return this.retire(fresh);
    if (fresh.dead) return this.retryRotation(current);
    if (current.dead) {
      // The old connection ended while the new one was connecting: events may be missing.
      this.retire(current);
      this.primary = undefined;
      this.promote(fresh);
      this.stderr(
        "the subscription's connection closed while renewing the token; reconnected with a fresh one: events in between may have been missed.",
      );
      return;
    }
    current.role = "old";
    this.old = current;
    this.dedupe.begin();
    this.promote(fresh);
    this.stderr(
      "access token renewed: the subscription reconnected with it, overlapping the old connection so that no event is lost or repeated.",
    );
    // Its token expires soon anyway; without a shared event the two never met: no event came.
    const left = (current.expiresAt ?? Date.now()) - Date.now();
    clearTimeout(this.overlapTimer);
    this.overlapTimer = setTimeout(() => this.endOld(), Math.max(0, left) + 2_000);
  }

  private endOld(): void {
    if (!this.old) return;
    this.retire(this.old);
    this.old = undefined;
    clearTimeout(this.overlapTimer);
    this.dedupe.oldEnded();
  }

  /** The primary connection ended: reconnect with a fresh token and say what may be missing. */
  private async recover(why: string, refused: boolean): Promise<void> {
    const dropped = this.primary;
    this.retire(dropped);
    this.primary = undefined;
    this.endOld();
    clearTimeout(this.rotationTimer);
    if (refused && dropped?.forced && dropped.events === 0) {
      const token = await this.options.tokens.current();
      throw refusedTokenFailure(token);
    }
    // A server that accepts and drops every connection would have us reconnect forever.
    this.barren = dropped?.events === 0 ? this.barren + 1 : 0;
    const maxRetries = this.options.maxRetries ?? 5;
    if (this.barren > maxRetries) {
      throw websocketFailure(
        this.instanceUrl,
        `${this.barren} connections in a row ended without an event, the last: ${why}`,
      );
    }
    if (this.barren > 1) {
      await sleep(Math.min(200 * 2 ** (this.barren - 2), 2_000), this.ctx.signal);
      if (this.ctx.signal.aborted) throw new CancelledError();
    }
    const conn = await this.establish("gap", refused);
    if (this.result) return this.retire(conn);
    this.promote(conn);
    // Refused before any event (a stale stored token, say): it simply starts now.
    if (this.printed === 0 && dropped?.events === 0) return;
    this.stderr(
      `the subscription's connection closed (${why}); reconnected: events in between may have been missed.`,
    );
  }

  private onEnded(conn: Connection, why: string, refused: boolean) {
    if (conn.role === "retired" || this.result) return;
    conn.dead = true;
    if (conn.role === "old") return this.endOld();
    if (conn.role === "pending") {
      conn.role = "retired";
      return;
    }
    this.wake({ kind: "ended", conn, why, refused });
  }

  private sourceOf(conn: Connection): Source {
    if (conn.role === "old") return "old";
    return this.old ? "new" : "only";
  }

  private onNext(conn: Connection, payload: Answer) {
    if (conn.role === "retired" || this.result) return;
    if (refusesToken(payload.errors)) {
      conn.sub?.close();
      return this.onEnded(conn, "the instance refused the access token", true);
    }
    if (conn.role === "pending") {
      conn.buffer.push(payload);
      return;
    }
    conn.events++;
    const decision = this.dedupe.offer(this.sourceOf(conn), eventKey(payload));
    if (decision.closeOld) this.endOld();
    if (!decision.print) return;
    if (Array.isArray(payload.errors) && payload.errors.length > 0) this.eventsFailed = true;
    if (!this.options.silent) this.ctx.io.stdout.write(`${JSON.stringify(payload)}\n`);
    this.printed++;
    if (this.options.limit !== undefined && this.printed >= this.options.limit) {
      this.finish({ code: this.exitCode() });
    }
  }

  private onError(conn: Connection, errors: unknown[]) {
    if (conn.role === "retired" || this.result) return;
    if (refusesToken(errors))
      return this.onEnded(conn, "the instance refused the access token", true);
    if (conn.role !== "primary") return this.onEnded(conn, "the operation failed", false);
    // The operation itself was refused (a field that does not exist, say): the answer, as is.
    if (!this.options.silent) this.ctx.io.stdout.write(`${JSON.stringify({ errors })}\n`);
    this.finish({ code: 1 });
  }

  private onComplete(conn: Connection) {
    if (conn.role === "retired" || this.result) return;
    if (conn.role === "old") return this.endOld();
    if (conn.role === "pending") {
      conn.role = "retired";
      return;
    }
    this.finish({ code: this.exitCode() });
  }
}

export function subscribe(options: SubscribeOptions): Promise<number> {
  return new Subscriber(options).run();
}

export { CaidoAuthError, InstanceFailure };
