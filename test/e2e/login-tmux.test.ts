// The interactive login in a real terminal: the built CLI inside tmux, against the sandbox.
// What a person sees (code, link, QR), what they press, and what ends up stored.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideWithPages } from "../../source/sandbox/cloud/page-driver.js";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { decodeQrFromText } from "../ui/_qr-decode.js";
import { CLI, newConfigDir } from "./_cli.js";
import { sandboxEnv } from "./_login.js";
import { TmuxSession } from "./_tmux.js";

/** The boxed user code, drawn spaced out: "│  A B C D - E F G H  │". */
const CODE_BOX = /│ {2}((?:[A-Z0-9] ){4}- (?:[A-Z0-9] ){3}[A-Z0-9]) {2}│/;

/**
 * The waiting screen drawn to its last line. A frame with a QR code is larger than what the
 * pty hands over at once, and Ink redraws for the spinner, so a capture can land mid-frame;
 * the footer is written last.
 */
const waitingScreen = (s: string) => CODE_BOX.test(s) && /q cancel\s*$/m.test(s);

interface ShownLogin {
  userCode: string;
  /** The verification URL as printed: whole on one line, never broken by the layout. */
  url: string;
  /** What the QR code drawn on the screen decodes to. */
  qr: string | null;
}

/** Reads the waiting screen the way a person would: the code, the link, the QR. */
function readScreen(screen: string): ShownLogin {
  const lines = screen.split("\n");
  const boxed = CODE_BOX.exec(screen)?.[1];
  if (!boxed) throw new Error(`no user code on the screen:\n${screen}`);
  // The link is the line under the instruction: alone, or in the text column left of the QR
  // code (two or more spaces apart). The line after it is blank in that column.
  const start = lines.findIndex((l) => l.startsWith("Open this page and enter the code:"));
  const column = (line: string | undefined) => (line ?? "").split(/ {2,}/)[0]!.trim();
  const url = column(lines[start + 1]);
  if (column(lines[start + 2]) !== "") throw new Error(`the link is broken over lines:\n${screen}`);
  return { userCode: boxed.replaceAll(" ", ""), url, qr: decodeQrFromText(lines) };
}

function readSessions(configDir: string): Record<string, { account?: { email?: string } }> {
  const file = join(configDir, "config.json");
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, "utf8")).sessions ?? {};
}

