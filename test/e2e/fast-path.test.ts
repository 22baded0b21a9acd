// bin.cjs answers `token`, `env` and `exec` itself, whatever the answer is: a fresh stored
// token, a refresh, CAIDO_ACCESS_TOKEN, an error. Its answers must be the full CLI's to the
// byte: each is compared with dist/cli.js run directly. The fast answer comes from a copy of
// bin.cjs alone, so it cannot have loaded anything else: anything it must leave to the full
// CLI makes it fail instead. (fast-path-agreement.test.ts does the same over command lines
// generated from the command table.)
import { spawn } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { CLI, type CliResult, collect, newConfigDir, runCli, runFullCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

/** The full CLI's answer: dist/cli.js's runCli, as bin.cjs calls it when it does not answer. */

describe("the fast path of bin.cjs", () => {
  let sandbox: Sandbox;
  let root: string;
  let alone: string; // a copy of bin.cjs with nothing beside it
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const file = () => join(dir, "config.json");

  beforeAll(async () => {
    sandbox = await startSandbox();
    root = mkdtempSync(join(tmpdir(), "caido-auth-fast-path-"));
    alone = join(root, "alone", "bin.cjs");
    mkdirSync(dirname(alone));
    copyFileSync(CLI, alone);
    dir = newConfigDir();
    env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir, { args: ["--name", "one"] })).code).toBe(0);
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  const runCopy = (copy: string, args: string[], extra: NodeJS.ProcessEnv = {}) =>
    collect(
      spawn(process.execPath, [copy, ...args], {
        env: { ...env, ...extra },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
  const runAlone = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCopy(alone, args, extra);

  /** Marks the stored token as expired a second ago: the next command refreshes it. */
  function expireStored() {
    const before = JSON.parse(readFileSync(file(), "utf8"));
    before.sessions[sandbox.instanceUrl].expiresAt = new Date(Date.now() - 1000).toISOString();
    writeFileSync(file(), JSON.stringify(before), { mode: 0o600 });
    return before;
  }

  async function same(args: string[], extra: NodeJS.ProcessEnv = {}, prepare = () => {}) {
    prepare();
    const fast = await runAlone(args, extra);
    prepare();
    const full = await runFullCli(args, { ...env, ...extra });
    expect(full.code).toBe(0);
    // The seconds a token has left tick between the two runs: the rest must be identical.
    const seconds = (r: CliResult) => ({
      ...r,
      stderr: r.stderr.replace(/valid for \d+ s/g, "valid for N s"),
    });
    expect(seconds(fast)).toEqual(seconds(full));
    return fast;
  }

  it.each([
    [["token"]],
    [["token", "--json"]],
    [["token", "one"]],
    [["token", "-i", "one", "--json"]],
    [["token", "--instance=one", "--min-valid", "0"]],
    [["env"]],
    [["env", "one", "--shell", "sh"]],
    [["env", "--shell", "fish"]],
    [["env", "--shell=powershell"]],
    [["env", "--shell", "json", "--min-valid", "30"]],
  ])("answers %j as the full CLI does, without it", async (args) => {
    const token = JSON.parse(readFileSync(file(), "utf8")).sessions[sandbox.instanceUrl]
      .accessToken;
    const fast = await same(args);
    expect(fast.stdout).toContain(token);
  });

  it("answers by URL too, and warns as the full CLI does when --min-valid cannot be met", async () => {
    const fast = await same(["token", sandbox.instanceUrl, "--min-valid", "100000000"]);
    expect(fast.stderr).toContain("less than --min-valid 100000000");
  });

  it("masks under GitHub Actions and tightens a config file open to others, saying so", async () => {
    const fast = await same(["token"], { GITHUB_ACTIONS: "true" }, () => chmodSync(file(), 0o644));
    expect(fast.stderr).toContain("::add-mask::");
    expect(fast.stderr).toContain("was readable by others");
    // exec masks once too, also when its command cannot start.
    for (const child of [["true"], ["no-such-program-here"]]) {
      const args = ["exec", "--", ...child];
      const extra = { GITHUB_ACTIONS: "true" };
      const [viaFast, full] = await Promise.all([
        runAlone(args, extra),
        runFullCli(args, { ...env, ...extra }),
      ]);
      expect(viaFast).toEqual(full);
      expect(viaFast.stderr.match(/::add-mask::/g)).toHaveLength(1);
    }
  });

  it("runs exec's command with the token in its environment and exits with its code", async () => {
    const script = `printf "%s|%s|%s|%s" "$CAIDO_INSTANCE" "$CAIDO_ACCESS_TOKEN" "$CAIDO_ACCESS_TOKEN_EXPIRES_AT" "\${CAIDO_PAT-unset}"; exit 7`;
    const extra = { CAIDO_PAT: "caido_not-for-the-child", CAIDO_ACCESS_TOKEN_EXPIRES_AT: "stale" };
    const args = ["exec", "one", "--", "sh", "-c", script];
    const fast = await runAlone(args, extra);
    const full = await runFullCli(args, { ...env, ...extra });
    expect(full.code).toBe(7);
    expect(fast).toEqual(full);
    const stored = JSON.parse(readFileSync(file(), "utf8")).sessions[sandbox.instanceUrl];
    expect(fast.stdout).toBe(
      `${sandbox.instanceUrl}|${stored.accessToken}|${stored.expiresAt}|unset`,
    );
  });

  it("runs exec's command without a deprecation warning, also under --pending-deprecation", async () => {
    for (const extra of [
      {},
      { NODE_PENDING_DEPRECATION: "1" },
      { NODE_OPTIONS: "--pending-deprecation" },
    ]) {
      for (const expired of [false, true]) {
        if (expired) expireStored();
        const ran = await runAlone(["exec", "--", "sh", "-c", "echo ran; exit 5"], extra);
        expect(ran, JSON.stringify(extra)).toEqual({
          code: 5,
          signal: null,
          stdout: "ran\n",
          stderr: "",
        });
      }
    }
  });

  it("ends as exec's command ends: by its signal, with nothing of ours left behind", async () => {
    const ran = await runAlone(["exec", "--", "sh", "-c", "kill -TERM $$"]);
    // Where Node can become the command (execve) the signal is the command's own; elsewhere
    // caido-auth waits for it and exits 128 + its number.
    expect(ran.signal === "SIGTERM" || ran.code === 143, JSON.stringify(ran)).toBe(true);
    expect(ran.stderr).toBe("");
  });

  it("leaves to the full CLI what it does not answer itself", async () => {
    for (const [args, extra] of [
      [["status"], {}],
      [["use", "one"], {}],
      [["completion", "bash"], {}],
    ] as [string[], NodeJS.ProcessEnv][]) {
      const lone = await runAlone(args, extra);
      // Nothing beside the copy: a hand-over fails to load what it hands over to.
      expect(lone.code, args.join(" ")).not.toBe(0);
      expect(lone.stderr).toContain("cli.js");
      // The real bin.cjs hands over and answers as the full CLI does.
      const [bin, full] = await Promise.all([
        runCli(args, { env: { ...env, ...extra } }),
        runFullCli(args, { ...env, ...extra }),
      ]);
      expect(bin).toEqual(full);
    }
  });

  it("answers without the full CLI what the stored token alone cannot", async () => {
    for (const [args, extra] of [
      [["token", "--debug"], {}],
      [["token"], { CAIDO_ACCESS_TOKEN: "from-env" }],
      [["env", "--shell", "fish"], { CAIDO_ACCESS_TOKEN: "from-env", CAIDO_INSTANCE: "one" }],
      [
        ["exec", "--", "sh", "-c", "echo $CAIDO_INSTANCE"],
        { CAIDO_ACCESS_TOKEN: "from-env", CAIDO_INSTANCE: "one", GITHUB_ACTIONS: "true" },
      ],
      [["exec", "--", "no-such-program-here"], {}],
      [["token", "nobody"], {}],
      [["token"], { CAIDO_ACCESS_TOKEN: "bad\ntoken" }],
      [
        ["token"],
        { CAIDO_ACCESS_TOKEN: "x", CAIDO_ACCESS_TOKEN_EXPIRES_AT: "2020-01-01T00:00:00Z" },
      ],
    ] as [string[], NodeJS.ProcessEnv][]) {
      const [viaFast, full] = await Promise.all([
        runAlone(args, extra),
        runFullCli(args, { ...env, ...extra }),
      ]);
      expect(viaFast, args.join(" ")).toEqual(full);
    }
  });

  it("refreshes without the full CLI", async () => {
    const before = expireStored();
    const refreshed = await runAlone(["token", "--json"]);
    expect(refreshed.stderr).toBe("");
    expect(refreshed.code).toBe(0);
    const stored = JSON.parse(readFileSync(file(), "utf8")).sessions[sandbox.instanceUrl];
    expect(stored.accessToken).not.toBe(before.sessions[sandbox.instanceUrl].accessToken);
    expect(JSON.parse(refreshed.stdout)).toEqual({
      instance: sandbox.instanceUrl,
      accessToken: stored.accessToken,
      expiresAt: stored.expiresAt,
      scopes: stored.scopes,
      source: "store",
    });
  });

  it("answers status --json as the full CLI does: valid, expired, ended, cleartext", async () => {
    const config = JSON.parse(readFileSync(file(), "utf8"));
    const good = config.sessions[sandbox.instanceUrl];
    config.sessions["http://caido.example.test:8080"] = { ...good, alias: "far", needsLogin: true };
    config.sessions["https://vps.example.test"] = { ...good, expiresAt: "2020-01-01T00:00:00Z" };
    writeFileSync(file(), JSON.stringify(config), { mode: 0o600 });
    const fast = await same(["status", "--json"]);
    const rows = JSON.parse(fast.stdout).instances;
    expect(rows.map((r: { state: string }) => r.state)).toEqual([
      "valid",
      "needs-login",
      "expired",
    ]);
    expect(rows.map((r: { cleartext: boolean }) => r.cleartext)).toEqual([false, true, false]);
    expect(fast.stdout).not.toContain(good.accessToken);
    // A proxy setting or a pending login is the full CLI's to show.
    for (const extra of [
      { HTTPS_PROXY: "http://proxy.example.test:3128" },
      { npm_config_proxy: "x" },
    ]) {
      const lone = await runAlone(["status", "--json"], extra);
      expect(lone.code).not.toBe(0);
      expect(lone.stderr).toContain("cli.js");
    }
  });

  it("reads only the session in use: others malformed do not matter, its own does", async () => {
    const config = JSON.parse(readFileSync(file(), "utf8"));
    const good = config.sessions[sandbox.instanceUrl];
    for (let i = 0; i < 200; i++)
      config.sessions[`http://127.0.0.1:${20000 + i}`] = { ...good, alias: `other-${i}` };
    config.sessions["http://127.0.0.1:30000"] = { ...good, alias: "broken", accessToken: 5 };
    config.sessions["http://127.0.0.1:30001"] = { ...good, alias: "x".repeat(41) };
    writeFileSync(file(), JSON.stringify(config), { mode: 0o600 });

    await same(["token", "one"]);
    await same(["env", "other-199", "--shell", "json"]);
    for (const name of ["broken", "x".repeat(41)]) {
      const lone = await runAlone(["token", name]);
      expect(lone.code).not.toBe(0);
      expect(lone.stderr).not.toContain("cli.js");
      const [bin, full] = await Promise.all([
        runCli(["token", name], { env }),
        runFullCli(["token", name], env),
      ]);
      expect(bin).toEqual(full);
      expect(full.code).not.toBe(0);
    }
  });
});
