// Every login screen as the screen draws it (login-frame.tsx: LoginScreen laid out by Ink):
// what it says in each phase, how it shows hostile strings, and where the link goes.
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../source/base/errors.js";
import {
  claimed,
  cloudUnavailable,
  denied,
  InstanceFailure,
  unreachable,
} from "../../source/instance/errors.js";
import type { LoginState } from "../../source/session/device-flow.js";
import { CODE_MAX } from "../../source/ui/format.js";
import { decodeQrFromText } from "./_qr-decode.js";
import { expired, frameOf, plain, screenProps, succeeded, URL_, waiting } from "./_screen.js";

const instance = "http://127.0.0.1:8080";
const failed = (error: Error): LoginState =>
  ({ phase: "failed", interactive: true, attempt: 1, error }) as LoginState;

describe("login screens", () => {
  it("starting", () => {
    const f = plain(frameOf(screenProps({ phase: "starting", interactive: true, attempt: 1 })));
    expect(f).toContain("Logging in to http://127.0.0.1:8080 (Caido 0.56.0)");
    expect(f).toContain("Requesting a login code");
    expect(f).toContain("q quit");
  });

  it("waiting on 80x24: code, link, countdown, keys and a QR that scans", () => {
    const frame = frameOf(screenProps(waiting()));
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
    expect(plain(frameOf(screenProps(failedOpen)))).toContain(
      "Could not open a browser (xdg-open missing)",
    );
    const opened = waiting({ browser: { status: "opened" } });
    expect(plain(frameOf(screenProps(opened)))).toContain("Opened in your browser.");
  });

  it("warns when the verification host is not Caido's", () => {
    const state = waiting({
      request: { ...waiting().request, verificationUrl: "https://evil.example/d" },
    } as never);
    const f = plain(frameOf(screenProps(state)));
    expect(f).toContain("Warning: the sign-in page is on evil.example");
  });

  it("trusts the CAIDO_CLOUD_URL host", () => {
    const state = waiting({
      request: { ...waiting().request, verificationUrl: "https://auth.corp/d" },
    } as never);
    const f = plain(frameOf(screenProps(state, { cloudUrl: "https://auth.corp" })));
    expect(f).not.toContain("Warning");
  });

  it("narrow 40 columns: wraps, drops the QR with a note", () => {
    const f = plain(frameOf(screenProps(waiting(), { columns: 40 })));
    expect(f).toContain("A B C D - E F G H");
    expect(f.replace(/\n/g, " ")).toContain("Enlarge the terminal to 65x24 for a QR code.");
    expect(f).not.toMatch(/[█▀▄]/);
    for (const line of f.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(40);
  });

  it("QR below the text on a tall narrow terminal", () => {
    const f = plain(frameOf(screenProps(waiting(), { columns: 40, rows: 40 })));
    expect(decodeQrFromText(f.split("\n"))).toBe(URL_);
  });

  it("--no-qr", () => {
    const f = plain(frameOf(screenProps(waiting(), { qr: false })));
    expect(f).toContain("QR code off (--no-qr).");
    expect(f).not.toMatch(/[█▀▄]/);
  });

  it("NO_COLOR: no colour codes, no QR, no hyperlink, a note", () => {
    const frame = frameOf(screenProps(waiting(), { color: false, hyperlinks: false }));
    expect(frame).not.toContain("\x1b[38;5");
    expect(frame).not.toContain("\x1b]8");
    expect(frame).toContain("No QR code while NO_COLOR is set");
    expect(frame).toContain(URL_);
  });

  it("PAT approval: no browser line, only cancel", () => {
    const f = plain(frameOf(screenProps(waiting({ approval: "pat" }))));
    expect(f).toContain("personal access token");
    expect(f).not.toContain("o open browser");
    expect(f).not.toMatch(/[█▀▄]|QR/);
    expect(f).toContain("q cancel");
  });

  it("expired offers r", () => {
    const f = plain(frameOf(screenProps(expired)));
    expect(f).toContain("Code expired");
    expect(f).toContain("Press r for a new code");
    expect(f).toContain("r new code · q quit");
  });

  it("success names the account, instance, file and next command", () => {
    const f = plain(frameOf(screenProps(succeeded)));
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
    const f = plain(frameOf(screenProps(failed(error))));
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
    const f = plain(frameOf(screenProps(state)));
    expect(f).toContain("Login cancelled");
    expect(f).toContain("Nothing was stored.");
  });
});

/** Every control character left once Ink's own colours and our OSC 8 links are taken out. */
function controlsIn(frame: string): string[] {
  const ours = frame.replace(/\x1b\[[0-9;]*m/g, "").replace(/\x1b\]8;;[\x21-\x7e]*\x07/g, "");
  return ours.match(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g) ?? [];
}

const withUrl = (verificationUrl: string, over: Partial<typeof request> = {}) =>
  waiting({ request: { ...request, verificationUrl, ...over } });
const { request } = waiting();

describe("login screens with hostile strings", () => {
  const HOSTILE = "\x1b[1A\x1b[2K\x1b]0;pwned\x07\x1b]52;c;Y3VybCBldmlsfHNo\x07\x1b[31m\x9b2J";
  const SHOWN =
    "\\x1b[1A\\x1b[2K\\x1b]0;pwned\\x07\\x1b]52;c;Y3VybCBldmlsfHNo\\x07\\x1b[31m\\x9b2J";

  it("shows escapes from the instance visibly, and the warning stays", () => {
    const state = withUrl(`https://evil.example/d?${HOSTILE}`, { userCode: `AB${HOSTILE}` });
    const frame = frameOf(screenProps(state, { instanceVersion: `0.1${HOSTILE}` }));
    expect(controlsIn(frame)).toEqual([]);
    const f = plain(frame);
    const joined = f.replace(/\n/g, "");
    expect(f.replace(/\n/g, " ")).toContain(
      "Warning: the sign-in page is on evil.example, not on caido.io.",
    );
    expect(joined).toContain(`0.1${SHOWN.slice(0, 40)}`);
    // The user code box shows it unspaced so the escapes read as such, cut to a code's length.
    expect(f).toContain("AB\\x1b[1A\\x1b[2K\\x1b]0;p");
    // The link is what the URL parser makes of it: controls percent-encoded.
    expect(joined).toContain("https://evil.example/d?%1B[1A%1B[2K%1B]0;pwned%07");
  });

  it("on the success and failure screens too", () => {
    const hostileSuccess = {
      ...succeeded,
      result: {
        ...(succeeded as { result: object }).result,
        account: { id: "a", name: `Eve${HOSTILE}`, email: `eve@x${HOSTILE}` },
      },
    } as LoginState;
    const ok = frameOf(screenProps(hostileSuccess));
    expect(controlsIn(ok)).toEqual([]);
    expect(plain(ok).replace(/\n/g, "")).toContain(`Eve${SHOWN} <eve@x${SHOWN}>`);

    const error = new InstanceFailure("instance", `refused ${HOSTILE}`, `try ${HOSTILE}`);
    const bad = frameOf(screenProps(failed(error)));
    expect(controlsIn(bad)).toEqual([]);
    expect(plain(bad).replace(/\n/g, "")).toContain(`try ${SHOWN}`);
  });

  it("a 200 KB link and a 100 KB code: a bounded frame, no QR, drawn at once", () => {
    const state = withUrl(`https://caido.io/device?c=${"a".repeat(200 * 1024)}`, {
      userCode: "B".repeat(100 * 1024),
    });
    const frame = frameOf(screenProps(state));
    expect(frame.length).toBeLessThan(5_000);
    const f = plain(frame);
    expect(f).toContain(`${"B".repeat(CODE_MAX - 1)}…`);
    expect(f).toContain("No QR code: the link is far too long.");
    expect(f).toContain("caido-auth will not open this link: it is far too long.");
    expect(f).not.toContain("o open browser");
    expect(f).not.toMatch(/[█▀▄]/);
  });
});

describe("login screen links", () => {
  const long = "http://127.0.0.1:38883/device?user_code=WBQJ-NVRD";

  it("80x24, a link wider than the column beside the QR: on a line of its own, whole", () => {
    const frame = frameOf(screenProps(withUrl(long)));
    const lines = plain(frame).split("\n");
    expect(lines.map((l) => l.trimEnd())).toContain(long);
    expect(frame).toContain(`\x1b]8;;${long}\x07`);
    expect(decodeQrFromText(lines)).toBe(long);
    expect(lines.length).toBeLessThan(24);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(80);
  });

  it("a link that fits beside the QR stays in the column", () => {
    const lines = plain(frameOf(screenProps(withUrl(long), { columns: 100 }))).split("\n");
    const at = lines.findIndex((l) => l.startsWith(long));
    expect(at).toBeGreaterThan(0);
    // The QR code runs beside it.
    expect(lines[at]).toMatch(/[█▀▄]/);
    expect(decodeQrFromText(lines)).toBe(long);
  });

  it("below the size a QR needs: says so, and keeps the code and the whole link", () => {
    const f = plain(frameOf(screenProps(withUrl(long), { columns: 60, rows: 20 })));
    expect(f.split("\n").map((l) => l.trimEnd())).toContain(long);
    expect(f).toContain("A B C D - E F G H");
    expect(f).toMatch(/Enlarge the terminal to \d+x\d+ for a QR code\./);
    expect(f).not.toMatch(/[█▀▄]/);
  });

  it.each([
    ["file:///etc/passwd", "a file: URL"],
    ["javascript:alert(1)//caido.io", "a javascript: URL"],
    ["caido.io/device", "not a valid URL"],
  ])("%s: the warning names it, no QR, no o key", (url, what) => {
    const f = plain(frameOf(screenProps(withUrl(url))));
    expect(f.replace(/\n/g, " ")).toContain(
      `Warning: the sign-in link is ${what}, not a web page on caido.io.`,
    );
    expect(f).not.toMatch(/[█▀▄]/);
    expect(f).not.toContain("o open browser");
    expect(f).toContain("caido-auth will not open this link: it is not a web page.");
  });
});
