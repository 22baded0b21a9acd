// What the instance keeps on disk: its registration survives a restart (no second
// registration, the claim holds), and neither the client secret nor the instance's access
// token is readable in any file of its data directory. The cloud's own directory does hold
// the client secret in plain text (it is the issuer, oidc-provider stores clients as JSON):
// that is the positive control for the search, and why the search covers dataDir/instance only.
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Cloud, startCloud } from "../../source/sandbox/cloud/index.js";
import { open, seal } from "../../source/sandbox/instance/crypto.js";
import { startInstance } from "../../source/sandbox/instance/index.js";
import { loadKey } from "../../source/sandbox/instance/key.js";
import { openSecretsDb } from "../../source/sandbox/instance/secrets-db.js";
import { graphql, loginWithPat, VIEWER } from "./_instance.js";

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    if ((await readFile(file)).includes(Buffer.from(needle, "utf8"))) found.push(file);
  }
  return found;
}

describe("restart on the same data directory", () => {
  let dataDir: string;
  let cloud: Cloud;
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "instance-secrets-"));
    cloud = await startCloud({ dataDir: join(dataDir, "cloud") });
  });
  afterAll(async () => {
    await cloud?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test("keeps the client id and the claim, registers once, and stores no secret in plain text", async () => {
    const instanceDir = join(dataDir, "instance");
    const first = await startInstance({ cloudUrl: cloud.url, dataDir: instanceDir, log });
    const [alice, bob] = cloud.accounts;
    const token = await loginWithPat(first.url, cloud.url, alice!.pat);
    await first.close();

    const second = await startInstance({ cloudUrl: cloud.url, dataDir: instanceDir, log });
    try {
      expect(second.clientId).toBe(first.clientId);
      expect(logs.filter((l) => l.includes("registered with the cloud"))).toHaveLength(1);
      // The owner's token from before the restart still answers viewer; bob is still refused.
      const viewer = await graphql(second.url, VIEWER, undefined, token.accessToken);
      expect(viewer.body.data.viewer.profile.identity.email).toBe(alice!.email);
      await expect(loginWithPat(second.url, cloud.url, bob!.pat)).rejects.toThrow(
        /INSTANCE_CLAIMED/,
      );
    } finally {
      await second.close();
    }

    const db = await openSecretsDb(instanceDir, await loadKey(instanceDir));
    const secret = db.get("client_secret")!;
    const instanceToken = (JSON.parse(db.get("instance_token")!) as { accessToken: string })
      .accessToken;
    const owner = db.get("owner")!;
    await db.close();
    expect(secret.length).toBeGreaterThan(20);
    expect(instanceToken.length).toBeGreaterThan(20);
    expect(owner).toBe(alice!.id);

    expect(await filesUnder(instanceDir)).toEqual(
      expect.arrayContaining([join(instanceDir, "secrets.db"), join(instanceDir, "secret.key")]),
    );
    for (const value of [secret, instanceToken, first.clientId, owner]) {
      expect(await filesContaining(instanceDir, value)).toEqual([]);
    }
    // Positive control: the same search finds the secret where it does sit in plain text.
    expect((await filesContaining(join(dataDir, "cloud"), secret)).length).toBeGreaterThan(0);
  });

  test("the key file and secrets.db are private to the user (0600)", async () => {
    const instanceDir = join(dataDir, "instance");
    expect((await stat(join(instanceDir, "secret.key"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(instanceDir, "secrets.db"))).mode & 0o777).toBe(0o600);
  });

  test("another key cannot open secrets.db: the start fails and says why", async () => {
    const env = { CAIDO_SANDBOX_SECRET_KEY: randomBytes(32).toString("base64") };
    await expect(
      startInstance({ cloudUrl: cloud.url, dataDir: join(dataDir, "instance"), env }),
    ).rejects.toThrow(/cannot be decrypted/);
  });

  test("with CAIDO_SANDBOX_SECRET_KEY no key file is written, and a restart works", async () => {
    const instanceDir = join(dataDir, "instance-env-key");
    const env = { CAIDO_SANDBOX_SECRET_KEY: randomBytes(32).toString("base64") };
    const first = await startInstance({ cloudUrl: cloud.url, dataDir: instanceDir, env });
    await first.close();
    const second = await startInstance({ cloudUrl: cloud.url, dataDir: instanceDir, env });
    await second.close();
    expect(second.clientId).toBe(first.clientId);
    expect((await readdir(instanceDir)).sort()).toEqual(["secrets.db"]);
  });

  test("a malformed CAIDO_SANDBOX_SECRET_KEY is refused", async () => {
    const env = { CAIDO_SANDBOX_SECRET_KEY: "c2hvcnQ=" };
    await expect(
      startInstance({ cloudUrl: cloud.url, dataDir: join(dataDir, "instance-bad-key"), env }),
    ).rejects.toThrow(/32 bytes/);
  });
});

describe("sealing", () => {
  const key = randomBytes(32);

  test("round trip, with a fresh nonce each time", () => {
    const a = seal(key, "client_secret", "s3cret");
    const b = seal(key, "client_secret", "s3cret");
    expect(Buffer.from(a.nonce).equals(Buffer.from(b.nonce))).toBe(false);
    expect(Buffer.from(a.box).equals(Buffer.from(b.box))).toBe(false);
    expect(open(key, "client_secret", a)).toBe("s3cret");
  });

  test("an altered byte, another row name or another key does not open", () => {
    const sealed = seal(key, "client_secret", "s3cret");
    const altered = Buffer.from(sealed.box);
    altered[0]! ^= 1;
    expect(() => open(key, "client_secret", { ...sealed, box: altered })).toThrow();
    expect(() => open(key, "owner", sealed)).toThrow();
    expect(() => open(randomBytes(32), "client_secret", sealed)).toThrow();
  });
});
