// Where config.json lives (cli.md "Files"), as one rule for paths.ts and bin.cjs. bin.cjs
// passes a home directory read from the environment instead of os.homedir(): loading node:os
// costs ~0.6 ms of a 20 ms `token`.
import { join } from "node:path";

/** The config directory; undefined when it takes the home directory and `home` gives none. */
export function configDirWith(
  env: NodeJS.ProcessEnv,
  home: () => string | undefined,
): string | undefined {
  if (env.CAIDO_AUTH_CONFIG_DIR) return env.CAIDO_AUTH_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "caido-auth");
  const base = home();
  return base === undefined ? undefined : join(base, ".config", "caido-auth");
}

/**
 * os.homedir() where the environment alone tells it: HOME on POSIX systems (libuv reads it
 * first). Undefined elsewhere (Windows reads USERPROFILE; no HOME: the password database).
 */
export function homeFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return process.platform !== "win32" && env.HOME ? env.HOME : undefined;
}

export const CONFIG_FILE_NAME = "config.json";
