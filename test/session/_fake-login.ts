// Fakes of the login driver's dependencies: a manual clock and deferred instance calls.
import type { LoginDeps, LoginRequest, LoginSuccess } from "../../source/session/login-driver.js";

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run (no real time passes). */
export const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

export class FakeClock {
  t = 1_700_000_000_000;
  private timers: { every: number; next: number; fn: () => void; live: boolean }[] = [];
  now = () => this.t;
  every = (ms: number, fn: () => void) => {
    const timer = { every: ms, next: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  };
  get liveTimers() {
    return this.timers.filter((t) => t.live).length;
  }
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => t.live && t.next <= end)
        .sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.t = due.next;
      due.next += due.every;
      due.fn();
    }
    this.t = end;
  }
}

export function makeRequest(n = 1, clock?: FakeClock): LoginRequest {
  return {
    id: `req-${n}`,
    userCode: n === 1 ? "ABCD-EFGH" : "WXYZ-2345",
    verificationUrl: `https://caido.io/device?user_code=code${n}`,
    expiresAt: (clock?.t ?? 1_700_000_000_000) + 15 * 60_000,
  };
}

export const success: LoginSuccess = {
  account: { id: "acc-1", email: "ada@example.com", name: "Ada Lovelace" },
  instanceUrl: "http://127.0.0.1:8080",
  savedTo: "/home/ada/.config/caido-auth/config.json",
  nextCommand: "caido-auth status",
};

/** Deps whose every call is recorded and answered by the test. */
export function fakeDeps(clock: FakeClock, extra: Partial<LoginDeps> = {}) {
  const starts: Deferred<LoginRequest>[] = [];
  const completes: { request: LoginRequest; signal: AbortSignal; d: Deferred<LoginSuccess> }[] = [];
  const opened: string[] = [];
  const deps: LoginDeps = {
    instanceUrl: "http://127.0.0.1:8080",
    instanceVersion: "0.56.0",
    now: clock.now,
    every: clock.every,
    start: () => {
      const d = deferred<LoginRequest>();
      starts.push(d);
      return d.promise;
    },
    complete: (request, signal) => {
      const d = deferred<LoginSuccess>();
      completes.push({ request, signal, d });
      return d.promise;
    },
    openBrowser: async (url) => {
      opened.push(url);
    },
    ...extra,
  };
  return { deps, starts, completes, opened };
}
