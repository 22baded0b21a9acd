// How a login fails: with --json every failure, before the code or after it, is exactly one
// error event (its kind, message, hint and exit code) and the process exits with that code;
// stderr says the same words once. Each kind the README lists comes from a real cause: the
// sandbox, a closed port, a web server that is not Caido, a self-signed TLS server, small
// hostile servers, a bad PAT, SIGINT. Without --json, the failure shows once too, on the
// screen or as one line; and a PAT failure names the cloud that checked it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloud } from "../../source/sandbox/cloud/index.js";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { startInstance } from "../../source/sandbox/instance/index.js";
import { baseEnv, CLI, type CliResult, newConfigDir, runCli, startCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";
import { TmuxSession } from "./_tmux.js";

type Json = Record<string, unknown>;

const dirs: string[] = [];
function configDir(): string {
  const dir = newConfigDir();
  dirs.push(dirname(dir));
  return dir;
}

const lines = (text: string) => text.split("\n").filter(Boolean);
const events = (stdout: string) => lines(stdout).map((l) => JSON.parse(l) as Json);

/** The kinds the tests below produced, checked against the README's list at the end. */
const produced = new Set<string>();

/**
 * Exactly one error event, last on stdout; the exit code is its exitCode; stderr is that one
 * failure in the same words (cli.ts's line), and nothing else.
 */
function oneErrorEvent(result: { stdout: string; stderr: string; code: number | null }): Json {
  const out = events(result.stdout);
  const errors = out.filter((e) => e.event === "error");
  expect(errors).toHaveLength(1);
  const error = errors[0] as Json;
  expect(out.at(-1)).toBe(error);
  expect(Object.keys(error).sort()).toEqual(
    ["event", "instance", "kind", "message", "exitCode", ...(error.hint ? ["hint"] : [])].sort(),
  );
  expect(result.code).toBe(error.exitCode);
  const hint = error.hint ? ` ${error.hint}` : "";
  expect(result.stderr).toBe(`caido-auth: ${error.message}${hint}\n`);
  produced.add(error.kind as string);
  return error;
}

/** Starts a login; decide() gets the code event; resolves with all the run produced. */
function loginWith(
  args: string[],
  env: NodeJS.ProcessEnv,
  decide: (event: Json, child: ReturnType<typeof startCli>) => void | Promise<void>,
): Promise<CliResult> {
  const child = startCli(["login", ...args], { env });
  child.stdin?.end();
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    stdout += `${line}\n`;
    const event = JSON.parse(line) as Json;
    if (event.event === "code") void decide(event, child);
  });
  return new Promise((done) =>
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr })),
  );
}

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

function stop(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

async function closedPortUrl(): Promise<string> {
  const { server, url } = await serve(() => {});
  await stop(server);
  return url;
}

/** An instance that answers /health like Caido and starts a login with `start`'s payload. */
function fakeInstance(start: (url: string) => Json) {
  return serve((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/health") {
      res.end(JSON.stringify({ name: "caido", version: "0.55.3", ready: true }));
      return;
    }
    const host = `http://${req.headers.host}`;
    res.end(JSON.stringify({ data: { startAuthenticationFlow: start(host) } }));
  });
}

