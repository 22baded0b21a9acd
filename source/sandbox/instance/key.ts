// Where the key that seals secrets.db comes from (see SECRETS.md for what this protects).
// 1. CAIDO_SANDBOX_SECRET_KEY: base64 of 32 bytes, kept wherever the operator keeps secrets;
//    then nothing on disk can open secrets.db.
// 2. Otherwise dataDir/secret.key: 32 random bytes (base64), created once with mode 0600.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const KEY_ENV = "CAIDO_SANDBOX_SECRET_KEY";
export const KEY_FILE = "secret.key";

function decode(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32) throw new Error(`${where} must be base64 of exactly 32 bytes`);
  return key;
}

export async function loadKey(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  const fromEnv = env[KEY_ENV];
  if (fromEnv) return decode(fromEnv, KEY_ENV);
  const path = join(dataDir, KEY_FILE);
  try {
    // "wx": never overwrite a key that exists, or every stored secret would be lost.
    await writeFile(path, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return decode(await readFile(path, "utf8"), path);
}
