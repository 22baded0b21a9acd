import { describe, expect, it } from "vitest";
import { CancelledError, UsageError } from "../../source/base/errors.js";
import { codeExpired, denied } from "../../source/instance/errors.js";
import { clockTime } from "../../source/ui/format.js";
import { codeEvent, NdjsonOutput, runNdjsonLogin } from "../../source/ui/ndjson.js";
import { printPendingLogin, runPlainLogin } from "../../source/ui/plain.js";
import { FakeClock, fakeDeps, flush, makeRequest, success } from "../session/_fake-login.js";

function sink() {
  let text = "";
  return {
    stream: {
      write: (s: string) => {
        text += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    text: () => text,
  };
}

const ESC = /\x1b/;

describe("runPlainLogin", () => {
  it("prints instance, code, URL and expiry, then who is logged in", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock);
    const out = sink();
    const done = runPlainLogin(fake.deps, { stderr: out.stream });
    const request = makeRequest(1, clock);
    fake.starts[0]!.resolve(request);
    await flush();
    clock.advance(5_000);
    fake.completes[0]!.d.resolve(success);
    await expect(done).resolves.toBe(success);
    expect(out.text().split("\n")).toEqual([
      "Logging in to http://127.0.0.1:8080 (Caido 0.56.0)",
      "Code: ABCD-EFGH",
      "Verification URL: https://caido.io/device?user_code=code1",
      `The code expires at ${clockTime(request.expiresAt)} (in 15 minutes).`,
      "Open the URL on any device and enter the code.",
      "Opened the URL in your browser.",
      "Logged in to http://127.0.0.1:8080 as Ada Lovelace <ada@example.com>",
      "Session saved to /home/ada/.config/caido-auth/config.json",
      "",
    ]);
    expect(out.text()).not.toMatch(ESC);
  });

  it("warns about an untrusted verification host and reports browser failures", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock, { openBrowser: () => Promise.reject(new Error("no xdg-open")) });
    const out = sink();
    const done = runPlainLogin(fake.deps, { stderr: out.stream, cloudUrl: "https://api.caido.io" });
    fake.starts[0]!.resolve({
      ...makeRequest(1, clock),
      verificationUrl: "https://evil.example/device",
    });
    await flush();
    fake.completes[0]!.d.reject(denied("http://127.0.0.1:8080", "caido-auth login"));
    await expect(done).rejects.toMatchObject({ kind: "denied", exitCode: 4 });
    expect(out.text()).toContain("Warning: the sign-in page is on evil.example");
    expect(out.text()).toContain("Could not open a browser (no xdg-open); open the URL yourself.");
    expect(out.text()).not.toMatch(ESC);
  });

  it("ends with the expired error instead of waiting", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock, { openBrowser: undefined });
    const done = runPlainLogin(fake.deps, { stderr: sink().stream });
    fake.starts[0]!.resolve(makeRequest(1, clock));
    await flush();
    fake.completes[0]!.d.reject(codeExpired("http://127.0.0.1:8080", "caido-auth login"));
    await expect(done).rejects.toMatchObject({ kind: "expired" });
  });
});

describe("plain lines from a hostile instance", () => {
  it("show its strings with their escapes visible: nothing reaches the terminal raw", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock, {
      instanceVersion: "0.56.0\x1b]0;owned\x07",
      openBrowser: () => Promise.reject(new Error("xdg-open\x1b[31m failed")),
    });
    const out = sink();
    const done = runPlainLogin(fake.deps, { stderr: out.stream });
    fake.starts[0]!.resolve({
      ...makeRequest(1, clock),
      userCode: "ABCD\x1b[1A\x1b[2K",
      verificationUrl: "https://caido.io/device?c=\x1b]52;c;Y3VybCBldmlsfHNo\x07",
    });
    await flush();
    fake.completes[0]!.d.resolve({
      ...success,
      account: { id: "a", name: "Eve\u202e", email: "eve@example.com\r\n" },
    });
    await done;
    const text = out.text();
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(text).toContain("(Caido 0.56.0\\x1b]0;owned\\x07)");
    expect(text).toContain("Code: ABCD\\x1b[1A\\x1b[2K\n");
    expect(text).toContain("Verification URL: https://caido.io/device?c=\\x1b]52;c;");
    expect(text).toContain("Could not open a browser (xdg-open\\x1b[31m failed)");
    expect(text).toContain("as Eve\\u202e <eve@example.com\\r\\n>\n");
  });
});

describe("NdjsonOutput", () => {
  it("writes at most one error event: a failure the flow reported is not reported again", () => {
    const out = sink();
    const output = new NdjsonOutput(out.stream);
    output.fail("http://127.0.0.1:8080", denied("http://127.0.0.1:8080", "caido-auth login"));
    output.fail("http://127.0.0.1:8080", new Error("later"));
    const events = out
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: "error", kind: "denied", exitCode: 4 });
  });

  it("a usage error is kind usage, exit 2; an unexpected one kind error, exit 1", () => {
    const usage = sink();
    new NdjsonOutput(usage.stream).fail(null, new UsageError("bad flag.", "Try --help."));
    expect(JSON.parse(usage.text())).toEqual({
      event: "error",
      instance: null,
      kind: "usage",
      message: "bad flag.",
      hint: "Try --help.",
      exitCode: 2,
    });
    const other = sink();
    new NdjsonOutput(other.stream).fail("http://x", new TypeError("boom"));
    expect(JSON.parse(other.text())).toEqual({
      event: "error",
      instance: "http://x",
      kind: "error",
      message: "unexpected error: boom",
      exitCode: 1,
    });
  });
});