const request = (url: string) => ({
  request: {
    id: "r-1",
    userCode: "ABCD-EFGH",
    verificationUrl: `${url}/device?user_code=ABCD-EFGH`,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
  },
  error: null,
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("login --json: every failure is one error event, and the exit code is its exitCode", () => {
  let sandbox: Sandbox;
  let shortCodes: Sandbox;
  /** A Team instance (Bob is outside the workspace), and one whose clock is 10 minutes off. */
  let team: Sandbox;
  let skewed: Sandbox;
  const servers: Server[] = [];
  let tlsDir: string;
  let selfSignedUrl: string;

  beforeAll(async () => {
    [sandbox, shortCodes, team, skewed] = await Promise.all([
      startSandbox(),
      startSandbox({ codeTtl: 5 }),
      startSandbox({ registrationKey: "ckey_loginErrorsTeam_01" }),
      startSandbox({ instanceClockSkew: 600 }),
    ]);
    // Alice owns this instance: Bob's logins are refused as claimed.
    expect((await patLogin(sandbox, configDir(), { account: 0 })).code).toBe(0);

    tlsDir = mkdtempSync(join(tmpdir(), "caido-auth-tls-"));
    const [key, cert] = [join(tlsDir, "key.pem"), join(tlsDir, "cert.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        .concat(["-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"])
        .concat(["-addext", "subjectAltName=IP:127.0.0.1"]),
      { stdio: "ignore" },
    );
    const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_q, r) =>
      r.end("{}"),
    );
    await new Promise<void>((r) => tls.listen(0, "127.0.0.1", r));
    servers.push(tls as unknown as Server);
    selfSignedUrl = `https://127.0.0.1:${(tls.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await Promise.all(servers.map(stop));
    await Promise.all([sandbox?.close(), shortCodes?.close(), team?.close(), skewed?.close()]);
    if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  });

  const json = (args: string[], env: NodeJS.ProcessEnv, input?: string) =>
    runCli(["login", ...args, "--json"], { env, input });

  it("unreachable: a closed port", async () => {
    const closed = await closedPortUrl();
    const error = oneErrorEvent(await json([closed], baseEnv(configDir())));
    expect(error).toMatchObject({
      instance: closed,
      kind: "unreachable",
      message: `cannot reach ${closed} (ECONNREFUSED).`,
      exitCode: 1,
    });
  });

  it("tls: a self-signed certificate, and https:// to a port that speaks plain HTTP", async () => {
    const untrusted = oneErrorEvent(await json([selfSignedUrl], baseEnv(configDir())));
    expect(untrusted).toMatchObject({ kind: "tls", exitCode: 1 });
    expect(untrusted.message).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT/);
    expect(untrusted.hint).toMatch(/NODE_EXTRA_CA_CERTS/);

    const https = sandbox.instanceUrl.replace(/^http:/, "https:");
    const plain = oneErrorEvent(await json([https], baseEnv(configDir())));
    expect(plain).toMatchObject({
      instance: https,
      kind: "tls",
      message: `${https} answered plain HTTP on an https:// URL (EPROTO).`,
      hint: `Try ${sandbox.instanceUrl}, or the port that serves TLS.`,
      exitCode: 1,
    });
  });

  it("not-caido: a web server that is not Caido", async () => {
    const { server, url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" }).end("<html>It works!</html>");
    });
    servers.push(server);
    const error = oneErrorEvent(await json([url], baseEnv(configDir())));
    expect(error).toMatchObject({ instance: url, kind: "not-caido", exitCode: 1 });
    expect(error.message).toMatch(/does not look like a Caido instance \(HTTP 200, an HTML page\)/);
  });

  it("instance: the instance answers the login with an error, shown without its escapes", async () => {
    const { server, url } = await fakeInstance(() => ({
      request: null,
      error: {
        __typename: "InternalUserError",
        code: "INTERNAL",
        message: "disk full\x1b]0;pwned\x07\x1b[2K",
      },
    }));
    servers.push(server);
    const error = oneErrorEvent(await json([url], baseEnv(configDir())));
    expect(error).toMatchObject({
      kind: "instance",
      message: `${url} answered with an error: internal error INTERNAL: disk full\\x1b]0;pwned\\x07\\x1b[2K.`,
      exitCode: 1,
    });
  });

  it("instance: a login request that cannot be shown is refused before any code event", async () => {
    const { server, url } = await fakeInstance((host) => ({
      ...request(host),
      request: { ...request(host).request, verificationUrl: "javascript:alert(1)" },
    }));
    servers.push(server);
    const result = await json([url], baseEnv(configDir()));
    expect(events(result.stdout).map((e) => e.event)).toEqual(["error"]);
    const error = oneErrorEvent(result);
    expect(error).toMatchObject({ instance: url, kind: "instance", exitCode: 1 });
    expect(result.stderr).not.toContain("javascript:");
  });

  it("cloud-unavailable: the instance cannot reach its cloud", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "caido-auth-cloud-down-"));
    const cloud = await startCloud({ dataDir: join(dataDir, "cloud") });
    const instance = await startInstance({
      cloudUrl: cloud.url,
      dataDir: join(dataDir, "instance"),
    });
    try {
      await cloud.close();
      const error = oneErrorEvent(await json([instance.url], baseEnv(configDir())));
      expect(error).toMatchObject({
        instance: instance.url,
        kind: "cloud-unavailable",
        message: `${instance.url} cannot reach the Caido cloud.`,
        exitCode: 1,
      });
    } finally {
      await instance.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("websocket: the instance (or its proxy) refuses the WebSocket upgrade", async () => {
    const { server, url } = await fakeInstance(request);
    server.on("upgrade", (_req, socket: Socket) => {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    });
    servers.push(server);
    const result = await json([url], baseEnv(configDir()));
    expect(events(result.stdout)[0]).toMatchObject({ event: "code", userCode: "ABCD-EFGH" });
    const error = oneErrorEvent(result);
    expect(error).toMatchObject({ kind: "websocket", exitCode: 1 });
    expect(error.message).toMatch(/the upgrade got HTTP 404/);
    expect(error.hint).toMatch(/WebSocket upgrades/);
  });

  it("timeout: an instance that accepts the connection and never answers", async () => {
    const { server, url } = await serve(() => {});
    servers.push(server);
    const error = oneErrorEvent(await json([url], baseEnv(configDir())));
    expect(error).toMatchObject({
      instance: url,
      kind: "timeout",
      message: `${url} did not answer in time (GET /health).`,
      exitCode: 1,
    });
  });

  it("invalid-token: a PAT the cloud does not know", async () => {
    const pat = "caido_this-is-not-a-real-token-0123456789";
    const bad = await json(
      [sandbox.instanceUrl],
      sandboxEnv(sandbox, configDir(), { CAIDO_PAT: pat }),
    );
    const error = oneErrorEvent(bad);
    expect(error).toMatchObject({
      kind: "invalid-token",
      message: `the PAT was checked by ${sandbox.cloudUrl}, which refused the personal access token (HTTP 401: the personal access token is not valid).`,
      exitCode: 4,
    });
    expect(bad.stdout + bad.stderr).not.toContain(pat);
  });

  it("denied: the person denies the code", async () => {
    const result = await loginWith(
      [sandbox.instanceUrl, "--json"],
      sandboxEnv(sandbox, configDir()),
      (event) => sandbox.deny(event.userCode as string),
    );
    expect(events(result.stdout)[0]?.event).toBe("code");
    expect(oneErrorEvent(result)).toMatchObject({ kind: "denied", exitCode: 4 });
  });

  it("claimed: another account than the owner approves", async () => {
    const bob = await runCli(["login", sandbox.instanceUrl, "--json"], {
      env: sandboxEnv(sandbox, configDir(), { CAIDO_PAT: sandbox.accounts[1]?.pat }),
    });
    expect(oneErrorEvent(bob)).toMatchObject({
      kind: "claimed",
      message: `${sandbox.instanceUrl} belongs to another Caido account.`,
      exitCode: 4,
    });
  });

  it("no-access: a Team instance, and the account is not in its workspace", async () => {
    const bob = await runCli(["login", team.instanceUrl, "--json"], {
      env: sandboxEnv(team, configDir(), { CAIDO_PAT: team.accounts[1]?.pat }),
    });
    expect(oneErrorEvent(bob)).toMatchObject({ kind: "no-access", exitCode: 4 });
  });

  it("guests-refused: --guest where the instance does not allow guests", async () => {
    const guest = await json([sandbox.instanceUrl, "--guest"], sandboxEnv(sandbox, configDir()));
    expect(oneErrorEvent(guest)).toMatchObject({ kind: "guests-refused", exitCode: 4 });
  });

  it("clock: the instance's clock is more than 5 minutes off (STALE_DATE)", async () => {
    const late = await runCli(["login", skewed.instanceUrl, "--json"], {
      env: sandboxEnv(skewed, configDir(), { CAIDO_PAT: skewed.accounts[0]?.pat }),
    });
    expect(oneErrorEvent(late)).toMatchObject({ kind: "clock", exitCode: 1 });
  });

  it("expired: nobody approves the code in time", async () => {
    const result = await loginWith(
      [shortCodes.instanceUrl, "--json"],
      sandboxEnv(shortCodes, configDir()),
      () => {},
    );
    expect(oneErrorEvent(result)).toMatchObject({ kind: "expired", exitCode: 4 });
  });

  it("cancelled: SIGINT while waiting", async () => {
    const result = await loginWith(
      [sandbox.instanceUrl, "--json"],
      sandboxEnv(sandbox, configDir()),
      (_event, child) => {
        child.kill("SIGINT");
      },
    );
    expect(oneErrorEvent(result)).toMatchObject({
      instance: sandbox.instanceUrl,
      kind: "cancelled",
      message: "Cancelled.",
      exitCode: 130,
    });
  });

  it("usage: a bad flag value the login checks (exit 2); instance null when none is known", async () => {
    const env = sandboxEnv(sandbox, configDir(), { CAIDO_PAT: sandbox.accounts[0]?.pat });
    const scopes = oneErrorEvent(await json([sandbox.instanceUrl, "--scopes", "everything"], env));
    expect(scopes).toMatchObject({
      instance: sandbox.instanceUrl,
      kind: "usage",
      message: '--scopes: "everything" is not a scope the Caido cloud knows.',
      exitCode: 2,
    });
    const none = oneErrorEvent(await json([], sandboxEnv(sandbox, configDir())));
    expect(none).toMatchObject({
      instance: null,
      kind: "usage",
      message: "login needs an instance URL.",
      exitCode: 2,
    });
  });

  it("error: any other failure, e.g. --resume with no login pending", async () => {
    const error = oneErrorEvent(await json(["--resume"], sandboxEnv(sandbox, configDir())));
    expect(error).toMatchObject({
      instance: null,
      kind: "error",
      message: "no login is pending.",
      exitCode: 4,
    });
  });

  it("every kind the README lists was produced above", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
    const sentence = /`kind` is one of([^.]*)\./.exec(readme)?.[1];
    expect(sentence).toBeDefined();
    const listed = [...(sentence as string).matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((kind) => !produced.has(kind as string))).toEqual([]);
  });
});

