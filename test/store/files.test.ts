// Files that are not ours and space for a refresh: a link, a shared or foreign
// directory, another user's file and a file in the directory's place are refused with the reason
// and left as they were; a reserve, once made, saves the new file on a full disk.
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigStore } from "../../source/store/config-store.js";
import { StorageError } from "../../source/store/files.js";
import {
  bindReadOnly,
  createUser,
  fill,
  mountTmpfs,
  requireRoot,
  sharedRoot,
  type TestUser,
} from "../e2e/_faults.js";

const session = {
  accessToken: "a",
  refreshToken: "r",
  expiresAt: "2030-01-01T00:00:00Z",
  scopes: [],
  obtainedAt: "2026-01-01T00:00:00Z",
};
const config = JSON.stringify({ version: 1, sessions: { "http://a.test": session } });
const newDir = () => join(mkdtempSync(join(tmpdir(), "caido-auth-files-")), "config");

function withConfig(): string {
  const dir = newDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, "config.json"), config, { mode: 0o600 });
  return dir;
}

async function refusal(store: ConfigStore, pattern: RegExp): Promise<void> {
  expect(() => store.read()).toThrow(StorageError);
  expect(() => store.read()).toThrow(pattern);
  await expect(store.update(() => {})).rejects.toThrow(pattern);
  await expect(store.checkWritable()).rejects.toThrow(pattern);
}

describe("files that are not ours", () => {
  it("a config.json that is a symbolic link: refused, the target neither read, written nor chmodded", async () => {
    const dir = newDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const target = join(dir, "..", "elsewhere.json");
    writeFileSync(target, config, { mode: 0o644 });
    symlinkSync(target, join(dir, "config.json"));
    await refusal(
      new ConfigStore(dir, () => {}),
      /config\.json is a symbolic link; caido-auth never reads or writes its config through a link/,
    );
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(readFileSync(target, "utf8")).toBe(config);
    expect(lstatSync(join(dir, "config.json")).isSymbolicLink()).toBe(true);
  });

  it("a file where the config directory should be: refused by checkWritable before any flow", async () => {
    const dir = newDir();
    mkdirSync(join(dir, ".."), { recursive: true });
    writeFileSync(dir, "something else");
    const store = new ConfigStore(dir, () => {});
    await expect(store.checkWritable()).rejects.toThrow(`${dir} is a file, not a directory`);
    await expect(store.update(() => {})).rejects.toThrow(StorageError);
    expect(readFileSync(dir, "utf8")).toBe("something else");
  });

  it("a directory of ours that is open to others is tightened, with a warning", async () => {
    const dir = withConfig();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "config.json"), 0o644);
    const warnings: string[] = [];
    new ConfigStore(dir, (m) => warnings.push(m)).read();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
    expect(warnings.join("\n")).toMatch(/mode 755\); set it to 700.*\n.*mode 644\); set it to 600/);
  });

  it("a shared directory (sticky, 1777) is refused and never chmodded", async () => {
    const dir = withConfig();
    chmodSync(dir, 0o1777);
    await refusal(
      new ConfigStore(dir, () => {}),
      /is a shared directory \(mode 1777\).*not ours to tighten/,
    );
    expect(statSync(dir).mode & 0o7777).toBe(0o1777);
  });

  it("checkWritable accepts a usable directory, creating it when missing, and leaves nothing", async () => {
    const dir = newDir();
    await new ConfigStore(dir, () => {}).checkWritable();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual([]);
  });

  describe("with root (a second user, mounts)", () => {
    let shared: ReturnType<typeof sharedRoot>;
    let user: TestUser;
    beforeAll(() => {
      requireRoot("the ownership and full-disk tests");
      shared = sharedRoot();
      user = createUser();
    });
    afterAll(() => {
      user?.remove();
      shared?.cleanup();
    });

    it("a readable config owned by another user: a clear error, not chmodded", async () => {
      const dir = withConfig();
      chownSync(join(dir, "config.json"), user.uid, user.gid);
      chmodSync(join(dir, "config.json"), 0o644);
      await refusal(
        new ConfigStore(dir, () => {}),
        new RegExp(`config\\.json belongs to another user \\(uid ${user.uid}\\)`),
      );
      expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o644);
    });

    it("a config directory owned by another user: refused, not chmodded", async () => {
      const dir = withConfig();
      chownSync(dir, user.uid, user.gid);
      chmodSync(dir, 0o755);
      await refusal(
        new ConfigStore(dir, () => {}),
        new RegExp(`directory .* belongs to another user \\(uid ${user.uid}\\)`),
      );
      expect(statSync(dir).mode & 0o777).toBe(0o755);
    });

    it("a read-only mount: checkWritable says EROFS before anything is spent", async () => {
      const dir = join(mkdtempSync(join(shared.dir, "ro-")), "config");
      mkdirSync(dir, { mode: 0o700 });
      writeFileSync(join(dir, "config.json"), config, { mode: 0o600 });
      const mount = bindReadOnly(dir);
      try {
        const store = new ConfigStore(dir, () => {});
        expect(store.read().sessions["http://a.test"]).toEqual(session); // reading still works
        await expect(store.checkWritable()).rejects.toThrow(/read-only \(EROFS\)/);
        await expect(store.reserve()).rejects.toThrow(/read-only \(EROFS\)/);
      } finally {
        mount.unmount();
      }
    });

    it("a full disk: no reserve, nothing left behind; a reserve made before saves the file after", async () => {
      const dir = join(mkdtempSync(join(shared.dir, "tmpfs-")), "config");
      const mount = mountTmpfs(dir, 64);
      try {
        writeFileSync(join(dir, "config.json"), config, { mode: 0o600 });
        const store = new ConfigStore(dir, () => {});
        const filler = fill(dir, 8 * 1024);
        await expect(store.reserve()).rejects.toThrow(/no space left on the device \(ENOSPC\)/);
        expect(readdirSync(dir).sort()).toEqual(["config.json", "filler"]);

        rmSync(filler);
        const reservation = await store.reserve();
        fill(dir, 1); // the disk is full now, as after a refresh on a nearly full disk
        await store.update(
          (d) => {
            d.sessions["http://a.test"] = {
              ...session,
              accessToken: "n".repeat(4000),
              refreshToken: "m".repeat(4000),
            };
          },
          { reservation },
        );
        const saved = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
        expect(saved.sessions["http://a.test"].refreshToken).toBe("m".repeat(4000));
        expect(readdirSync(dir).sort()).toEqual(["config.json", "filler"]);
      } finally {
        mount.unmount();
      }
    });
  });
});
