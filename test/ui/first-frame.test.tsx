// The first frame drawn before Ink loads must be the screen's own frame, byte for byte: the
// screen starts from it and draws only what differs, so any difference would be written (and
// could show as a jump). Compared here against the frame the screen draws for the same state
// (login-frame.tsx), across sizes, links, colours and options.
import chalk from "chalk";
import { afterEach, describe, expect, it } from "vitest";
import { type FirstFrameInput, firstFrame } from "../../source/ui/first-frame.js";
import { decodeQrFromText } from "./_qr-decode.js";
import { frameOf, NOW, plain, request, screenProps, waiting } from "./_screen.js";

const level = chalk.level;
afterEach(() => {
  chalk.level = level;
});

type Case = Partial<Omit<FirstFrameInput, "request" | "now" | "styled">> & {
  url?: string;
  code?: string;
};

/** The screen's frame and the first frame for the same waiting state. */
function both(c: Case) {
  const req = {
    ...request,
    verificationUrl: c.url ?? request.verificationUrl,
    userCode: c.code ?? request.userCode,
  };
  const state = waiting({ request: req, now: NOW + 5_000 });
  const props = screenProps(state, {
    columns: c.columns ?? 80,
    rows: c.rows ?? 24,
    qr: c.qr ?? true,
    color: c.color ?? true,
    hyperlinks: c.hyperlinks ?? true,
    canOpenBrowser: c.canOpenBrowser ?? true,
    cloudUrl: c.cloudUrl,
    instanceUrl: c.instanceUrl ?? "http://127.0.0.1:8080",
    instanceVersion: "instanceVersion" in c ? c.instanceVersion : "0.56.0",
  });
  const screenFrame = frameOf(props);
  const lines = firstFrame({
    instanceUrl: props.instanceUrl,
    instanceVersion: props.instanceVersion,
    request: req,
    now: state.now,
    columns: props.columns,
    rows: props.rows,
    qr: props.qr,
    color: props.color,
    hyperlinks: props.hyperlinks,
    cloudUrl: props.cloudUrl,
    canOpenBrowser: props.canOpenBrowser,
    styled: chalk.level > 0,
  });
  return {
    screenFrame,
    frame: (lines?.whole?.() ?? lines?.early)?.join("\n"),
    early: lines?.early,
  };
}

const SANDBOX = "http://127.0.0.1:41234/device?user_code=ABCD-EFGH";
/** Too wide for the column beside the QR code: on a line of its own above it. */
const LONG = `https://login.caido.io/device/verify?user_code=ABCD-EFGH&session=${"x".repeat(12)}`;

describe("the first frame is the screen's frame", () => {
  for (const styled of [1, 0] as const) {
    for (const [columns, rows] of [
      [100, 30],
      [80, 24],
      [120, 40],
      [200, 60],
      [62, 50],
    ] as const) {
      for (const url of [SANDBOX, request.verificationUrl, LONG]) {
        it(`${columns}x${rows}, chalk level ${styled}, ${url.slice(0, 30)}…`, () => {
          chalk.level = styled;
          const { screenFrame, frame } = both({ columns, rows, url });
          // Narrower than the link, Ink wraps it: no first frame then (see below).
          if (columns >= url.length) expect(frame).toBeDefined();
          if (frame !== undefined) expect(frame).toBe(screenFrame);
        });
      }
    }
  }

  it("draws a QR code that scans, beside the code at 100x30", () => {
    chalk.level = 1;
    const { frame } = both({ columns: 100, rows: 30, url: SANDBOX });
    const lines = plain(frame).split("\n");
    expect(decodeQrFromText(lines)).toBe(SANDBOX);
    expect(lines.some((l) => /A B C D - E F G H {2}│ +\S/.test(l))).toBe(true);
  });

  it("shows the code first: the whole frame without its QR code and keys, lines in place", () => {
    chalk.level = 1;
    for (const [columns, rows] of [
      [100, 30],
      [62, 50],
    ]) {
      const { frame, early } = both({ columns, rows, url: SANDBOX });
      const whole = frame!.split("\n");
      expect(plain(early!.join("\n"))).toContain("A B C D - E F G H");
      expect(plain(early!.join("\n"))).not.toMatch(/[▀▄█]|q cancel/);
      // The keys come last, with the QR code: a frame that shows them is complete.
      expect(early!.length).toBe(whole.length - 2);
      early!.forEach((line, i) => {
        expect(whole[i]!.startsWith(line)).toBe(true);
      });
    }
  });

  // Each with whether a first frame is expected: a line that would wrap is left to Ink.
  const variants: [string, Case, boolean][] = [
    ["an untrusted host's warning", { url: "https://evil.example/d?c=1", columns: 120 }, true],
    ["the warning wider than the terminal", { url: "https://evil.example/d?c=1" }, false],
    [
      "the configured cloud trusted",
      { url: "https://cloud.test/d", cloudUrl: "https://cloud.test" },
      true,
    ],
    ["NO_COLOR: no QR, a note", { color: false, hyperlinks: false, columns: 100, rows: 30 }, true],
    ["no hyperlinks", { hyperlinks: false, columns: 100, rows: 30 }, true],
    ["--no-qr", { qr: false }, true],
    ["no browser to open", { canOpenBrowser: false, columns: 100, rows: 30 }, true],
    ["no version", { instanceVersion: undefined }, true],
    ["too short for a QR: the note", { columns: 80, rows: 15 }, true],
    ["a file: link", { url: "file:///etc/passwd", columns: 120, rows: 30 }, true],
    ["a 3000-character link", { url: `https://caido.io/${"a".repeat(3000)}`, columns: 100 }, false],
    ["a code with escapes, shown safe", { code: "AB\x1b[2J", columns: 100, rows: 30 }, true],
  ];
  for (const [name, c, expected] of variants) {
    it(`${name}: ${expected ? "the same frame" : "left to Ink"}`, () => {
      for (const styled of [1, 0] as const) {
        chalk.level = styled;
        const { screenFrame, frame } = both(c);
        expect(frame !== undefined).toBe(expected);
        if (frame !== undefined) expect(frame).toBe(screenFrame);
      }
    });
  }

  it("leaves to Ink what it would wrap, and text from the instance that is not ASCII", () => {
    expect(both({ columns: 40, rows: 40 }).frame).toBeUndefined();
    expect(both({ instanceVersion: "0.56.0-ß" }).frame).toBeUndefined();
    expect(both({ columns: 100, rows: 12 }).frame).toBeUndefined();
  });
});
