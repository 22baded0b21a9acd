// The lock: a killed holder is seen at once through its pid, a live one is waited
// for and named, and a lock that cannot be made for any other reason fails at once with the cause.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageError } from "../../source/store/files.js";
import { withLock } from "../../source/store/lock.js";
import { bundleForNode } from "../_bundle.js";
import { bindReadOnly, createUser, requireRoot, sharedRoot } from "../e2e/_faults.js";

const run = promisify(execFile);
const newDir = () => mkdtempSync(join(tmpdir(), "caido-auth-lock-"));
const longAgo = new Date(Date.now() - 3_600_000);

function hold(locker: string, path: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [locker, "hold", path], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      if (String(d).includes("held")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

const kill = (child: ChildProcess) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
    child.once("exit", resolve);
    child.kill("SIGKILL");
  });

function underAFile(dir: string): string {
  writeFileSync(join(dir, "file"), "");
  return join(dir, "file", "x.lock");
}

describe("withLock", () => {
  let locker: string;
  beforeAll(async () => {
    locker = await bundleForNode(join(import.meta.dirname, "_locker.ts"));
  });

  it("takes over the lock of a killed holder at once, long before it could turn stale", async () => {
    const path = join(newDir(), "x.lock");
    const holder = await hold(locker, path);
    await kill(holder);
    expect(readdirSync(join(path, "..")).includes("x.lock")).toBe(true); // left behind
    // Staleness would need an hour here: only the dead pid can explain getting it within 2 s.
    const got = await withLock(path, async () => "mine", { waitMs: 2_000, staleMs: 3_600_000 });
    expect(got).toBe("mine");
  });

  it("waits for a live holder and names it when giving up", async () => {
    const path = join(newDir(), "x.lock");
    const holder = await hold(locker, path);
    try {
      await expect(withLock(path, async () => {}, { waitMs: 300 })).rejects.toThrow(
        new RegExp(`held by process ${holder.pid} since`),
      );
    } finally {
      await kill(holder);
    }
  });

  it("never takes a live holder's lock, however old its heartbeat", async () => {
    const path = join(newDir(), "x.lock");
    const holder = await hold(locker, path);
    try {
      utimesSync(path, longAgo, longAgo);
      await expect(withLock(path, async () => {}, { waitMs: 300, staleMs: 10 })).rejects.toThrow(
        /held by process/,
      );
    } finally {
      await kill(holder);
    }
  });

  it("lets a waiter stop without the lock once the holder's result is there", async () => {
    const dir = newDir();
    const path = join(dir, "x.lock");
    const holder = await hold(locker, path);
    try {
      let checks = 0;
      let worked = false;
      const waiting = withLock(
        path,
        async () => {
          worked = true;
          return "took the lock";
        },
        { waitMs: 30_000 },
        () => {
          checks++;
          return existsSync(join(dir, "result")) ? "the holder's result" : undefined;
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = checks;
      expect(before).toBeGreaterThan(0);
      writeFileSync(join(dir, "result"), "");
      // The holder never lets go: only the check can end this wait, at its next look.
      expect(await waiting).toBe("the holder's result");
      expect(worked).toBe(false);
      expect(checks).toBe(before + 1);
    } finally {
      await kill(holder);
    }
  });

  it("takes over a stray file once it is stale, and waits while it is fresh", async () => {
    const path = join(newDir(), "x.lock");
    writeFileSync(path, "not a lock");
    await expect(withLock(path, async () => {}, { waitMs: 300, staleMs: 60_000 })).rejects.toThrow(
      /held by an unknown process/,
    );
    utimesSync(path, longAgo, longAgo);
    expect(await withLock(path, async () => 1, { waitMs: 300 })).toBe(1);
  });

  it("respects an older version's directory lock while its heartbeat goes on", async () => {
    const path = join(newDir(), "x.lock");
    mkdirSync(path);
    await expect(withLock(path, async () => {}, { waitMs: 300 })).rejects.toThrow(
      /held by an older caido-auth/,
    );
    utimesSync(path, longAgo, longAgo);
    expect(await withLock(path, async () => 2, { waitMs: 300 })).toBe(2);
  });

  it("refuses a symbolic link where the lock goes", async () => {
    const dir = newDir();
    symlinkSync(join(dir, "elsewhere"), join(dir, "x.lock"));
    await expect(withLock(join(dir, "x.lock"), async () => {})).rejects.toThrow(
      /is not a lock caido-auth made \(a symbolic link\)/,
    );
  });

  it.each([
    ["ENOTDIR", underAFile],
    ["ENOENT", (dir: string) => join(dir, "missing", "x.lock")],
  ])("fails at once with the cause on %s, without waiting", async (code, place) => {
    const path = place(newDir());
    const error = await withLock(path, async () => {}, { waitMs: 600_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe(code);
    expect(error.message).toContain(code);
  });

  describe("with root (mounts, a second user)", () => {
    let shared: ReturnType<typeof sharedRoot>;
    beforeAll(() => {
      requireRoot("the lock's EROFS and EACCES tests");
      shared = sharedRoot();
    });
    afterAll(() => shared?.cleanup());

    it("fails at once on a read-only mount (EROFS)", async () => {
      const dir = mkdtempSync(join(shared.dir, "ro-"));
      const mount = bindReadOnly(dir);
      try {
        const error = await withLock(join(dir, "x.lock"), async () => {}).catch((e) => e);
        expect(error).toBeInstanceOf(StorageError);
        expect(error.message).toMatch(/read-only \(EROFS\)/);
      } finally {
        mount.unmount();
      }
    });

    it("fails at once for a user who may not write there (EACCES)", async () => {
      const user = createUser();
      try {
        const script = join(shared.dir, "locker.mjs");
        copyFileSync(locker, script);
        chmodSync(script, 0o644);
        const dir = mkdtempSync(join(shared.dir, "theirs-"));
        chmodSync(dir, 0o755); // root's, readable, not writable by the user
        // A copy of Node the user can run: CI's Node 22 sits in a directory only root enters.
        const node = join(shared.dir, "node");
        copyFileSync(process.execPath, node);
        chmodSync(node, 0o755);
        const [command, ...args] = [
          ...user.prefix,
          node,
          script,
          "try",
          join(dir, "x.lock"),
          "600000",
        ];
        const { stdout } = await run(command as string, args);
        const outcome = JSON.parse(stdout);
        expect(outcome).toMatchObject({ ok: false, code: "EACCES" });
        expect(outcome.message).toMatch(/permission denied \(EACCES\)/);
      } finally {
        user.remove();
      }
    });
  });
});
