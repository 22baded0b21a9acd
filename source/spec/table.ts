// The command table: every command caido-auth has, in the order --help lists them. What each
// takes is declared in commands/; the parser, --help, the completion scripts and bin.cjs's
// fast path are all derived from here.

import { api } from "./commands/api.js";
import { completion } from "./commands/completion.js";
import { env } from "./commands/env.js";
import { exec } from "./commands/exec.js";
import { login } from "./commands/login.js";
import { logout } from "./commands/logout.js";
import { sandbox } from "./commands/sandbox.js";
import { status } from "./commands/status.js";
import { token } from "./commands/token.js";
import { use } from "./commands/use.js";
import { COMMON_FLAGS, INSTANCE_FLAG } from "./common.js";
import type { CommandSpec, Flag } from "./types.js";

export const TABLE: readonly CommandSpec[] = [
  login,
  logout,
  status,
  use,
  token,
  env,
  exec,
  api,
  sandbox,
  completion,
];

/** The names above; cli.ts's loaders are keyed by them (a test checks the two agree). */
export type CommandName =
  | "login"
  | "logout"
  | "status"
  | "use"
  | "token"
  | "env"
  | "exec"
  | "api"
  | "sandbox"
  | "completion";

export const COMMAND_NAMES: readonly string[] = TABLE.map((c) => c.name);

export function findCommand(name: string): CommandSpec | undefined {
  return TABLE.find((c) => c.name === name);
}

/** -i/--instance where the command takes the common one (it has no instance flag of its own). */
export function commonFlagsOf(spec: CommandSpec): Flag[] {
  const own = spec.flags.some((f) => f.long === INSTANCE_FLAG.long);
  return spec.instance && !own ? [INSTANCE_FLAG, ...COMMON_FLAGS] : COMMON_FLAGS;
}

/** Every flag the command's parser takes: its own first, then the common ones. */
export function flagsOf(spec: CommandSpec): Flag[] {
  return [...spec.flags, ...commonFlagsOf(spec)];
}
