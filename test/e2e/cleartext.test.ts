// Plain HTTP off this machine: a login to a non-loopback http:// instance warns once
// on stderr in every mode and status marks it; a PAT is never sent to a non-loopback http:// cloud
// (exit 2, nothing sent); a token typed as an argument is never echoed.
//
// The instance is reached as http://caido.test:PORT, a name the loopback rule does not trust, via
// HTTP_PROXY: a small forward proxy on 127.0.0.1 that sends caido.test to the sandbox, as DNS
// would send it to a remote machine.
import { rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { baseEnv, CLI, newConfigDir, runCli } from "./_cli.js";
import { sandboxEnv } from "./_login.js";
import { TmuxSession } from "./_tmux.js";

const FAKE_HOST = "caido.test";

interface MappingProxy {
  url: string;
  /** Every request line or CONNECT target, as the client sent it. */
  seen: string[];
  close(): Promise<void>;
}

/** A forward proxy that sends FAKE_HOST to 127.0.0.1 and everything else where it says. */
async function startMappingProxy(): Promise<MappingProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const mapHost = (host: string) => (host === FAKE_HOST ? "127.0.0.1" : host);
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url as string);
    target.hostname = mapHost(target.hostname);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("connect", (req, client: Socket) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url as string).split(":");
    const upstream = connect(Number(port), mapHost(host as string), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A server that answers nothing useful and records every request and connection it gets. */
async function startRecorder(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(500).end();
  });
  server.on("connect", (req, socket: Socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  server.on("connection", () => seen.push("connection"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const dirs: string[] = [];
function configDir(): string {
  const dir = newConfigDir();
  dirs.push(dirname(dir));
  return dir;
}

const WARNING =
  /^caido-auth: warning: http:\/\/caido\.test:\d+ is plain HTTP to another machine: the login and its tokens cross the network unencrypted; use https:\/\/ if the instance offers it\.$/;
const warnings = (stderr: string) => stderr.split("\n").filter((l) => l.includes("warning:"));

describe("an http:// instance on another machine", () => {
  let sandbox: Sandbox;
  let proxy: MappingProxy;
  let remoteUrl: string;
  beforeAll(async () => {
    [sandbox, proxy] = await Promise.all([startSandbox(), startMappingProxy()]);
    remoteUrl = `http://${FAKE_HOST}:${new URL(sandbox.instanceUrl).port}`;
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const pat = () => sandbox.accounts[0]?.pat as string;
  const remoteEnv = (dir: string, extra: NodeJS.ProcessEnv = {}) =>
    sandboxEnv(sandbox, dir, { HTTP_PROXY: proxy.url, ...extra });

  it("a PAT login warns once on stderr, works, and status marks the row (text and --json)", async () => {
    const dir = configDir();
    proxy.seen.length = 0;
    const login = await runCli(["login", remoteUrl], {
      env: remoteEnv(dir, { CAIDO_PAT: pat() }),
    });
    expect(login.code).toBe(0);
    expect(warnings(login.stderr)).toEqual([expect.stringMatching(WARNING)]);
    expect(login.stderr).toContain(`Logged in to ${remoteUrl}`);
    // It really went to the name the rule does not trust, through the proxy.
    expect(proxy.seen.some((s) => s.includes(FAKE_HOST))).toBe(true);

    // A loopback instance in the same config: no warning, no mark.
    const local = await runCli(["login", sandbox.instanceUrl], {
      env: sandboxEnv(sandbox, dir, { CAIDO_PAT: pat() }),
    });
    expect(local.code).toBe(0);
    expect(warnings(local.stderr)).toEqual([]);

    const text = await runCli(["status"], { env: remoteEnv(dir) });
    expect(text.code).toBe(0);
    const blocks = text.stdout.split("\n\n");
    const remote = blocks.find((b) => b.startsWith(remoteUrl)) as string;
    expect(remote.split("\n")[0]).toMatch(/ \[cleartext\]$/);
    expect(remote).toContain("cleartext: plain HTTP to another machine");
    const loopback = blocks.find((b) => b.startsWith(sandbox.instanceUrl)) as string;
    expect(loopback).not.toContain("cleartext");

    const json = await runCli(["status", "--json"], { env: remoteEnv(dir) });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout).instances as { instance: string; cleartext: boolean }[];
    expect(rows.map((r) => [r.instance, r.cleartext]).sort()).toEqual(
      [
        [remoteUrl, true],
        [sandbox.instanceUrl, false],
      ].sort(),
    );
  });

  it("with --json the warning is on stderr only: stdout stays NDJSON", async () => {
    const dir = configDir();
    const login = await runCli(["login", remoteUrl, "--json"], {
      env: remoteEnv(dir, { CAIDO_PAT: pat() }),
    });
    expect(login.code).toBe(0);
    const events = login.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line).event);
    expect(events).toEqual(["code", "approved"]);
    expect(login.stderr.split("\n").filter(Boolean)).toEqual([expect.stringMatching(WARNING)]);
  });

  it("login --no-wait and --resume warn too, once each", async () => {
    const dir = configDir();
    const detach = await runCli(["login", remoteUrl, "--no-wait", "--json"], {
      env: remoteEnv(dir),
    });
    expect(detach.code).toBe(0);
    expect(warnings(detach.stderr)).toEqual([expect.stringMatching(WARNING)]);
    const { userCode } = JSON.parse(detach.stdout);
    await sandbox.approve(userCode);
    const resume = await runCli(["login", "--resume", remoteUrl], { env: remoteEnv(dir) });
    expect(resume.code).toBe(0);
    expect(warnings(resume.stderr)).toEqual([expect.stringMatching(WARNING)]);
  });

  it("the login screen (a terminal): the warning stays above it, once", async () => {
    const term = await TmuxSession.start({
      columns: 100,
      rows: 30,
      command: [process.execPath, CLI, "login", remoteUrl, "--no-browser", "--no-qr"],
      env: remoteEnv(configDir()),
    });
    try {
      const screen = await term.waitFor(/q cancel\s*$/m);
      const shown = screen.split("\n").filter((l) => l.includes("plain HTTP"));
      expect(shown).toEqual([
        expect.stringMatching(
          /^caido-auth: warning: http:\/\/caido\.test:\d+ is plain HTTP to another machine/,
        ),
      ]);
      await term.sendKeys("q");
      expect(await term.exitCode()).toBe(130);
    } finally {
      await term.close();
    }
  });

  it("through an http:// proxy on another machine, even a loopback instance is cleartext", async () => {
    // Nothing listens at proxy.test: the warning comes before any request, then the login fails.
    const login = await runCli(["login", sandbox.instanceUrl], {
      env: sandboxEnv(sandbox, configDir(), { HTTP_PROXY: "http://proxy.test:3128" }),
    });
    expect(login.code).toBe(1);
    expect(warnings(login.stderr)).toEqual([
      `caido-auth: warning: ${sandbox.instanceUrl} goes through the proxy http://proxy.test:3128 in plain HTTP: the login and its tokens cross the network unencrypted; use https:// if the instance offers it.`,
    ]);
  });
});

describe("a PAT and an http:// cloud on another machine", () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  beforeAll(async () => {
    recorder = await startRecorder();
  });
  afterAll(async () => {
    await recorder?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const PAT = "caido_0123456789abcdefghijABCDEFGHIJ";

  it.each([
    ["CAIDO_PAT", { CAIDO_PAT: PAT }, [], ""],
    ["--pat-stdin", {}, ["--pat-stdin"], PAT],
  ])("%s: exit 2 before anything is sent, saying to use https", async (_, extra, args, input) => {
    recorder.seen.length = 0;
    const cloud = "http://cloud.test:8443";
    const result = await runCli(["login", recorder.url, ...args], {
      // The recorder is the instance and the proxy: any request at all would land there.
      env: baseEnv(configDir(), { CAIDO_CLOUD_URL: cloud, HTTP_PROXY: recorder.url, ...extra }),
      input,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `caido-auth: CAIDO_CLOUD_URL ${cloud} is plain HTTP to another machine: the personal access token would cross the network readable, so it was not sent. Use the cloud's https:// URL (the default, https://api.caido.io, when unset); plain http:// is only for this machine (localhost, 127.0.0.0/8, ::1).\n`,
    );
    expect(result.stderr).not.toContain(PAT);
    expect(recorder.seen).toEqual([]);
  });

  it("--json: one usage error event, nothing sent", async () => {
    recorder.seen.length = 0;
    const result = await runCli(["login", recorder.url, "--json"], {
      env: baseEnv(configDir(), {
        CAIDO_PAT: PAT,
        CAIDO_CLOUD_URL: "http://203.0.113.7",
      }),
    });
    expect(result.code).toBe(2);
    const events = result.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(events).toEqual([
      expect.objectContaining({ event: "error", kind: "usage", exitCode: 2 }),
    ]);
    expect(events[0].message).toMatch(/^CAIDO_CLOUD_URL http:\/\/203\.0\.113\.7 is plain HTTP/);
    expect(result.stdout + result.stderr).not.toContain(PAT);
    expect(recorder.seen).toEqual([]);
  });

  it("a loopback cloud through an http:// proxy on another machine is refused too", async () => {
    recorder.seen.length = 0;
    const result = await runCli(["login", recorder.url], {
      env: baseEnv(configDir(), {
        CAIDO_PAT: PAT,
        CAIDO_CLOUD_URL: "http://127.0.0.1:9",
        HTTP_PROXY: "http://proxy.test:3128",
        // The instance (the recorder) is reached directly, so it would see any request.
        NO_PROXY: new URL(recorder.url).host,
      }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^caido-auth: CAIDO_CLOUD_URL http:\/\/127\.0\.0\.1:9 goes through the proxy http:\/\/proxy\.test:3128 in plain HTTP: the personal access token would cross the network readable, so it was not sent\./,
    );
    expect(recorder.seen).toEqual([]);
  });
});

describe("a token typed as an argument", () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  beforeAll(async () => {
    recorder = await startRecorder();
  });
  afterAll(async () => {
    await recorder?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const PAT = "caido_Zx9-secret_pat_value_0123456789";
  const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";
  const OPAQUE = "q7Vd2LkP9sXw4RtY8mNb3HcZ6JfGa1Ue5Oi0";

  const cases = (url: string): [string, string[]][] => [
    ["login URL PAT", ["login", url, PAT]],
    ["login PAT", ["login", PAT]],
    ["login URL -i PAT", ["login", url, "-i", PAT]],
    ["login --name PAT", ["login", url, "--name", PAT]],
    ["token JWT", ["token", JWT]],
    ["token URL opaque", ["token", url, OPAQUE]],
    ["status PAT", ["status", PAT]],
    ["logout URL PAT", ["logout", url, PAT]],
    ["use PAT", ["use", PAT]],
    ["env JWT", ["env", JWT]],
    ["exec PAT -- true", ["exec", PAT, "--", "true"]],
    ["api PAT QUERY", ["api", PAT, "query { runtime { version } }"]],
    ["api PAT QUERY --instance URL", ["api", PAT, "{ a }", "--instance", url]],
    ["sandbox PAT", ["sandbox", PAT]],
    ["completion bash PAT", ["completion", "bash", PAT]],
  ];

  it("is never echoed, nothing is sent, and the message says where a token goes", async () => {
    recorder.seen.length = 0;
    const env = baseEnv(configDir(), { HTTP_PROXY: recorder.url });
    for (const [name, args] of cases(recorder.url)) {
      const result = await runCli(args, { env });
      const output = result.stdout + result.stderr;
      expect({ name, code: result.code }).toEqual({ name, code: 2 });
      for (const secret of [PAT, JWT, OPAQUE]) expect(output).not.toContain(secret);
      // Nothing of it either: not a lower-cased host, not a prefix.
      expect(output.toLowerCase()).not.toContain(PAT.slice(0, 12).toLowerCase());
      expect(output).not.toContain(JWT.slice(0, 12));
      if (name !== "completion bash PAT")
        expect({ name, output }).toEqual({ name, output: expect.stringMatching(/CAIDO_PAT/) });
    }
    expect(recorder.seen).toEqual([]);
  });

  it("other extra arguments are still named", async () => {
    const result = await runCli(["login", recorder.url, "my-vps"], {
      env: baseEnv(configDir()),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^caido-auth: login: too many arguments: "my-vps"\.\n/);
    expect(result.stderr).not.toMatch(/token/);
  });
});
