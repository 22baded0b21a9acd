// The interactive login's early start in a real terminal (tmux): bin.cjs asks for the code and
// draws it before the CLI has loaded (source/fast/early-login.ts), and the login command takes
// over. What a person sees and what the instance is asked must be as if the CLI had done it
// all: one /health and one code, no code where the login refuses first, and the same failures
// (bin.cjs's errors become the CLI's own) with the same exit codes.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baseEnv, CLI, newConfigDir, runCli } from "./_cli.js";
import { bindReadOnly, type Mount, requireRoot, sharedRoot } from "./_faults.js";
import { TmuxSession } from "./_tmux.js";

type Answer = (req: IncomingMessage, res: ServerResponse, base: string) => void;

const caidoHealth: Answer = (_req, res) =>
  res
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ name: "caido", version: "0.55.3", ready: true }));

const aCode: Answer = (_req, res, base) => {
  const request = {
    id: "r-1",
    userCode: "ABCD-EFGH",
    verificationUrl: `${base}/device?user_code=ABCD-EFGH`,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
  };
  res
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ data: { startAuthenticationFlow: { request, error: null } } }));
};

/** A small instance: /health and POST /graphql answered as given, each request counted. */
async function instance(answers: { health: Answer; graphql: Answer }) {
  const asked = { health: 0, graphql: 0 };
  const server = createServer((req, res) => {
    const base = `http://${req.headers.host}`;
    if (req.url === "/health") {
      asked.health++;
      answers.health(req, res, base);
    } else {
      asked.graphql++;
      answers.graphql(req, res, base);
    }
  });
  // The login's subscription waits here until the test ends it.
  server.on("upgrade", () => {});
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, asked };
}

const servers: Server[] = [];
const terms: TmuxSession[] = [];
const dirs: string[] = [];
const mounts: Mount[] = [];

