// Storage faults against the real CLI and sandbox: a malformed session costs
// only its instance; a read-only mount, a full tmpfs, a directory the user may not write, or a
// stray lock never spend the refresh token; files that are not ours are refused, never chmodded
// or written through. Mounts and the second user need root (CI is root): without it these fail
// with that reason (requireRoot), they are never skipped.
import { execFile, execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { refreshLockPath } from "../../source/store/lock.js";
import { type CliResult, newConfigDir, runCli, startCli } from "./_cli.js";
import {
  bindReadOnly,
  createUser,
  type FaultProxy,
  fill,
  mountTmpfs,
  record,
  requireRoot,
  runnableCopy,
  sharedRoot,
  startFaultProxy,
  type TestUser,
} from "./_faults.js";
import { patLogin, sandboxEnv } from "./_login.js";

const FILE = "test/e2e/storage-faults.test.ts";
const configOf = (dir: string) => JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));

/** Runs the CLI and measures it (the figures go to docs/reliability.md; nothing asserts a time). */
async function timed(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  const result = await runCli(args, { env, timeoutMs: 20_000 });
  return { ...result, ms: Date.now() - started };
}

function oneError(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.signal).toBeNull(); // not killed by the deadline: it did not hang
  expect(result.code).toBe(code);
  expect(result.stdout).toBe("");
  expect(result.stderr).not.toMatch(/unexpected error/);
  expect(result.stderr.trim().split("\n").at(-1)).toMatch(pattern);
}

