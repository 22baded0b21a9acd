// bin.cjs's early login (fast/early-login.ts) and the login command's takeover of it
// (commands/login-early.ts), in one process against a small fake instance that counts what it
// is asked: the code asked for once, drawn, and handed over; nothing asked where the login
// would refuse first; bin.cjs's errors turned into the CLI's own.
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AuthRequiredError, CaidoAuthError, CancelledError } from "../../source/base/errors.js";
import { claimEarlyLogin, ownError } from "../../source/commands/login-early.js";
import { startEarlyLogin, type Terminal } from "../../source/fast/early-login.js";
import { InstanceFailure } from "../../source/instance/errors.js";
import { takeEarlyLogin } from "../../source/ui/early-login-handoff.js";

class FakeTerminal extends EventEmitter {
  isTTY = true as const;
  columns = 100;
  rows = 30;
  text = "";
  raw: boolean[] = [];
  write = (chunk: string) => {
    this.text += chunk;
    return true;
  };
  setRawMode = (on: boolean) => {
    this.raw.push(on);
    return this;
  };
}

function terminal() {
  const t = new FakeTerminal();
  return { fake: t, io: { stderr: t, stdin: t } as unknown as Terminal };
}

let server: Server;
let url: string;
let mode: "caido" | "html" | "silent" = "caido";
const asked = { health: 0, flow: 0 };
const dirs: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/health") asked.health++;
    else asked.flow++;
    if (mode === "silent") return;
    if (mode === "html") return res.writeHead(200, { "content-type": "text/html" }).end("<p>");
    res.setHeader("content-type", "application/json");
    if (req.url === "/health")
      return res.end(JSON.stringify({ name: "caido", version: "0.55.3", ready: true }));
    const request = {
      id: "r-1",
      userCode: "ABCD-EFGH",
      verificationUrl: `${url}/device?user_code=ABCD-EFGH`,
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    };
    res.end(JSON.stringify({ data: { startAuthenticationFlow: { request, error: null } } }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  takeEarlyLogin()?.cancel();
  mode = "caido";
  asked.health = 0;
  asked.flow = 0;
});

function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "caido-auth-early-"));
  dirs.push(dir);
  return join(dir, "config");
}

const args = (instance: string) => ({ instance, noBrowser: true, noQr: false });
const env = () => ({ CAIDO_AUTH_CONFIG_DIR: configDir(), TERM: "xterm-256color" });

describe("the early login", () => {
  it("asks /health and the code once, draws the frame, and the login takes both over", async () => {
    const { fake, io } = terminal();
    const drawn = startEarlyLogin(args(url), env(), io);
    expect(drawn).toBeDefined();
    const early = await claimEarlyLogin(url, true, new AbortController().signal);
    expect(early).toBeDefined();
    expect((await early?.health)?.version).toBe("0.55.3");
    const request = await early?.request;
    expect(request?.userCode).toBe("ABCD-EFGH");
    const shown = await early?.shown;
    expect(shown?.request).toBe(request);
    expect(shown?.columns).toBe(100);
    // The whole frame, QR code and keys, drawn over the code's first lines.
    const plain = fake.text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g, "");
    expect(plain).toContain("A B C D - E F G H");
    expect(plain).toContain("(Caido 0.55.3)");
    expect(plain).toMatch(/q cancel/);
    expect(fake.raw).toEqual([true]);
    expect(asked).toEqual({ health: 1, flow: 1 });
  });

  it("starts nothing where the login would stop first: a file where the config directory goes", async () => {
    const { fake, io } = terminal();
    const setting = env();
    mkdirSync(join(setting.CAIDO_AUTH_CONFIG_DIR, ".."), { recursive: true });
    writeFileSync(setting.CAIDO_AUTH_CONFIG_DIR, "not a directory");
    expect(startEarlyLogin(args(url), setting, io)).toBeUndefined();
    expect(await claimEarlyLogin(url, true, new AbortController().signal)).toBeUndefined();
    expect(asked).toEqual({ health: 0, flow: 0 });
    expect(fake.text).toBe("");
  });

  it("starts nothing where the login warns first: plain HTTP to another machine", () => {
    const { io } = terminal();
    expect(startEarlyLogin(args("http://192.0.2.1:8080"), env(), io)).toBeUndefined();
    expect(takeEarlyLogin()).toBeUndefined();
  });

  it("asks no code of a server that is not Caido; the login gets the failure as its own error", async () => {
    mode = "html";
    const { fake, io } = terminal();
    const drawn = startEarlyLogin(args(url), env(), io);
    const early = await claimEarlyLogin(url, true, new AbortController().signal);
    const error = await early?.health.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstanceFailure);
    expect(error).toMatchObject({ kind: "not-caido", exitCode: 1 });
    expect(await drawn).toBeUndefined();
    expect(asked).toEqual({ health: 1, flow: 0 });
    expect(fake.text).toBe("");
  });

  it("is cancelled with the login: a /health that never answers ends as Cancelled", async () => {
    mode = "silent";
    const { io } = terminal();
    startEarlyLogin(args(url), env(), io);
    const controller = new AbortController();
    const early = await claimEarlyLogin(url, true, controller.signal);
    controller.abort();
    expect(await early?.health.catch((e: unknown) => e)).toBeInstanceOf(CancelledError);
  });

  it("is cancelled and left unused for another instance, or a login without the screen", async () => {
    mode = "silent";
    for (const [instance, interactive] of [
      ["http://127.0.0.1:1", true],
      [url, false],
    ] as const) {
      const { io } = terminal();
      const drawn = startEarlyLogin(args(url), env(), io);
      expect(await claimEarlyLogin(instance, interactive, new AbortController().signal)).toBe(
        undefined,
      );
      expect(await drawn).toBeUndefined(); // its request was aborted: no code to draw
    }
  });
});

describe("ownError: bin.cjs's error objects as the CLI's own", () => {
  const foreign = (name: string, fields: Record<string, unknown>) =>
    Object.assign(new Error("the words"), { name, ...fields });

  it("keeps the class, words, hint, kind and exit code", () => {
    const failure = ownError(
      foreign("InstanceFailure", { kind: "timeout", hint: "Try again.", exitCode: 1 }),
    );
    expect(failure).toBeInstanceOf(InstanceFailure);
    expect(failure).toMatchObject({ message: "the words", kind: "timeout", hint: "Try again." });
    const denied = ownError(foreign("InstanceFailure", { kind: "denied", exitCode: 4 }));
    expect(denied).toMatchObject({ kind: "denied", exitCode: 4 });
    expect(ownError(foreign("CancelledError", { exitCode: 130 }))).toBeInstanceOf(CancelledError);
    const auth = ownError(foreign("AuthRequiredError", { hint: "Log in.", exitCode: 4 }));
    expect(auth).toBeInstanceOf(AuthRequiredError);
    expect(auth).toMatchObject({ hint: "Log in.", exitCode: 4 });
    const plain = ownError(foreign("CaidoAuthError", { exitCode: 1 }));
    expect(plain).toBeInstanceOf(CaidoAuthError);
    expect(plain).toMatchObject({ message: "the words", exitCode: 1 });
  });

  it("leaves its own errors and anything unexpected as they are", () => {
    const own = new InstanceFailure("tls", "m");
    expect(ownError(own)).toBe(own);
    const other = new TypeError("x");
    expect(ownError(other)).toBe(other);
    expect(ownError("text")).toBe("text");
  });
});
