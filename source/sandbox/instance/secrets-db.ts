// secrets.db: the instance's client id, client secret, instance access token and owner, each
// sealed with AES-256-GCM (crypto.ts) under the key from key.ts. SQLite through sql.js (wasm,
// no native build); sql.js works in memory, so every change writes the whole file atomically
// (temp file, fsync, rename) and a crash leaves either the old or the new file, never half.
//
// Key handling, honestly: with CAIDO_SANDBOX_SECRET_KEY set, the key is not on disk, and a
// copy of the data directory reveals nothing. Without it, the key sits in dataDir/secret.key
// (mode 0600): that protects a secrets.db that leaks ALONE (backup, bug report, sync of one
// file), not anyone who can read the whole directory as this user. See SECRETS.md.
import { open as openFile, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { open, seal } from "./crypto.js";

export const SECRETS_FILE = "secrets.db";

export interface SecretsDb {
  get(name: string): string | undefined;
  /** Sets (or, with undefined, deletes) several values in one atomic write. */
  update(values: Record<string, string | undefined>): Promise<void>;
  /** Waits for pending writes, then frees the database. */
  close(): Promise<void>;
}

type SqlModule = Awaited<ReturnType<typeof initSqlJs>>;
let sqlModule: Promise<SqlModule> | undefined;

export async function openSecretsDb(dataDir: string, key: Buffer): Promise<SecretsDb> {
  sqlModule ??= initSqlJs();
  const SQL = await sqlModule;
  const path = join(dataDir, SECRETS_FILE);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const db = new SQL.Database(bytes);
  db.run(
    "CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, nonce BLOB NOT NULL, box BLOB NOT NULL)",
  );

  const values = new Map<string, string>();
  for (const [name, nonce, box] of db.exec("SELECT name, nonce, box FROM secrets")[0]?.values ??
    []) {
    try {
      values.set(
        String(name),
        open(key, String(name), { nonce: nonce as Uint8Array, box: box as Uint8Array }),
      );
    } catch {
      db.close();
      throw new Error(
        `${path} cannot be decrypted: wrong key (CAIDO_SANDBOX_SECRET_KEY or secret.key) or a damaged file`,
      );
    }
  }

  let writing = Promise.resolve();
  const write = async () => {
    const temp = `${path}.${process.pid}.tmp`;
    const handle = await openFile(temp, "w", 0o600);
    try {
      await handle.writeFile(db.export());
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path).catch(async (error) => {
      await rm(temp, { force: true });
      throw error;
    });
  };

  return {
    get: (name) => values.get(name),
    update(changes) {
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined) {
          values.delete(name);
          db.run("DELETE FROM secrets WHERE name = ?", [name]);
        } else {
          values.set(name, value);
          const { nonce, box } = seal(key, name, value);
          db.run("INSERT OR REPLACE INTO secrets (name, nonce, box) VALUES (?, ?, ?)", [
            name,
            nonce,
            box,
          ]);
        }
      }
      // Writes run one after another, so an older snapshot never lands after a newer one.
      writing = writing.then(write, write);
      return writing;
    },
    async close() {
      await writing.catch(() => {});
      db.close();
    },
  };
}