describe("a PAT login names the cloud that checked the PAT", () => {
  let sandbox: Sandbox;
  let other: Sandbox;
  const servers: Server[] = [];
  beforeAll(async () => {
    [sandbox, other] = await Promise.all([startSandbox(), startSandbox()]);
  });
  afterAll(async () => {
    await Promise.all(servers.map(stop));
    await Promise.all([sandbox?.close(), other?.close()]);
  });

  const patEnv = (extra: NodeJS.ProcessEnv) =>
    baseEnv(configDir(), { CAIDO_PAT: sandbox.accounts[0]?.pat, ...extra });
  const sandboxCloudHint = () => `set CAIDO_CLOUD_URL=${new URL(sandbox.cloudUrl).origin}`;

  it("without CAIDO_CLOUD_URL it goes to https://api.caido.io, and says to set the sandbox's", async () => {
    // Every https request goes to this proxy, which notes where it was asked to go and hangs
    // up: nothing leaves the machine.
    const asked: string[] = [];
    const { server, url: proxy } = await serve((_req, res) => res.destroy());
    server.on("connect", (req: IncomingMessage, socket: Socket) => {
      asked.push(req.url as string);
      socket.destroy();
    });
    servers.push(server);
    const result = await runCli(["login", sandbox.instanceUrl, "--json"], {
      env: patEnv({ HTTPS_PROXY: proxy }),
    });
    expect(asked[0]).toBe("api.caido.io:443");
    const error = oneErrorEvent(result);
    expect(error).toMatchObject({ kind: "cloud-unavailable", exitCode: 1 });
    expect(error.message).toMatch(
      new RegExp(
        `^the PAT was checked by https://api\\.caido\\.io, which could not be reached through the proxy ${proxy.replaceAll(".", "\\.")} \\([^()]+\\)\\.$`,
      ),
    );
    expect(error.hint).toBe(
      `The instance's login page is on ${sandbox.cloudUrl}, not on https://api.caido.io: if that is its cloud (the sandbox's is), ${sandboxCloudHint()}`,
    );
  });

  it("a cloud URL nobody listens on: could not be reached, and which URL would match", async () => {
    const closed = await closedPortUrl();
    const result = await runCli(["login", sandbox.instanceUrl], {
      env: patEnv({ CAIDO_CLOUD_URL: closed }),
    });
    expect(result.code).toBe(1);
    expect(lines(result.stderr).at(-1)).toBe(
      `caido-auth: the PAT was checked by ${closed}, which could not be reached (ECONNREFUSED). The instance's login page is on ${sandbox.cloudUrl}, not on ${closed}: if that is its cloud (the sandbox's is), ${sandboxCloudHint()}`,
    );
  });

  it("another cloud refuses the PAT: what it answered, and the cloud the code came from", async () => {
    const result = await runCli(["login", sandbox.instanceUrl, "--json"], {
      env: patEnv({ CAIDO_CLOUD_URL: other.cloudUrl }),
    });
    const error = oneErrorEvent(result);
    expect(error).toMatchObject({
      kind: "invalid-token",
      message: `the PAT was checked by ${other.cloudUrl}, which refused the personal access token (HTTP 401: the personal access token is not valid).`,
      exitCode: 4,
    });
    expect(error.hint).toMatch(new RegExp(`${sandboxCloudHint()}$`));
  });

  it("a cloud URL that is not a cloud, and a cloud's hostile words: said plainly and safely", async () => {
    const notCloud = await runCli(["login", sandbox.instanceUrl], {
      env: patEnv({ CAIDO_CLOUD_URL: sandbox.instanceUrl }),
    });
    expect(notCloud.code).toBe(1);
    expect(lines(notCloud.stderr).at(-1)).toMatch(
      new RegExp(
        `^caido-auth: the PAT was checked by ${sandbox.instanceUrl}, which (could not read the login request \\(HTTP 4\\d\\d|answered HTTP \\d+ with)`,
      ),
    );
    const { server, url } = await serve((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: "invalid_token", error_description: "no\x1b]52;c;Y3VybA==\x07" }),
      );
    });
    servers.push(server);
    const hostile = await runCli(["login", sandbox.instanceUrl], {
      env: patEnv({ CAIDO_CLOUD_URL: url }),
    });
    expect(hostile.code).toBe(4);
    expect(hostile.stderr).not.toMatch(/[\x07\x1b]/);
    expect(hostile.stderr).toContain("refused the personal access token (HTTP 401: no\\x1b]52;c;");
  });

  it("a CAIDO_CLOUD_URL that is not an http(s) URL, or a PAT with a stray \\r: exit 2 at once", async () => {
    const bad = await runCli(["login", sandbox.instanceUrl, "--json"], {
      env: patEnv({ CAIDO_CLOUD_URL: "api.caido.io" }),
    });
    expect(oneErrorEvent(bad)).toMatchObject({
      kind: "usage",
      message: "CAIDO_CLOUD_URL is not an http(s) URL without credentials.",
    });
    const pat = `${sandbox.accounts[0]?.pat}\r`;
    const cr = await runCli(["login", sandbox.instanceUrl], {
      env: baseEnv(configDir(), { CAIDO_PAT: pat, CAIDO_CLOUD_URL: sandbox.cloudUrl }),
    });
    expect(cr.code).toBe(2);
    expect(lines(cr.stderr)).toEqual([
      "caido-auth: the token from CAIDO_PAT contains spaces, control or non-ASCII characters (a stray \\r?). Give the token alone, as the Caido dashboard shows it.",
    ]);
  });
});

