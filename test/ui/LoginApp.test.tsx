import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError } from "../../source/errors.js";
import { claimed, cloudUnavailable, denied, unreachable } from "../../source/instance/errors.js";
import type { LoginState } from "../../source/session/device-flow.js";
import { LoginApp } from "../../source/ui/LoginApp.js";
import { decodeQrFromText } from "./_qr-decode.js";
import { appProps, expired, plain, recorder, succeeded, tick, URL_, waiting } from "./_screen.js";

const instance = "http://127.0.0.1:8080";
const failed = (error: Error): LoginState =>
  ({ phase: "failed", interactive: true, attempt: 1, error }) as LoginState;

const mounted: { unmount(): void }[] = [];
function show(props: ReturnType<typeof appProps>) {
  const r = render(<LoginApp {...props} />);
  mounted.push(r);
  return r;
}
afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});

describe("LoginApp screens", () => {
  it("starting", () => {
    const f = plain(
      show(appProps({ phase: "starting", interactive: true, attempt: 1 })).lastFrame(),
    );
    expect(f).toContain("Logging in to http://127.0.0.1:8080 (Caido 0.56.0)");
    expect(f).toContain("Requesting a login code");
    expect(f).toContain("q quit");
  });

  it("waiting on 80x24: code, link, countdown, keys and a QR that scans", () => {
    const frame = show(appProps(waiting())).lastFrame()!;
    const f = plain(frame);
    expect(f).toContain("A B C D - E F G H");
    expect(f).toContain(URL_);
    expect(f).toContain("expires in 14:55");
    expect(f).toContain("o open browser · c copy code · q cancel");
    expect(frame).toContain(`\x1b]8;;${URL_}\x07`);
    const lines = f.split("\n");
    expect(lines.length).toBeLessThan(24);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(decodeQrFromText(lines)).toBe(URL_);
  });

  it("shows browser status", () => {
    const failedOpen = waiting({ browser: { status: "failed", reason: "xdg-open missing" } });
    expect(plain(show(appProps(failedOpen)).lastFrame())).toContain(
      "Could not open a browser (xdg-open missing)",
    );
    const opened = waiting({ browser: { status: "opened" } });
    expect(plain(show(appProps(opened)).lastFrame())).toContain("Opened in your browser.");
  });

  it("warns when the verification host is not Caido's", () => {
    const state = waiting({
      request: { ...waiting().request, verificationUrl: "https://evil.example/d" },
    } as never);
    const f = plain(show(appProps(state)).lastFrame());
    expect(f).toContain("Warning: the sign-in page is on evil.example");
  });

  it("trusts the CAIDO_CLOUD_URL host", () => {
    const state = waiting({
      request: { ...waiting().request, verificationUrl: "https://auth.corp/d" },
    } as never);
    const f = plain(show(appProps(state, { cloudUrl: "https://auth.corp" })).lastFrame());
    expect(f).not.toContain("Warning");
  });

  it("narrow 40 columns: wraps, drops the QR with a note", () => {
    const f = plain(show(appProps(waiting(), { columns: 40 })).lastFrame());
    expect(f).toContain("A B C D - E F G H");
    expect(f.replace(/\n/g, " ")).toContain("Enlarge the terminal to 65x22 for a QR code.");
    expect(f).not.toMatch(/[█▀▄]/);
    for (const line of f.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(40);
  });

  it("QR below the text on a tall narrow terminal", () => {
    const f = plain(show(appProps(waiting(), { columns: 40, rows: 40 })).lastFrame());
    expect(decodeQrFromText(f.split("\n"))).toBe(URL_);
  });

  it("--no-qr", () => {
    const f = plain(show(appProps(waiting(), { qr: false })).lastFrame());
    expect(f).toContain("QR code off (--no-qr).");
    expect(f).not.toMatch(/[█▀▄]/);
  });

  it("NO_COLOR: no colour codes, no QR, no hyperlink, a note", () => {
    const frame = show(appProps(waiting(), { color: false, hyperlinks: false })).lastFrame()!;
    expect(frame).not.toContain("\x1b[38;5");
    expect(frame).not.toContain("\x1b]8");
    expect(frame).toContain("No QR code while NO_COLOR is set");
    expect(frame).toContain(URL_);
  });

  it("PAT approval: no browser line, only cancel", () => {
    const f = plain(show(appProps(waiting({ approval: "pat" }))).lastFrame());
    expect(f).toContain("personal access token");
    expect(f).not.toContain("o open browser");
    expect(f).not.toMatch(/[█▀▄]|QR/);
    expect(f).toContain("q cancel");
  });

  it("expired offers r", () => {
    const f = plain(show(appProps(expired)).lastFrame());
    expect(f).toContain("Code expired");
    expect(f).toContain("Press r for a new code");
    expect(f).toContain("r new code · q quit");
  });

  it("success names the account, instance, file and next command", () => {
    const f = plain(show(appProps(succeeded)).lastFrame());
    expect(f).toContain("Logged in to http://127.0.0.1:8080 as Ada Lovelace <ada@example.com>");
    expect(f).toContain("Session saved to /home/ada/.config/caido-auth/config.json");
    expect(f).toContain("Next: caido-auth status");
  });

  it.each([
    [
      "denied",
      denied(instance, "caido-auth login"),
      "Login denied",
      "To try again: caido-auth login",
    ],
    ["claimed", claimed(instance), "Instance claimed by another account", "reset its claim"],
    ["unreachable", unreachable(instance, "ECONNREFUSED"), "Instance unreachable", "Check the URL"],
    ["cloud", cloudUnavailable(instance), "Caido cloud unreachable", "internet access"],
  ])("%s error has its heading, message and next step", (_n, error, heading, hint) => {
    const f = plain(show(appProps(failed(error))).lastFrame());
    expect(f).toContain(`✗ ${heading}`);
    const message = error.message.startsWith("http")
      ? error.message
      : error.message.charAt(0).toUpperCase() + error.message.slice(1);
    expect(f.replace(/\n/g, " ")).toContain(message);
    expect(f).toContain(hint);
  });

  it("cancelled says nothing was stored", () => {
    const state = {
      phase: "cancelled",
      interactive: true,
      attempt: 1,
      error: new CancelledError(),
    } as LoginState;
    const f = plain(show(appProps(state)).lastFrame());
    expect(f).toContain("Login cancelled");
    expect(f).toContain("Nothing was stored.");
  });
});

describe("LoginApp keys", () => {
  async function press(state: LoginState, input: string, over = {}) {
    const rec = recorder();
    const r = show(appProps(state, { actions: rec.actions, ...over }));
    await tick();
    r.stdin.write(input);
    await tick();
    return { calls: rec.calls, frame: plain(r.lastFrame()) };
  }

  it("o opens the browser", async () =>
    expect((await press(waiting(), "o")).calls).toEqual(["open"]));
  it("o does nothing when no browser may be opened", async () =>
    expect((await press(waiting(), "o", { canOpenBrowser: false })).calls).toEqual([]));
  it("c copies the code and says so", async () => {
    const { calls, frame } = await press(waiting(), "c");
    expect(calls).toEqual(["copy ABCD-EFGH"]);
    expect(frame).toContain("Code sent to your clipboard.");
  });
  it("r restarts once expired", async () =>
    expect((await press(expired, "r")).calls).toEqual(["restart"]));
  it("r does nothing while waiting", async () =>
    expect((await press(waiting(), "r")).calls).toEqual([]));
  it.each([
    ["q", "q"],
    ["Esc", "\x1b"],
    ["Ctrl+C", "\x03"],
  ])("%s cancels", async (_n, input) =>
    expect((await press(waiting(), input)).calls).toEqual(["cancel"]),
  );
  it("q cancels when expired too", async () =>
    expect((await press(expired, "q")).calls).toEqual(["cancel"]));
});
