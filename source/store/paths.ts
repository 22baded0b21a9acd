// Where the per-user files live (cli.md "Files").
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.CAIDO_AUTH_CONFIG_DIR) return env.CAIDO_AUTH_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "caido-auth");
}

export const configFileName = "config.json";

export function configFile(dir: string): string {
  return join(dir, configFileName);
}

/** The lock that serialises read-modify-write of config.json. */
export function configLockPath(dir: string): string {
  return join(dir, "config.json.lock");
}

/** One refresh lock per instance, so refreshes of different instances never wait on each other. */
export function refreshLockPath(dir: string, instanceUrl: string): string {
  const id = createHash("sha256").update(instanceUrl).digest("hex").slice(0, 16);
  return join(dir, `refresh-${id}.lock`);
}
