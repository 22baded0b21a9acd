// What each key does on the login screen, by phase: the keys its footer shows, and the cancel
// keys at any time.
import { describe, expect, it } from "vitest";
import type { LoginState } from "../../source/session/device-flow.js";
import { loginAction } from "../../source/ui/login-keys.js";
import { expired, request, succeeded, waiting } from "./_screen.js";

const withUrl = (verificationUrl: string) => waiting({ request: { ...request, verificationUrl } });
const starting: LoginState = { phase: "starting", interactive: true, attempt: 1 };

describe("loginAction", () => {
  it("o opens the browser", () => expect(loginAction("o", waiting(), true)).toBe("open"));
  it("o opens a warned-about page: the person has read the warning", () =>
    expect(loginAction("o", withUrl("https://evil.example/d"), true)).toBe("open"));
  it("o never opens a file: link", () =>
    expect(loginAction("o", withUrl("file:///etc/passwd"), true)).toBeUndefined());
  it("o does nothing when no browser may be opened", () =>
    expect(loginAction("o", waiting(), false)).toBeUndefined());
  it("c copies the code", () => expect(loginAction("c", waiting(), true)).toBe("copy"));
  it("with a PAT, only cancelling", () => {
    for (const key of ["o", "c", "r"])
      expect(loginAction(key, waiting({ approval: "pat" }), true)).toBeUndefined();
    expect(loginAction("q", waiting({ approval: "pat" }), true)).toBe("cancel");
  });
  it("r restarts once expired", () => expect(loginAction("r", expired, true)).toBe("restart"));
  it("r does nothing while waiting", () =>
    expect(loginAction("r", waiting(), true)).toBeUndefined());
  it.each([
    ["q", "q"],
    ["Esc", "escape"],
    ["Ctrl+C", "ctrl-c"],
  ])("%s cancels, whatever the phase", (_name, key) => {
    for (const state of [starting, waiting(), expired, succeeded])
      expect(loginAction(key, state, true)).toBe("cancel");
  });
  it("other keys do nothing", () => {
    for (const key of ["Q", "x", " ", "O", "é"])
      expect(loginAction(key, waiting(), true)).toBeUndefined();
    expect(loginAction("o", expired, true)).toBeUndefined();
    expect(loginAction("c", starting, true)).toBeUndefined();
  });
});
