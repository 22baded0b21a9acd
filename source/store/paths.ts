// Where the per-user files live (cli.md "Files").
import { join } from "node:path";
import { CONFIG_FILE_NAME, configDirWith } from "./config-dir.js";

/** node:os only when the environment does not say (loading it is part of every `token`). */
const homedir = () => process.getBuiltinModule("node:os").homedir();

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
