// The instance a login is for: like other commands, but a broken config must not stop a login.
// Shared by login.ts and bin.cjs's early login (fast/early-login.ts), which must agree on it.
import { UsageError } from "../base/errors.js";
import type { ConfigStore } from "../store/config-store.js";
import { emptyConfig } from "../store/format.js";
import { BrokenConfigError } from "../store/read.js";
import { instanceVariable } from "./instance-variable.js";
import { resolveInstance } from "./resolve.js";

export function loginTarget(
  store: ConfigStore,
  argument: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  let config = emptyConfig();
  try {
    config = store.read();
  } catch (error) {
    if (!(error instanceof BrokenConfigError)) throw error;
  }
  if (
    argument === undefined &&
    !instanceVariable(env) &&
    !config.defaultInstance &&
    Object.keys(config.sessions).length !== 1
  ) {
    throw new UsageError(
      "login needs an instance URL.",
      "Example: caido-auth login http://127.0.0.1:8080",
    );
  }
  return resolveInstance(config, argument, env).url;
}
