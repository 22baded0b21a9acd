// The login screen while the terminal changes size under it, in a real terminal (tmux) with the
// built CLI against the sandbox: each frame is drawn whole, nothing of an older frame is left,
// the QR code still scans to the link, and the link is never broken over lines.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { decodeQrFromText } from "../ui/_qr-decode.js";
import { CLI, newConfigDir } from "./_cli.js";
import { sandboxEnv } from "./_login.js";
import { TmuxSession } from "./_tmux.js";

const CODE_BOX = /│ {2}((?:[A-Z0-9] ){4}- (?:[A-Z0-9] ){3}[A-Z0-9]) {2}│/;
const QR_GLYPHS = /[█▀▄]/;

/** A whole waiting frame: the code box, and the footer, which is written last. */
const waiting = (s: string) => CODE_BOX.test(s) && /q cancel\s*$/m.test(s);

const count = (screen: string, text: string) => screen.split(text).length - 1;

describe("login screen and terminal resizes (tmux)", () => {
  let sandbox: Sandbox;
  let term: TmuxSession | undefined;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does).`);
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await term?.close();
    await sandbox?.close();
  });

  it("100x30 → 80x24 → 60x20 → 100x30: whole frames, no stale lines, the QR scans, the link whole", async () => {
    term = await TmuxSession.start({
      columns: 100,
      rows: 30,
      command: [process.execPath, CLI, "login", sandbox.instanceUrl, "--no-browser"],
      env: sandboxEnv(sandbox, newConfigDir()),
    });
    const first = await term.waitFor(waiting);
    const userCode = CODE_BOX.exec(first)![1]!.replaceAll(" ", "");
    const link = `${sandbox.cloudUrl}/device?user_code=${userCode}`;
    expect(decodeQrFromText(first.split("\n"))).toBe(link);
    const lines = (screen: string) => screen.split("\n").map((l) => l.trimEnd());

    // The 100-column frame's QR rows: the code sits further right there than at 80 columns,
    // so a row of it left behind by the resize would show up as one of these lines, as is.
    const oldQrRows = lines(first).filter((l) => QR_GLYPHS.test(l));
    expect(oldQrRows.length).toBeGreaterThan(10);

    /** One frame from the top of the pane, each part of it exactly once. */
    const checkWhole = (screen: string) => {
      expect(lines(screen)[0]).toMatch(
        new RegExp(`^Logging in to ${sandbox.instanceUrl} \\(Caido [^)]+\\)$`),
      );
      for (const part of ["Logging in to", "Open this page and enter the code:", "q cancel"])
        expect(count(screen, part)).toBe(1);
      expect(screen.match(new RegExp(CODE_BOX.source, "g"))).toHaveLength(1);
      // The link on one line of its own (or beginning one, with the QR code beside it).
      expect(lines(screen).some((l) => l === link || l.startsWith(`${link}  `))).toBe(true);
      expect(count(screen, link)).toBe(1);
    };

    const countdown = (screen: string) => /expires in (\d\d:\d\d)/.exec(screen)?.[1];
    /** The next frame (the countdown's next second) replaces this one as cleanly. */
    const nextFrameWhole = async (screen: string) => {
      const after = await term!.waitFor(
        (s) => waiting(s) && countdown(s) !== undefined && countdown(s) !== countdown(screen),
      );
      checkWhole(after);
      return after;
    };

    // Narrower and shorter: the column beside the QR is too narrow for the link, which gets
    // its own line above; the QR moves left and must still scan.
    await term.resize(80, 24);
    const at80 = await term.waitFor((s) => waiting(s) && decodeQrFromText(s.split("\n")) === link);
    checkWhole(at80);
    expect(lines(at80)).toContain(link);
    for (const row of oldQrRows) expect(lines(at80)).not.toContain(row);
    expect(lines(at80).filter((l) => QR_GLYPHS.test(l)).length).toBe(oldQrRows.length);
    expect(decodeQrFromText((await nextFrameWhole(at80)).split("\n"))).toBe(link);

    // Below the size a QR code needs: said so, with the code and the whole link kept.
    await term.resize(60, 20);
    const at60 = await term.waitFor((s) => waiting(s) && s.includes("for a QR code."));
    checkWhole(at60);
    expect(lines(at60)).toContain(link);
    expect(at60).toMatch(/Enlarge the terminal to \d+x\d+ for a QR code\./);
    expect(at60).not.toMatch(QR_GLYPHS);
    expect(at60).toContain(userCode.split("").join(" "));
    await nextFrameWhole(at60);

    // Back to the size it started at: the QR code beside the text again, nothing left over.
    await term.resize(100, 30);
    const back = await term.waitFor((s) => waiting(s) && decodeQrFromText(s.split("\n")) === link);
    checkWhole(back);
    expect(back).not.toContain("for a QR code.");
    await nextFrameWhole(back);

    await sandbox.approve(userCode);
    await term.waitFor("✓ Logged in");
    expect(await term.exitCode()).toBe(0);
  });
});
