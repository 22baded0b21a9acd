// What every command file exports: run, the work. What a command takes (its flags, their
// types, its help) is declared in the command table (spec/), which parses argv for it.
import type { Context } from "../base/context.js";
import type { Values } from "../spec/types.js";

export type { Values };

export interface Command {
  /**
   * values and positionals as the table's parser read them; afterDashes: the arguments after
   * "--". Returns the exit code (0 when omitted). Throws CaidoAuthError for failures.
   */
  run(
    values: Values,
    positionals: string[],
    ctx: Context,
    afterDashes: string[],
  ): Promise<number | undefined>;
}
