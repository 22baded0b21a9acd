// Where the per-user files live (cli.md "Files").
import { homedir } from "node:os";
import { join } from "node:path";
import { CONFIG_FILE_NAME, configDirWith } from "./config-dir.js";

export function configDir(env: NodeJS.ProcessEnv): string {
  return configDirWith(env, homedir) as string;
}

export const configFileName = CONFIG_FILE_NAME;

export function configFile(dir: string): string {
  return join(dir, configFileName);
}

/** The lock that serialises read-modify-write of config.json. */
export function configLockPath(dir: string): string {
  return join(dir, "config.json.lock");
}
