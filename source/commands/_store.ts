// The config store of the user running the command.
import type { Context } from "../base/context.js";
import { ConfigStore } from "../store/config-store.js";
import { configDir } from "../store/paths.js";

export function warner(ctx: Context): (message: string) => void {
  return (message) => ctx.io.stderr.write(`caido-auth: warning: ${message}\n`);
}

export function openStore(ctx: Context): ConfigStore {
  return new ConfigStore(configDir(ctx.env), warner(ctx));
}