describe("storage faults", () => {
  let sandbox: Sandbox;
  let proxy: FaultProxy;
  beforeAll(async () => {
    sandbox = await startSandbox({ accessTokenTtl: 600 });
    proxy = await startFaultProxy(sandbox.instanceUrl);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  async function loggedIn(dir = newConfigDir()): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
    proxy.mode = { kind: "pass" };
    expect((await patLogin(sandbox, dir, { instanceUrl: proxy.url })).code).toBe(0);
    return { dir, env: sandboxEnv(sandbox, dir) };
  }

  describe("a malformed stored session costs only its own instance", () => {
    it.each([
      ["a numeric accessToken", { accessToken: 12345 }, "accessToken is not a token string"],
      ["a null expiresAt", { expiresAt: null }, "expiresAt is not an RFC 3339 time"],
      ['scopes: "ALL"', { scopes: "ALL" }, "scopes is not a list of strings"],
      [
        "an unparseable expiresAt",
        { expiresAt: "next tuesday" },
        "expiresAt is not an RFC 3339 time",
      ],
    ])("%s", async (name, change, problem) => {
      const { dir, env } = await loggedIn();
      expect((await patLogin(sandbox, dir)).code).toBe(0); // a second, good instance
      const good = sandbox.instanceUrl;
      const bad = proxy.url;
      const config = configOf(dir);
      Object.assign(config.sessions[bad], change);
      writeFileSync(join(dir, "config.json"), JSON.stringify(config), { mode: 0o600 });
      const raw = configOf(dir).sessions[bad];

      const token = await runCli(["token", good], { env });
      expect({ code: token.code, stderr: token.stderr }).toEqual({ code: 0, stderr: "" });
      expect(token.stdout.trim()).toBe(config.sessions[good].accessToken);

      oneError(
        await runCli(["token", bad], { env }),
        4,
        new RegExp(
          `the stored session for ${bad} is malformed \\(${problem}\\); other instances are not affected\\. Log in again to replace it: caido-auth login ${bad}$`,
        ),
      );

      const status = await runCli(["status"], { env });
      expect(status.stderr).toBe("");
      expect(status.code).toBe(0);
      expect(status.stdout).toContain(good);
      expect(status.stdout).toContain(bad);
      const rows = JSON.parse((await runCli(["status", "--json"], { env })).stdout).instances;
      expect(rows.find((r: { instance: string }) => r.instance === bad)).toMatchObject({
        state: "malformed",
        problem,
      });
      expect(rows.find((r: { instance: string }) => r.instance === good).state).toBe("valid");

      // Rewrites by others keep it as it was; a login replaces it.
      expect((await runCli(["token", good, "--force-refresh"], { env })).code).toBe(0);
      expect(configOf(dir).sessions[bad]).toEqual(raw);
      expect((await patLogin(sandbox, dir, { instanceUrl: bad })).code).toBe(0);
      expect((await runCli(["token", bad], { env })).code).toBe(0);
      record({
        section: "faults",
        what: `a stored session with ${name}`,
        result:
          "only its instance needs a login (named, exit 4); the other instance, status and status --json work; kept in the file until a login replaced it",
        file: FILE,
        test: name,
        ok: true,
      });
    });
  });

  describe("files that are not ours", () => {
    it("a config.json that is a symbolic link: refused, the target untouched", async () => {
      const { dir, env } = await loggedIn();
      const target = join(dirname(dir), "real.json");
      const text = readFileSync(join(dir, "config.json"), "utf8");
      writeFileSync(target, text, { mode: 0o644 });
      rmSync(join(dir, "config.json"));
      symlinkSync(target, join(dir, "config.json"));
      const refreshes = proxy.refreshes;
      const link =
        /config\.json is a symbolic link; caido-auth never reads or writes its config through a link\./;
      for (const args of [["status"], ["token"], ["token", "--force-refresh"], ["logout"]]) {
        oneError(await runCli(args, { env }), 1, link);
      }
      expect(statSync(target).mode & 0o777).toBe(0o644);
      expect(readFileSync(target, "utf8")).toBe(text);
      expect(proxy.refreshes).toBe(refreshes); // --force-refresh refused before sending
      record({
        section: "faults",
        what: "config.json is a symbolic link",
        result:
          "status, token, logout refuse it (exit 1, named); the target neither chmodded nor written",
        file: FILE,
        test: "symbolic link",
        ok: true,
      });
    });

    it("CAIDO_AUTH_CONFIG_DIR at a shared 1777 directory: refused with the reason, never chmodded", async () => {
      const { dir, env } = await loggedIn();
      chmodSync(dir, 0o1777);
      oneError(await runCli(["status"], { env }), 1, /is a shared directory \(mode 1777\)/);
      oneError(await runCli(["token"], { env }), 1, /is a shared directory \(mode 1777\)/);
      expect(statSync(dir).mode & 0o7777).toBe(0o1777);
      expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
      record({
        section: "faults",
        what: "CAIDO_AUTH_CONFIG_DIR is a shared 1777 directory",
        result: "refused (exit 1) with the reason; its mode left at 1777",
        file: FILE,
        test: "shared 1777",
        ok: true,
      });
    });

    it("a file where the config directory should be: login fails before it starts a flow", async () => {
      const dir = newConfigDir();
      mkdirSync(dirname(dir), { recursive: true });
      writeFileSync(dir, "not a directory");
      const requests = proxy.requests;
      const result = await runCli(["login", proxy.url], {
        env: sandboxEnv(sandbox, dir, { CAIDO_PAT: sandbox.accounts[0]?.pat }),
      });
      oneError(result, 1, new RegExp(`${dir} is a file, not a directory`));
      expect(proxy.requests).toBe(requests); // nothing asked of the instance
      record({
        section: "faults",
        what: "a file where the config directory goes",
        result: "login exits 1 naming it before any request to the instance",
        file: FILE,
        test: "a file where the config directory should be",
        ok: true,
      });
    });

    it("a stray file where the refresh lock goes: waited out, then taken; the refresh works", async () => {
      const { dir, env } = await loggedIn();
      writeFileSync(refreshLockPath(dir, proxy.url), "stray");
      const result = await timed(["token", "--force-refresh"], env);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
      record({
        section: "faults",
        what: "a stray regular file at the refresh lock's path (just written)",
        result: `token --force-refresh exit 0 after ${result.ms} ms (taken over once 5 s old; was a 150 s hang)`,
        file: FILE,
        test: "a stray file",
        ok: true,
      });
    });

    it("a lock holder killed mid-refresh (request not yet answered): the next call does not wait", async () => {
      const { dir, env } = await loggedIn();
      proxy.mode = { kind: "hold-request" };
      const holder = startCli(["token", "--force-refresh"], { env });
      await proxy.held();
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("close", r));
      proxy.release();
      proxy.mode = { kind: "pass" };
      expect(readdirSync(dir).some((f) => f.startsWith("refresh-") && f.endsWith(".lock"))).toBe(
        true,
      );
      const next = await timed(["token", "--force-refresh"], env);
      expect({ code: next.code, stderr: next.stderr }).toEqual({ code: 0, stderr: "" });
      record({
        section: "faults",
        what: "the refresh lock's holder SIGKILLed, its lock left behind",
        result: `next token --force-refresh exit 0 in ${next.ms} ms (the dead pid is seen; was 5–6 s)`,
        file: FILE,
        test: "a lock holder killed",
        ok: true,
      });
    });
  });

  describe("with root: mounts and a second user", () => {
    let shared: ReturnType<typeof sharedRoot>;
    let user: TestUser;
    const mounts: { unmount(): void }[] = [];
    beforeAll(() => {
      requireRoot("the storage fault tests (read-only mount, tmpfs, second user)");
      shared = sharedRoot();
      user = createUser();
    });
    afterAll(() => {
      for (const m of mounts.splice(0)) m.unmount();
      user?.remove();
      shared?.cleanup();
    });

    it("a read-only mount: token fails at once naming EROFS, and the refresh token is not spent", async () => {
      const { dir, env } = await loggedIn(join(shared.dir, "ro", "config"));
      const mount = bindReadOnly(dir);
      mounts.push(mount);
      const refreshes = proxy.refreshes;
      const result = await timed(["token", "--force-refresh"], env);
      oneError(
        result,
        1,
        /cannot refresh the session for .*: could not .*: the file system is read-only \(EROFS\)\..*Nothing was sent to the instance: the stored session is kept\.$/,
      );
      expect(proxy.refreshes).toBe(refreshes);
      mount.unmount();
      expect((await runCli(["token", "--force-refresh"], { env })).code).toBe(0);
      record({
        section: "faults",
        what: "config directory on a read-only bind mount",
        result: `token --force-refresh exit 1 in ${result.ms} ms naming EROFS, nothing sent; works once writable (was a 150 s hang)`,
        file: FILE,
        test: "a read-only mount",
        ok: true,
      });
    });

    it("login on a read-only config directory fails before any code is asked for", async () => {
      const dir = join(shared.dir, "ro-login", "config");
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const mount = bindReadOnly(dir);
      mounts.push(mount);
      const env = { ...sandboxEnv(sandbox, dir), CAIDO_PAT: sandbox.accounts[0]?.pat };
      const run = await runCli(["login", sandbox.instanceUrl, "--json"], { env });
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain('"event":"code"');
      expect(run.stderr).toContain("EROFS");
      mount.unmount();
    });

    it("a full disk (64 KiB tmpfs): no refresh without room to save it; works once there is room", async () => {
      const dir = join(shared.dir, "tmpfs", "config");
      mounts.push(mountTmpfs(dir, 64));
      const { env } = await loggedIn(dir);
      const filler = fill(dir, 8 * 1024);
      const refreshes = proxy.refreshes;
      const result = await timed(["token", "--force-refresh"], env);
      oneError(
        result,
        1,
        /cannot refresh the session for .*: could not .*: no space left on the device \(ENOSPC\)\..*Nothing was sent to the instance/,
      );
      expect(proxy.refreshes).toBe(refreshes);
      expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      rmSync(filler);
      expect((await runCli(["token", "--force-refresh"], { env })).code).toBe(0);
      record({
        section: "faults",
        what: "config directory on a full 64 KiB tmpfs",
        result: `token --force-refresh exit 1 in ${result.ms} ms naming ENOSPC, nothing sent; works once space is freed (was: refreshed, then the session lost)`,
        file: FILE,
        test: "a full disk",
        ok: true,
      });
    });

    it("a user who may not write the config directory: fails at once naming EACCES, nothing spent", async () => {
      const dir = join(shared.dir, "theirs", "config");
      const { env } = await loggedIn(dir);
      chmodSync(dirname(dir), 0o711); // made by root's login: the user may pass through
      execFileSync("chown", ["-R", `${user.uid}:${user.gid}`, dir]);
      chmodSync(dir, 0o500);
      const runnable = runnableCopy(join(shared.dir, "runnable"));
      // Asynchronous: the sandbox and the proxy answer from this process.
      const asUser = (args: string[]) =>
        new Promise<CliResult & { ms: number }>((resolve) => {
          const started = Date.now();
          const [command, ...rest] = [...user.prefix, runnable.node, runnable.cli, ...args];
          execFile(
            command as string,
            rest,
            { env: { ...env, HOME: shared.dir, TMPDIR: shared.dir }, timeout: 20_000 },
            (error, stdout, stderr) => {
              const code = error ? ((error as { code?: number }).code ?? 1) : 0;
              resolve({ code, signal: null, stdout, stderr, ms: Date.now() - started });
            },
          );
        });
      const refreshes = proxy.refreshes;
      const result = await asUser(["token", "--force-refresh"]);
      oneError(
        result,
        1,
        /cannot refresh the session for .*: permission denied \(EACCES\)\..*Nothing was sent to the instance/,
      );
      expect(proxy.refreshes).toBe(refreshes);
      chmodSync(dir, 0o700);
      const second = await asUser(["token", "--force-refresh"]);
      expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: "" });
      record({
        section: "faults",
        what: "a config directory its user may not write (a second user, mode 500)",
        result: `token --force-refresh exit 1 in ${result.ms} ms naming EACCES, nothing sent; works once writable`,
        file: FILE,
        test: "a user who may not write",
        ok: true,
      });
    });

    it("a readable config owned by another user: a clear error, never chmodded", async () => {
      const { dir, env } = await loggedIn();
      chownSync(join(dir, "config.json"), user.uid, user.gid);
      chmodSync(join(dir, "config.json"), 0o644);
      const owned = new RegExp(
        `config\\.json belongs to another user \\(uid ${user.uid}\\); caido-auth reads and writes only its own files\\.`,
      );
      oneError(await runCli(["status"], { env }), 1, owned);
      oneError(
        await runCli(["login", proxy.url], {
          env: { ...env, CAIDO_PAT: sandbox.accounts[0]?.pat },
        }),
        1,
        owned,
      );
      expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o644);
      record({
        section: "faults",
        what: "a readable config.json owned by another user",
        result:
          "status and login exit 1 naming the owner; not chmodded (was: unexpected error: EPERM … chmod)",
        file: FILE,
        test: "owned by another user",
        ok: true,
      });
    });
  });
});
