// While the login waits for approval, the screen writes only what changes (the countdown, once
// a second): over a slow SSH link, a screen redrawn many times a second is unusable. Measured
// in a real terminal (tmux, every byte the pane receives) with the built CLI against the
// sandbox, between countdown changes seen on the screen: so many seconds, so many bytes.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { decodeQrFromText } from "../ui/_qr-decode.js";
import { CLI, newConfigDir } from "./_cli.js";
import { sandboxEnv } from "./_login.js";
import { TmuxSession } from "./_tmux.js";

/** What the screen may write a second while it waits. */
const MAX_BYTES_PER_SECOND = 200;
/** Countdown changes to watch: the first one starts the window, the last one ends it. */
const CHANGES = 6;

const CODE_BOX = /│ {2}((?:[A-Z0-9] ){4}- (?:[A-Z0-9] ){3}[A-Z0-9]) {2}│/;
const waitingScreen = (s: string) => CODE_BOX.test(s) && /q cancel\s*$/m.test(s);

/** The countdown on the screen, in seconds left. */
function countdown(screen: string): number | undefined {
  const match = /expires in (\d\d):(\d\d)/.exec(screen);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

describe.concurrent("the waiting screen writes only what changes (tmux)", () => {
  let sandbox: Sandbox;
  const sessions: TmuxSession[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does).`);
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await sandbox?.close();
  });

  for (const [columns, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    for (const qr of [true, false]) {
      it(`${columns}x${rows}${qr ? "" : ", --no-qr"}: at most ${MAX_BYTES_PER_SECOND} bytes a second, the countdown ticking each second`, async () => {
        const term = await TmuxSession.start({
          columns,
          rows,
          command: [
            process.execPath,
            CLI,
            "login",
            sandbox.instanceUrl,
            "--no-browser",
            ...(qr ? [] : ["--no-qr"]),
          ],
          env: sandboxEnv(sandbox, newConfigDir()),
        });
        sessions.push(term);
        const first = await term.waitFor(waitingScreen);
        // The QR code (or the note saying it is off) is part of what must stay drawn.
        if (qr) expect(decodeQrFromText(first.split("\n"))).not.toBeNull();
        else expect(first).toContain("QR code off (--no-qr).");
        const recording = await term.record();

        // Each countdown value seen, with the bytes written by the time it was seen.
        const seen: { left: number; bytes: number; screen: string }[] = [];
        const deadline = Date.now() + 30_000;
        while (seen.length < CHANGES + 1 && Date.now() < deadline) {
          const screen = await term.capture();
          const left = countdown(screen);
          if (left !== undefined && left !== seen.at(-1)?.left)
            seen.push({ left, bytes: recording.bytes(), screen });
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(seen.length, `countdown values seen: ${seen.map((s) => s.left)}`).toBe(CHANGES + 1);

        // The window runs from the first change seen to the last: whole seconds of countdown.
        const [start, end] = [seen[1]!, seen.at(-1)!];
        const seconds = start.left - end.left;
        const bytes = end.bytes - start.bytes;
        console.log(
          `${columns}x${rows}${qr ? "" : " --no-qr"}: ${bytes} bytes in ${seconds} s of countdown (${(bytes / seconds).toFixed(1)} B/s)`,
        );
        // One second at a time: never back or twice, and mostly one value after the other. A
        // loaded machine may run the CLI (or tmux) late past a second now and then, which
        // shows the next value but one; a screen that ticked less often than each second
        // would skip on most steps.
        const steps = seen.slice(2).map((s, i) => seen[i + 1]!.left - s.left);
        for (const step of steps) expect(step).toBeGreaterThanOrEqual(1);
        const single = steps.filter((step) => step === 1).length;
        expect(single, `countdown steps: ${steps}`).toBeGreaterThan(steps.length / 2);
        expect(bytes / seconds).toBeLessThanOrEqual(MAX_BYTES_PER_SECOND);
        // And what little was written kept the screen whole.
        expect(waitingScreen(end.screen)).toBe(true);
        if (qr)
          expect(decodeQrFromText(end.screen.split("\n"))).toBe(
            decodeQrFromText(first.split("\n")),
          );
        expect(end.screen.match(/Logging in to/g)).toHaveLength(1);

        await term.sendKeys("q");
        await term.waitFor("Login cancelled");
        expect(await term.exitCode()).toBe(130);
      });
    }
  }
});