afterAll(async () => {
  await Promise.all(terms.map((t) => t.close()));
  for (const mount of mounts) mount.unmount();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function configDir(): string {
  const dir = newConfigDir();
  dirs.push(dirname(dir));
  return dir;
}

async function terminal(url: string, env: NodeJS.ProcessEnv, bin = CLI): Promise<TmuxSession> {
  const term = await TmuxSession.start({
    columns: 100,
    rows: 30,
    command: [process.execPath, bin, "login", url, "--no-browser"],
    env,
  });
  terms.push(term);
  return term;
}

/** The screen's text with lines that wrapped joined again (and all others too). */
const unwrapped = (screen: string) => screen.trimEnd().split("\n").join("");

describe.concurrent("login in a terminal, started by bin.cjs", () => {
  it("asks /health and for a code once, and the screen runs on the code drawn first", async () => {
    const { url, asked } = await instance({ health: caidoHealth, graphql: aCode });
    const term = await terminal(url, baseEnv(configDir()));
    const screen = await term.waitFor(/q cancel\s*$/m);
    expect(screen).toContain("A B C D - E F G H");
    expect(screen.match(/Logging in to/g)).toHaveLength(1);
    await term.sendKeys("q");
    await term.waitFor("Login cancelled");
    expect(await term.exitCode()).toBe(130);
    expect(asked).toEqual({ health: 1, graphql: 1 });
  });

  it("a config directory that takes no write: the CLI's failure, and no code asked for", async () => {
    requireRoot("a read-only bind mount");
    const shared = sharedRoot();
    dirs.push(shared.dir);
    const dir = join(shared.dir, "config");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    mounts.push(bindReadOnly(dir));
    const { url, asked } = await instance({ health: caidoHealth, graphql: aCode });
    const alone = await runCli(["login", url], { env: baseEnv(dir) });
    const term = await terminal(url, baseEnv(dir));
    expect(await term.exitCode()).toBe(1);
    const screen = await term.capture();
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain("EROFS");
    expect(unwrapped(screen).endsWith(alone.stderr.trimEnd())).toBe(true);
    expect(screen).not.toContain("A B C D");
    expect(asked.graphql).toBe(0);
  });

  it("a server that is not Caido: the same line and exit code as without a terminal", async () => {
    const html: Answer = (_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<html>It works!</html>");
    const { url, asked } = await instance({ health: html, graphql: aCode });
    const alone = await runCli(["login", url], { env: baseEnv(configDir()) });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/does not look like a Caido instance \(HTTP 200, an HTML page\)/);
    const term = await terminal(url, baseEnv(configDir()));
    expect(await term.exitCode()).toBe(1);
    const screen = await term.capture();
    expect(unwrapped(screen).endsWith(alone.stderr.trimEnd())).toBe(true);
    expect(screen).not.toMatch(/unexpected error/);
    expect(asked.graphql).toBe(0);
  });

  it("https:// to a self-signed server: the same TLS failure as without a terminal", async () => {
    const tls = mkdtempSync(join(tmpdir(), "caido-auth-early-tls-"));
    dirs.push(tls);
    const [key, cert] = [join(tls, "key.pem"), join(tls, "cert.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        .concat(["-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"])
        .concat(["-addext", "subjectAltName=IP:127.0.0.1"]),
      { stdio: "ignore" },
    );
    const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) });
    server.on("request", (_req, res) => res.end("{}"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    servers.push(server as unknown as Server);
    const url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
    const alone = await runCli(["login", url], { env: baseEnv(configDir()) });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/TLS failure .*DEPTH_ZERO_SELF_SIGNED_CERT/);
    const term = await terminal(url, baseEnv(configDir()));
    expect(await term.exitCode()).toBe(1);
    expect(unwrapped(await term.capture()).endsWith(alone.stderr.trimEnd())).toBe(true);
  });

  it("an instance that cannot start a login: the screen says so once, exit 1", async () => {
    const cloudDown: Answer = (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          data: {
            startAuthenticationFlow: {
              request: null,
              error: { __typename: "CloudUserError", code: "x", cloudReason: "UNAVAILABLE" },
            },
          },
        }),
      );
    const { url, asked } = await instance({ health: caidoHealth, graphql: cloudDown });
    const term = await terminal(url, baseEnv(configDir()));
    expect(await term.exitCode()).toBe(1);
    const screen = await term.capture();
    expect(screen.match(/cannot reach the Caido cloud/g)).toHaveLength(1);
    expect(screen).not.toMatch(/unexpected error|caido-auth:/);
    expect(asked).toEqual({ health: 1, graphql: 1 });
  });

  it("SIGTERM once the code shows but before the CLI has loaded: cancelled on the screen, exit 130", async () => {
    // A build whose CLI takes 1.5 s to load: the signal surely comes before it listens.
    const slow = mkdtempSync(join(tmpdir(), "caido-auth-slow-cli-"));
    dirs.push(slow);
    cpSync(dirname(CLI), slow, { recursive: true });
    renameSync(join(slow, "cli.js"), join(slow, "cli-real.js"));
    writeFileSync(
      join(slow, "cli.js"),
      'await new Promise((r) => setTimeout(r, 1500));\nexport * from "./cli-real.js";\n',
    );
    const { url } = await instance({ health: caidoHealth, graphql: aCode });
    const term = await terminal(url, baseEnv(configDir()), join(slow, "bin.cjs"));
    await term.waitFor(/A B C D - E F G H/);
    process.kill(await term.pid(), "SIGTERM");
    await term.waitFor("Login cancelled");
    expect(await term.exitCode()).toBe(130);
  });

  it("Ctrl+C while /health is unanswered: cancelled, exit 130", async () => {
    const { url, asked } = await instance({ health: () => {}, graphql: aCode });
    const term = await terminal(url, baseEnv(configDir()));
    // As a terminal's Ctrl+C does (no raw mode yet: no code is shown), to the CLI alone. Sent
    // once /health was asked: bin.cjs holds signals for the CLI from then on (before, SIGINT
    // ends Node at once, as it always did while loading).
    const pid = await term.pid();
    for (let i = 0; i < 300 && asked.health === 0; i++) await new Promise((r) => setTimeout(r, 50));
    process.kill(pid, "SIGINT");
    expect(await term.exitCode()).toBe(130);
    expect(unwrapped(await term.capture())).toBe("caido-auth: Cancelled.");
    expect(asked).toEqual({ health: 1, graphql: 0 });
  });
});
