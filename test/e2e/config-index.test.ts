// config-index.json (source/store/config-index.ts): with many stored instances, bin.cjs reads an
// index and one session instead of the whole config.json. Its answers must stay the full CLI's
// (dist/cli.js run directly), the index must follow every change of config.json, and no index,
// however wrong, may hand out another instance's token.
import { existsSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli, runFullCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const OTHERS = 300; // ~140 KB: past INDEX_MIN_BYTES (64 KiB)

describe("the config index", () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const config = () => join(dir, "config.json");
  const index = () => join(dir, "config-index.json");
  const readIndex = () => JSON.parse(readFileSync(index(), "utf8"));
  const stored = () => JSON.parse(readFileSync(config(), "utf8"));

  beforeAll(async () => {
    sandbox = await startSandbox();
    dir = newConfigDir();
    env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir, { args: ["--name", "real"] })).code).toBe(0);
    const data = stored();
    const real = data.sessions[sandbox.instanceUrl];
    for (let i = 0; i < OTHERS; i++) {
      data.sessions[`http://127.0.0.1:${20000 + i}`] = {
        ...real,
        alias: `other-${i}`,
        accessToken: `other-access-token-${i}`,
        refreshToken: `other-refresh-token-${i}`,
        account: { ...real.account, name: `Ünïcode "name" {${i}}` },
      };
    }
    // The same alias twice: the first session in the file has it.
    data.sessions["http://127.0.0.1:29999"] = { ...real, alias: "other-7", accessToken: "late" };
    writeFileSync(config(), JSON.stringify(data, null, 2), { mode: 0o600 });
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  async function same(args: string[]) {
    const [viaBin, full] = await Promise.all([runCli(args, { env }), runFullCli(args, env)]);
    expect(viaBin, args.join(" ")).toEqual(full);
    return viaBin;
  }

  it("is written by the first call, holds no secret, and answers as the whole file does", async () => {
    rmSync(index(), { force: true });
    await same(["token"]);
    expect(existsSync(index())).toBe(true);
    expect(statSync(index()).mode & 0o777).toBe(0o600);
    const text = readFileSync(index(), "utf8");
    const data = stored();
    for (const session of Object.values(data.sessions) as { accessToken: string }[])
      expect(text).not.toContain(session.accessToken);
    expect(Object.keys(readIndex().sessions)).toEqual(Object.keys(data.sessions));

    for (const args of [
      ["token"],
      ["token", "real", "--json"],
      ["token", "other-7"],
      ["token", "other-299"],
      ["token", "http://127.0.0.1:20150/"],
      ["env", "other-3", "--shell", "fish"],
      ["token", "nobody"],
      ["token", "http://127.0.0.1:1"],
    ])
      await same(args);
    expect((await runCli(["token", "other-7"], { env })).stdout).toBe("other-access-token-7\n");
  });

  it("is what the next call reads", async () => {
    await same(["token"]);
    // Only the index says this: the file's default is still the real instance.
    const tampered = readIndex();
    tampered.defaultInstance = "http://127.0.0.1:20042";
    writeFileSync(index(), JSON.stringify(tampered));
    expect((await runCli(["token"], { env })).stdout).toBe("other-access-token-42\n");
    rmSync(index());
  });

  it("never gives another instance's session, whatever its spans say", async () => {
    await same(["token"]);
    const tampered = readIndex();
    const spans = tampered.sessions;
    spans[sandbox.instanceUrl] = spans["http://127.0.0.1:20001"];
    spans["http://127.0.0.1:20002"] = [0, statSync(config()).size];
    spans["http://127.0.0.1:20003"] = [5, 2];
    writeFileSync(index(), JSON.stringify(tampered));
    await same(["token"]);
    await same(["token", "other-2"]);
    await same(["token", "other-3"]);
  });

  it("follows config.json: a refresh, a new default, a broken or linked index", async () => {
    await same(["token"]);
    // A refresh rewrites config.json: the index of the old file no longer applies.
    const data = stored();
    const before = data.sessions[sandbox.instanceUrl].accessToken;
    data.sessions[sandbox.instanceUrl].expiresAt = new Date(Date.now() - 1000).toISOString();
    writeFileSync(config(), JSON.stringify(data, null, 2), { mode: 0o600 });
    const refreshed = await runCli(["token"], { env });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).not.toBe(`${before}\n`);
    await same(["token"]);
    expect(readIndex().file.ino).toBe(statSync(config()).ino);

    const changed = stored();
    changed.defaultInstance = "http://127.0.0.1:20010";
    writeFileSync(config(), JSON.stringify(changed, null, 2), { mode: 0o600 });
    expect((await same(["token"])).stdout).toBe("other-access-token-10\n");

    writeFileSync(index(), "{ not json");
    await same(["token", "other-11"]);
    expect(readIndex().version).toBeDefined(); // written again

    // A link where the index goes is not read, and replacing it leaves its target alone.
    const target = join(dirname(dir), "elsewhere.json");
    const lie = { ...readIndex(), defaultInstance: "http://127.0.0.1:20012" };
    writeFileSync(target, JSON.stringify(lie));
    rmSync(index());
    symlinkSync(target, index());
    expect((await same(["token"])).stdout).toBe("other-access-token-10\n");
    expect(JSON.parse(readFileSync(target, "utf8"))).toEqual(lie);
  });
});