describe("one message per failure without --json", () => {
  let sandbox: Sandbox;
  const terms: TmuxSession[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox();
    expect((await patLogin(sandbox, configDir(), { account: 0 })).code).toBe(0);
  });
  afterAll(async () => {
    await Promise.all(terms.map((t) => t.close()));
    await sandbox?.close();
  });

  const count = (text: string, pattern: RegExp) =>
    (text.match(new RegExp(pattern, "g")) ?? []).length;

  it("plain lines: a denied login says so in one line, the last", async () => {
    const child = startCli(["login", sandbox.instanceUrl], {
      env: sandboxEnv(sandbox, configDir()),
    });
    child.stdin?.end();
    let stderr = "";
    let denying = false;
    child.stderr?.on("data", (d) => {
      stderr += d;
      const code = /^Code: (\S+)$/m.exec(stderr)?.[1];
      if (code && !denying) {
        denying = true;
        void sandbox.deny(code);
      }
    });
    const code = await new Promise((r) => child.on("close", r));
    expect(code).toBe(4);
    expect(count(stderr, /denied/)).toBe(1);
    expect(lines(stderr).at(-1)).toMatch(/^caido-auth: the login to .* was denied\. To try again/);
  });

  /** The interactive screen in tmux, with its code; ends when `act` made it fail. */
  async function screenFailure(act: (userCode: string, term: TmuxSession) => Promise<void>) {
    const term = await TmuxSession.start({
      columns: 100,
      rows: 30,
      command: [process.execPath, CLI, "login", sandbox.instanceUrl, "--no-browser", "--no-qr"],
      env: sandboxEnv(sandbox, configDir()),
    });
    terms.push(term);
    const screen = await term.waitFor(/q cancel\s*$/m);
    const userCode = /((?:[A-Z0-9] ){4}- (?:[A-Z0-9] ){3}[A-Z0-9])/.exec(screen)?.[1];
    expect(userCode).toBeDefined();
    await act((userCode as string).replaceAll(" ", ""), term);
    const exitCode = await term.exitCode();
    return { exitCode, screen: await term.capture() };
  }

  it("the screen: denied, claimed and cancelled show once, with no second line after", async () => {
    const denied = await screenFailure((code) => sandbox.deny(code));
    expect(denied.exitCode).toBe(4);
    expect(count(denied.screen, /was denied/)).toBe(1);
    expect(denied.screen).not.toContain("caido-auth:");

    const claimed = await screenFailure((code) =>
      sandbox.approve(code, sandbox.accounts[1]?.email),
    );
    expect(claimed.exitCode).toBe(4);
    expect(count(claimed.screen, /belongs to another Caido account/)).toBe(1);
    expect(claimed.screen).not.toContain("caido-auth:");

    const cancelled = await screenFailure((_code, term) => term.sendKeys("C-c"));
    expect(cancelled.exitCode).toBe(130);
    expect(count(cancelled.screen, /Login cancelled/)).toBe(1);
    expect(cancelled.screen).not.toMatch(/caido-auth:|Cancelled\./);
  });
});
