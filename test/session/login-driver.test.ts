import { describe, expect, it } from "vitest";
import { CaidoAuthError, CancelledError } from "../../source/base/errors.js";
import { codeExpired, denied, InstanceFailure } from "../../source/instance/errors.js";
import type { LoginState } from "../../source/session/device-flow.js";
import { runLogin } from "../../source/session/login-driver.js";
import { deferred, FakeClock, fakeDeps, flush, makeRequest, success } from "./_fake-login.js";

const instance = "http://127.0.0.1:8080";
const expiredError = () => codeExpired(instance, "caido-auth login");

function setup(opts: { interactive?: boolean; extra?: Parameters<typeof fakeDeps>[1] } = {}) {
  const clock = new FakeClock();
  const fake = fakeDeps(clock, opts.extra);
  const states: LoginState[] = [];
  const abort = new AbortController();
  const handle = runLogin(fake.deps, (s) => states.push(s), abort.signal, {
    interactive: opts.interactive ?? false,
  });
  // Keep rejections observed; tests await done where they care.
  handle.done.catch(() => {});
  return { clock, ...fake, states, abort, handle, phases: () => states.map((s) => s.phase) };
}

describe("runLogin", () => {
  it("shows the code before opening the browser, then succeeds", async () => {
    const t = setup();
    let seenAtOpen: LoginState[] = [];
    t.deps.openBrowser = async (url) => {
      seenAtOpen = [...t.states];
      t.opened.push(url);
    };
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    // The person sees URL and code before any browser is tried.
    expect(seenAtOpen[1]).toMatchObject({
      phase: "waiting",
      request: { userCode: "ABCD-EFGH" },
      browser: { status: "not-tried" },
    });
    expect(seenAtOpen.at(-1)).toMatchObject({ browser: { status: "opening" } });
    expect(t.opened).toEqual(["https://caido.io/device?user_code=code1"]);
    const last = t.states.at(-1)!;
    expect(last.phase === "waiting" && last.browser).toEqual({ status: "opened" });
    t.completes[0]!.d.resolve(success);
    await expect(t.handle.done).resolves.toEqual(success);
    expect(t.handle.state().phase).toBe("success");
    expect(t.clock.liveTimers).toBe(0);
  });

  it("counts down with the fake clock", async () => {
    const t = setup();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    t.clock.advance(3_000);
    const s = t.handle.state();
    expect(s.phase === "waiting" && s.request.expiresAt - s.now).toBe(15 * 60_000 - 3_000);
  });

  it("reports a browser failure and keeps waiting", async () => {
    const t = setup({
      extra: { openBrowser: async () => Promise.reject(new Error("xdg-open: not found")) },
    });
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    const s = t.handle.state();
    expect(s.phase === "waiting" && s.browser).toEqual({
      status: "failed",
      reason: "xdg-open: not found",
    });
    t.completes[0]!.d.resolve(success);
    await expect(t.handle.done).resolves.toBe(success);
  });

  it("does not open a browser without an opener, and openBrowser() is a no-op", async () => {
    const t = setup({ extra: { openBrowser: undefined } });
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    t.handle.openBrowser();
    const s = t.handle.state();
    expect(s.phase === "waiting" && s.browser).toEqual({ status: "not-tried" });
  });

  it("opens again on request", async () => {
    const t = setup();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    t.handle.openBrowser();
    await flush();
    expect(t.opened).toHaveLength(2);
  });

  it("ends with the expired error when not interactive", async () => {
    const t = setup();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    t.completes[0]!.d.reject(expiredError());
    await expect(t.handle.done).rejects.toMatchObject({ kind: "expired", exitCode: 4 });
    expect(t.phases().at(-1)).toBe("failed");
  });

  it("waits for restart after expiry when interactive, then uses the new code", async () => {
    const t = setup({ interactive: true });
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    t.completes[0]!.d.reject(expiredError());
    await flush();
    expect(t.handle.state().phase).toBe("expired");
    expect(t.completes[0]!.signal.aborted).toBe(true);
    expect(t.clock.liveTimers).toBe(0);
    t.handle.restart();
    expect(t.handle.state()).toMatchObject({ phase: "starting", attempt: 2 });
    t.starts[1]!.resolve(makeRequest(2, t.clock));
    await flush();
    const s = t.handle.state();
    expect(s.phase === "waiting" && s.request.userCode).toBe("WXYZ-2345");
    t.completes[1]!.d.resolve(success);
    await expect(t.handle.done).resolves.toBe(success);
  });

  it("rejects with the denial", async () => {
    const t = setup({ interactive: true });
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    t.completes[0]!.d.reject(denied(instance, "caido-auth login"));
    await expect(t.handle.done).rejects.toBeInstanceOf(InstanceFailure);
    expect(t.phases().at(-1)).toBe("failed");
  });

  it("cancel aborts the calls and rejects with CancelledError (exit 130)", async () => {
    const t = setup({ interactive: true });
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    t.handle.cancel();
    await expect(t.handle.done).rejects.toBeInstanceOf(CancelledError);
    await expect(t.handle.done).rejects.toMatchObject({ exitCode: 130 });
    expect(t.completes[0]!.signal.aborted).toBe(true);
    // A late answer cannot turn a cancelled login into a success.
    t.completes[0]!.d.resolve(success);
    await flush();
    expect(t.handle.state().phase).toBe("cancelled");
  });

  it("the outer signal cancels too", async () => {
    const t = setup();
    t.abort.abort();
    await expect(t.handle.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("an already aborted signal never calls the instance", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock);
    const handle = runLogin(fake.deps, () => {}, AbortSignal.abort(), {});
    await expect(handle.done).rejects.toBeInstanceOf(CancelledError);
    expect(fake.starts).toHaveLength(0);
  });

  it("a failing start ends the login", async () => {
    const t = setup();
    t.starts[0]!.reject(new InstanceFailure("unreachable", "cannot reach it"));
    await expect(t.handle.done).rejects.toMatchObject({ kind: "unreachable" });
  });

  it("wraps unexpected errors so they still carry an exit code", async () => {
    const t = setup();
    t.starts[0]!.reject(new TypeError("boom"));
    const error = await t.handle.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaidoAuthError);
    expect(error).toMatchObject({ exitCode: 1, message: "unexpected error: boom" });
  });

  it("PAT approval: no browser, complete() is waiting before approve() runs", async () => {
    const order: string[] = [];
    const approval = deferred<void>();
    const t = setup({
      extra: {
        approve: async () => {
          order.push("approve");
          return approval.promise;
        },
      },
    });
    const complete = t.deps.complete;
    t.deps.complete = (r, s) => {
      order.push("complete");
      return complete(r, s);
    };
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await flush();
    expect(order).toEqual(["complete", "approve"]);
    expect(t.opened).toEqual([]);
    const s = t.handle.state();
    expect(s.phase === "waiting" && s.approval).toBe("pat");
    approval.resolve();
    t.completes[0]!.d.resolve(success);
    await expect(t.handle.done).resolves.toBe(success);
  });

  it("PAT approval failure ends the login and aborts the wait", async () => {
    const t = setup({
      extra: { approve: async () => Promise.reject(new CaidoAuthError("PAT rejected", 4)) },
    });
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await expect(t.handle.done).rejects.toMatchObject({ message: "PAT rejected", exitCode: 4 });
    expect(t.completes[0]!.signal.aborted).toBe(true);
  });
});