describe("the code of a login left pending (--no-wait) or resumed", () => {
  it("plain: the same lines as a waiting login, then how to finish it", () => {
    const clock = new FakeClock();
    const request = makeRequest(1, clock);
    const written: string[] = [];
    printPendingLogin({
      instanceUrl: "http://127.0.0.1:8080",
      instanceVersion: "0.56.0",
      write: (line) => written.push(line),
      request,
      now: clock.t,
      resumeCommand: "caido-auth login --resume http://127.0.0.1:8080",
      browser: { status: "failed", reason: "no xdg-open" },
    });
    expect(written).toEqual([
      "Logging in to http://127.0.0.1:8080 (Caido 0.56.0)",
      "Code: ABCD-EFGH",
      "Verification URL: https://caido.io/device?user_code=code1",
      `The code expires at ${clockTime(request.expiresAt)} (in 15 minutes).`,
      "Open the URL on any device and enter the code.",
      "Could not open a browser (no xdg-open); open the URL yourself.",
      "To finish the login (it waits for the approval): caido-auth login --resume http://127.0.0.1:8080",
    ]);
  });

  it("NDJSON: the same code event as a waiting login", () => {
    const request = makeRequest(2);
    expect(codeEvent("http://127.0.0.1:8080", request)).toEqual({
      event: "code",
      instance: "http://127.0.0.1:8080",
      userCode: "WXYZ-2345",
      verificationUrl: "https://caido.io/device?user_code=code2",
      expiresAt: new Date(request.expiresAt).toISOString(),
    });
  });

  it("plain: a resumed code past its expiry says so instead of asking to enter it", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock, { openBrowser: undefined });
    const out = sink();
    const done = runPlainLogin(fake.deps, { stderr: out.stream });
    const request = { ...makeRequest(1, clock), expiresAt: clock.t - 60_000 };
    fake.starts[0]!.resolve(request);
    await flush();
    fake.completes[0]!.d.resolve(success);
    await done;
    const text = out.text();
    expect(text).toContain(
      `The code expired at ${clockTime(request.expiresAt)}; checking if it was approved.\n`,
    );
    expect(text).not.toContain("enter the code");
    expect(text).toContain("Logged in to http://127.0.0.1:8080 as Ada Lovelace");
  });
});

describe("runNdjsonLogin", () => {
  const lines = (text: string) =>
    text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));

  it("emits code then approved, one object per line", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock);
    const out = sink();
    const done = runNdjsonLogin(fake.deps, { stdout: out.stream });
    const request = makeRequest(1, clock);
    fake.starts[0]!.resolve(request);
    await flush();
    clock.advance(3_000);
    fake.completes[0]!.d.resolve({
      ...success,
      // Whatever the caller adds, only the documented fields go out.
      accessToken: "secret-token",
    } as typeof success);
    await done;
    expect(lines(out.text())).toEqual([
      {
        event: "code",
        instance: "http://127.0.0.1:8080",
        userCode: "ABCD-EFGH",
        verificationUrl: "https://caido.io/device?user_code=code1",
        expiresAt: new Date(request.expiresAt).toISOString(),
      },
      {
        event: "approved",
        instance: "http://127.0.0.1:8080",
        account: { id: "acc-1", email: "ada@example.com", name: "Ada Lovelace" },
        savedTo: "/home/ada/.config/caido-auth/config.json",
      },
    ]);
    expect(out.text()).not.toContain("secret-token");
  });

  it("emits an error event with kind and exit code", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock);
    const out = sink();
    const done = runNdjsonLogin(fake.deps, { stdout: out.stream });
    fake.starts[0]!.resolve(makeRequest(1, clock));
    await flush();
    fake.completes[0]!.d.reject(denied("http://127.0.0.1:8080", "caido-auth login"));
    await expect(done).rejects.toBeTruthy();
    expect(lines(out.text())[1]).toEqual({
      event: "error",
      instance: "http://127.0.0.1:8080",
      kind: "denied",
      message: "the login to http://127.0.0.1:8080 was denied.",
      hint: "To try again: caido-auth login",
      exitCode: 4,
    });
  });

  it("reports cancellation as kind cancelled, exit 130", async () => {
    const clock = new FakeClock();
    const fake = fakeDeps(clock);
    const out = sink();
    const abort = new AbortController();
    const done = runNdjsonLogin(fake.deps, { stdout: out.stream, signal: abort.signal });
    abort.abort();
    await expect(done).rejects.toBeInstanceOf(CancelledError);
    expect(lines(out.text())).toEqual([
      {
        event: "error",
        instance: "http://127.0.0.1:8080",
        kind: "cancelled",
        message: "Cancelled.",
        exitCode: 130,
      },
    ]);
  });
});
