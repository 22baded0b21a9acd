// Bad input gets one clear line, the right exit code, and loses nothing; no secret in output.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { type CliResult, newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv, secretsIn } from "./_login.js";

const configOf = (dir: string) => JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loopback URL nobody listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

/** One line on stderr, nothing on stdout, no secret anywhere. */
function expectOneLine(result: CliResult, code: number, pattern: RegExp, secrets: string[] = []) {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines.at(-1)).toMatch(pattern);
  for (const secret of secrets) expect(result.stderr).not.toContain(secret);
}

describe("failures", () => {
  let sandbox: Sandbox;
  let shortLived: Sandbox;
  let notCaido: Server;
  let notCaidoUrl: string;
  beforeAll(async () => {
    [sandbox, shortLived] = await Promise.all([
      startSandbox(),
      // Refresh tokens die after 2 s; access tokens live long enough for login's own viewer call.
      startSandbox({ accessTokenTtl: 60, refreshTokenTtl: 2 }),
    ]);
    notCaido = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>It works!</body></html>");
    });
    await new Promise<void>((r) => notCaido.listen(0, "127.0.0.1", r));
    notCaidoUrl = `http://127.0.0.1:${(notCaido.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    notCaido?.close();
    await Promise.all([sandbox?.close(), shortLived?.close()]);
  });

  it("usage errors exit 2 with a usage line", async () => {
    const env = sandboxEnv(sandbox, newConfigDir());
    expectOneLine(await runCli(["frobnicate"], { env }), 2, /unknown command "frobnicate".*--help/);
    // A flag meant for exec's command, written without "--".
    expectOneLine(
      await runCli(["exec", "echo", "-n", "hi"], { env }),
      2,
      /exec: unknown flag -n: put the command after --\. Example: caido-auth exec -- ls -l$/,
    );
    // A parser failure: our one line, then the command's usage.
    const bogus = await runCli(["token", "--bogus"], { env });
    expect(bogus.code).toBe(2);
    expect(bogus.stderr.trimEnd().split("\n")).toEqual([
      "caido-auth: token: unknown flag --bogus.",
      expect.stringMatching(/^Usage: caido-auth token \[INSTANCE\]/),
    ]);
    // A value of the wrong type: the parser's line, then the usage.
    const soon = await runCli(["token", "--min-valid", "soon"], { env });
    expect(soon.code).toBe(2);
    expect(soon.stderr.trimEnd().split("\n")).toEqual([
      'caido-auth: token: --min-valid takes a whole number of seconds, not "soon".',
      expect.stringMatching(/^Usage: caido-auth token \[INSTANCE\]/),
    ]);
  });

  it("not logged in: exit 4 with the login command", async () => {
    const env = sandboxEnv(sandbox, newConfigDir());
    expectOneLine(
      await runCli(["token"], { env }),
      4,
      /not logged in to any instance.*caido-auth login/,
    );
    expectOneLine(
      await runCli(["token", sandbox.instanceUrl], { env }),
      4,
      new RegExp(`caido-auth login ${sandbox.instanceUrl}$`),
    );
  });

  it("an expired refresh token ends the session: exit 4, and status says so", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(shortLived, dir);
    expect((await patLogin(shortLived, dir)).code).toBe(0);
    const secrets = secretsIn(configOf(dir));
    await sleep(3_000);
    expectOneLine(
      await runCli(["token", "--force-refresh"], { env }),
      4,
      new RegExp(`has ended.*caido-auth login ${shortLived.instanceUrl}$`),
      secrets,
    );
    expect(configOf(dir).sessions[shortLived.instanceUrl].needsLogin).toBe(true);
    const status = await runCli(["status", shortLived.instanceUrl], { env });
    expect(status.code).toBe(4);
    expect(status.stdout).toContain(
      `session ended: run caido-auth login ${shortLived.instanceUrl}`,
    );
  }, 30_000);

  it("a session revoked elsewhere (logout from another copy): exit 4, nothing leaked", async () => {
    const dir = newConfigDir();
    const copy = newConfigDir();
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    mkdirSync(copy, { recursive: true, mode: 0o700 });
    copyFileSync(join(dir, "config.json"), join(copy, "config.json"));
    const secrets = secretsIn(configOf(dir));
    expect((await runCli(["logout"], { env: sandboxEnv(sandbox, dir) })).code).toBe(0);
    const stale = await runCli(["token", "--force-refresh"], { env: sandboxEnv(sandbox, copy) });
    expectOneLine(stale, 4, /caido-auth login/, secrets);
  });

  it("a corrupted config file: exit 1 naming it, and the file is left as it was", async () => {
    const dir = newConfigDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, "config.json"), '{"version":1,"sessions":{', { mode: 0o600 });
    const env = sandboxEnv(sandbox, dir);
    for (const args of [["token"], ["status"], ["logout", "--all"], ["use", "x"]]) {
      expectOneLine(
        await runCli(args, { env }),
        1,
        new RegExp(`${join(dir, "config.json")} is unreadable \\(not valid JSON\\)`),
      );
    }
    expect(readFileSync(join(dir, "config.json"), "utf8")).toBe('{"version":1,"sessions":{');
    // login keeps the broken file aside and starts afresh
    const login = await patLogin(sandbox, dir);
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/kept it as .*config\.json\.broken-/);
  });

  it("a config file readable by others is tightened, with a warning, and still used", async () => {
    const dir = newConfigDir();
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    chmodSync(join(dir, "config.json"), 0o644);
    const result = await runCli(["token"], { env: sandboxEnv(sandbox, dir) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /config\.json was readable by others \(mode 644\); set it to 600/,
    );
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
  });

  it("an unreachable instance: exit 1, and the stored session is untouched", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    const closed = await closedPortUrl();
    const refused = new RegExp(`cannot reach ${closed.replaceAll(".", "\\.")} \\(ECONNREFUSED\\)`);
    expectOneLine(await runCli(["login", closed], { env }), 1, refused);

    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const before = readFileSync(join(dir, "config.json"), "utf8");
    const moved = before.replaceAll(sandbox.instanceUrl, closed);
    writeFileSync(join(dir, "config.json"), moved);
    expectOneLine(
      await runCli(["token", "--force-refresh"], { env }),
      1,
      /cannot reach/,
      secretsIn(configOf(dir)),
    );
    expect(readFileSync(join(dir, "config.json"), "utf8")).toBe(moved);
  });

  it("a web server that is not Caido: exit 1, says so", async () => {
    const env = sandboxEnv(sandbox, newConfigDir());
    expectOneLine(
      await runCli(["login", notCaidoUrl], { env }),
      1,
      /does not look like a Caido instance.*HTML/,
    );
  });

  it("a bad PAT: exit 4, and the PAT appears nowhere", async () => {
    const dir = newConfigDir();
    const pat = "caido_this-is-not-a-real-token-0123456789";
    const result = await runCli(["login", sandbox.instanceUrl], {
      env: sandboxEnv(sandbox, dir, { CAIDO_PAT: pat }),
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/refused the personal access token/);
    expect(result.stderr + result.stdout).not.toContain(pat);
  });
});

describe("--debug", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  it("shows the requests made, and no token or PAT", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    const pat = sandbox.accounts[0]?.pat as string;
    const login = await runCli(["login", sandbox.instanceUrl, "--debug"], {
      env: { ...env, CAIDO_PAT: pat },
    });
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/debug: POST .*\/graphql → HTTP 200/);
    expect(login.stderr).toMatch(/debug: connecting to ws:/);
    const refresh = await runCli(["token", "--force-refresh", "--debug"], { env });
    expect(refresh.code).toBe(0);
    expect(refresh.stderr).toMatch(/debug: refreshing the session/);
    const secrets = [pat, ...secretsIn(configOf(dir)), refresh.stdout.trim()];
    for (const secret of secrets) expect(login.stderr + refresh.stderr).not.toContain(secret);
  });
});

describe("a refreshed session that cannot be saved", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  // chattr needs root (CI runs as root); elsewhere this shows as skipped, not passed.
  it.skipIf(process.getuid?.() !== 0)(
    "exits 1 naming the file and what to do, never only a warning (needs root for chattr)",
    async () => {
      const dir = newConfigDir();
      const env = sandboxEnv(sandbox, dir);
      expect((await patLogin(sandbox, dir)).code).toBe(0);
      const file = join(dir, "config.json");
      const secrets = secretsIn(configOf(dir));
      // Root ignores file modes: make the file immutable so the atomic rename over it fails.
      execFileSync("chattr", ["+i", file]);
      try {
        const result = await runCli(["token", "--force-refresh"], { env });
        expectOneLine(
          result,
          1,
          // Found before the refresh: the refresh token is not spent.
          new RegExp(
            `cannot refresh .*: could not rename .* to ${file}: operation not permitted \\(EPERM\\).*Nothing was sent to the instance`,
          ),
          secrets,
        );
      } finally {
        execFileSync("chattr", ["-i", file]);
      }
    },
  );
});
