import { describe, expect, it } from "vitest";
import { CancelledError } from "../../source/base/errors.js";
import { codeExpired, denied } from "../../source/instance/errors.js";
import {
  initialState,
  isFinal,
  type LoginEvent,
  type LoginState,
  remainingMs,
  transition,
} from "../../source/session/device-flow.js";

const request = {
  id: "r1",
  userCode: "ABCD-EFGH",
  verificationUrl: "https://caido.io/device?code=ABCD-EFGH",
  expiresAt: 1_000_000,
};
const result = {
  account: { id: "u1", email: "a@b.c", name: "Ada" },
  instanceUrl: "http://127.0.0.1:8080",
  savedTo: "/tmp/config.json",
  nextCommand: "caido-auth status",
};
const expired = codeExpired("http://127.0.0.1:8080", "caido-auth login");
const deny = denied("http://127.0.0.1:8080", "caido-auth login");
const cancelled = new CancelledError();

const base = (interactive: boolean) => ({ interactive, attempt: 1 });
const starting = (interactive = true): LoginState => initialState(interactive);
const waiting = (interactive = true): LoginState => ({
  ...base(interactive),
  phase: "waiting",
  request,
  approval: "device",
  now: 400_000,
  browser: { status: "not-tried" },
});
const expiredState: LoginState = { ...base(true), phase: "expired", request, error: expired };
const success: LoginState = { ...base(true), phase: "success", result };

const started: LoginEvent = { type: "started", request, approval: "device", now: 400_000 };

interface Row {
  name: string;
  from: LoginState;
  event: LoginEvent;
  want: LoginState;
}

const table: Row[] = [
  { name: "code arrives", from: starting(), event: started, want: waiting() },
  {
    name: "tick updates the clock",
    from: waiting(),
    event: { type: "tick", now: 500_000 },
    want: { ...(waiting() as object), now: 500_000 } as LoginState,
  },
  {
    name: "tick before a code is ignored",
    from: starting(),
    event: { type: "tick", now: 1 },
    want: starting(),
  },
  {
    name: "browser opening",
    from: waiting(),
    event: { type: "browser-opening" },
    want: { ...(waiting() as object), browser: { status: "opening" } } as LoginState,
  },
  {
    name: "browser opened",
    from: waiting(),
    event: { type: "browser-opened" },
    want: { ...(waiting() as object), browser: { status: "opened" } } as LoginState,
  },
  {
    name: "browser failure is kept and the login goes on",
    from: waiting(),
    event: { type: "browser-failed", reason: "no xdg-open" },
    want: {
      ...(waiting() as object),
      browser: { status: "failed", reason: "no xdg-open" },
    } as LoginState,
  },
  { name: "approval", from: waiting(), event: { type: "approved", result }, want: success },
  {
    name: "approval before a code is ignored",
    from: starting(),
    event: { type: "approved", result },
    want: starting(),
  },
  {
    name: "interactive expiry waits for r",
    from: waiting(true),
    event: { type: "failed", error: expired },
    want: expiredState,
  },
  {
    name: "non-interactive expiry ends the login",
    from: waiting(false),
    event: { type: "failed", error: expired },
    want: { ...base(false), phase: "failed", error: expired },
  },
  {
    name: "denial ends the login even interactively",
    from: waiting(true),
    event: { type: "failed", error: deny },
    want: { ...base(true), phase: "failed", error: deny },
  },
  {
    name: "start failure",
    from: starting(),
    event: { type: "failed", error: deny },
    want: { ...base(true), phase: "failed", error: deny },
  },
  {
    name: "restart after expiry asks for a new code",
    from: expiredState,
    event: { type: "restart" },
    want: { interactive: true, attempt: 2, phase: "starting" },
  },
  {
    name: "restart while waiting is ignored",
    from: waiting(),
    event: { type: "restart" },
    want: waiting(),
  },
  {
    name: "cancel while waiting",
    from: waiting(),
    event: { type: "cancel", error: cancelled },
    want: { ...base(true), phase: "cancelled", error: cancelled },
  },
  {
    name: "cancel while expired",
    from: expiredState,
    event: { type: "cancel", error: cancelled },
    want: { ...base(true), phase: "cancelled", error: cancelled },
  },
  {
    name: "success is final",
    from: success,
    event: { type: "cancel", error: cancelled },
    want: success,
  },
  {
    name: "a late failure after expiry is ignored",
    from: expiredState,
    event: { type: "failed", error: deny },
    want: expiredState,
  },
];

describe("transition", () => {
  it.each(table)("$name", ({ from, event, want }) => {
    expect(transition(from, event)).toEqual(want);
  });

  it("returns the same object when nothing changes", () => {
    const s = waiting();
    expect(transition(s, { type: "restart" })).toBe(s);
  });

  it("never mutates its input", () => {
    const s = waiting();
    const copy = structuredClone(s);
    transition(s, { type: "browser-opening" });
    transition(s, { type: "tick", now: 9 });
    expect(s).toEqual(copy);
  });
});

describe("helpers", () => {
  it("remainingMs never goes below zero", () => {
    const w = waiting() as LoginState & { phase: "waiting" };
    expect(remainingMs(w)).toBe(600_000);
    expect(remainingMs({ ...w, now: 2_000_000 })).toBe(0);
  });

  it("isFinal", () => {
    expect(isFinal(success)).toBe(true);
    expect(isFinal(expiredState)).toBe(false);
    expect(isFinal(waiting())).toBe(false);
  });
});
