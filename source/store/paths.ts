// Where the per-user files live (cli.md "Files").
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