describe.concurrent("login in a terminal (tmux)", () => {
  let sandbox: Sandbox;
  // Codes live 10 s here, so a test can watch one expire and ask for another.
  let shortCodes: Sandbox;
  // Closed only at the end: with concurrent tests, no terminal goes away under another.
  const sessions: TmuxSession[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does).`);
    [sandbox, shortCodes] = await Promise.all([startSandbox(), startSandbox({ codeTtl: 10 })]);
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await Promise.all([sandbox?.close(), shortCodes?.close()]);
  });

  async function login(target: Sandbox, size: { columns: number; rows: number }) {
    const configDir = newConfigDir();
    const term = await TmuxSession.start({
      ...size,
      command: [process.execPath, CLI, "login", target.instanceUrl, "--no-browser"],
      env: sandboxEnv(target, configDir),
    });
    sessions.push(term);
    const screen = await term.waitFor(waitingScreen);
    return { term, configDir, screen, shown: readScreen(screen) };
  }

  for (const size of [
    { columns: 100, rows: 30, approveBy: "PAT API" },
    { columns: 80, rows: 24, approveBy: "verification page" },
  ] as const) {
    it(`${size.columns}x${size.rows}: code, link and a QR of that link; approval (${size.approveBy}) stores the session`, async () => {
      const { term, configDir, screen, shown } = await login(sandbox, size);
      expect(screen).toContain(`Logging in to ${sandbox.instanceUrl} (Caido `);
      // The plain preview printed before Ink loaded is gone, not left above the screen.
      expect(screen.match(/Logging in to/g)).toHaveLength(1);
      expect(shown.url.startsWith(`${sandbox.cloudUrl}/`)).toBe(true);
      expect(shown.url).toContain(shown.userCode);
      expect(shown.qr).toBe(shown.url);
      // Pinned black-on-white cells, so the code scans on any terminal theme.
      expect(await term.capture({ escapes: true })).toContain("\x1b[38;5;16m\x1b[48;5;231m");

      // The first account to log in claims the instance; every test here logs in as that one.
      const account = sandbox.accounts[0]!;
      if (size.approveBy === "PAT API") await sandbox.approve(shown.userCode, account.email);
      else {
        // As if the phone that scanned the QR code opened it: the decoded URL, not the text.
        const page = await decideWithPages(shown.qr!, {
          decision: "approve",
          email: account.email,
        });
        expect(page.status).toBe(200);
      }

      const done = await term.waitFor("✓ Logged in");
      expect(done).toContain(
        `Logged in to ${sandbox.instanceUrl} as ${account.name} <${account.email}>`,
      );
      expect(await term.exitCode()).toBe(0);
      expect(readSessions(configDir)[sandbox.instanceUrl]?.account?.email).toBe(account.email);
    });
  }

  it("Ctrl+C cancels: exit 130 and nothing stored", async () => {
    const { term, configDir } = await login(sandbox, { columns: 100, rows: 30 });
    await term.sendKeys("C-c");
    const screen = await term.waitFor("Login cancelled");
    expect(screen).toContain("Nothing was stored.");
    expect(await term.exitCode()).toBe(130);
    expect(readSessions(configDir)).toEqual({});
  });

  it("an expired code waits for r, which brings a fresh code that can be approved", async () => {
    const { term, configDir, shown } = await login(shortCodes, { columns: 100, rows: 30 });
    const expired = await term.waitFor("Code expired", { timeoutMs: 25_000 });
    expect(expired).toContain(`The code ${shown.userCode} expired`);
    expect(expired).toContain("r new code");

    await term.sendKeys("r");
    const fresh = readScreen(
      await term.waitFor(
        (s) => waitingScreen(s) && CODE_BOX.exec(s)?.[1]?.replaceAll(" ", "") !== shown.userCode,
      ),
    );
    expect(fresh.userCode).not.toBe(shown.userCode);
    expect(fresh.qr).toBe(fresh.url);
    await shortCodes.approve(fresh.userCode);

    await term.waitFor("✓ Logged in");
    expect(await term.exitCode()).toBe(0);
    expect(readSessions(configDir)[shortCodes.instanceUrl]?.account?.email).toBe(
      shortCodes.accounts[0]!.email,
    );
  });

  it("in CI, even with a terminal, plain lines instead of the screen", async () => {
    const term = await TmuxSession.start({
      columns: 100,
      rows: 30,
      command: [process.execPath, CLI, "login", sandbox.instanceUrl, "--no-browser"],
      env: sandboxEnv(sandbox, newConfigDir(), { CI: "true" }),
    });
    sessions.push(term);
    const screen = await term.waitFor(/^Code: \w{4}-\w{4}$/m);
    const userCode = /^Code: (\S+)$/m.exec(screen)?.[1] as string;
    expect(screen).toContain(`Verification URL: ${sandbox.cloudUrl}/`);
    expect(screen).not.toMatch(CODE_BOX);
    await sandbox.approve(userCode);
    expect(await term.waitFor("Logged in to")).toContain(sandbox.accounts[0]!.email);
    expect(await term.exitCode()).toBe(0);
  });

  it("a denied code ends with the denial on screen and exit 4", async () => {
    const { term, configDir, shown } = await login(sandbox, { columns: 100, rows: 30 });
    await sandbox.deny(shown.userCode);
    const screen = await term.waitFor("Login denied");
    expect(screen).toContain(`caido-auth login ${sandbox.instanceUrl}`);
    expect(await term.exitCode()).toBe(4);
    expect(readSessions(configDir)).toEqual({});
  });
});
