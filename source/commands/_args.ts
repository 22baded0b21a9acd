// Small argument helpers shared by the commands.

import { UsageError } from "../base/errors.js";
import {
  looksLikeSecret,
  SECRET_HINT,
  secretAsInstance,
  shownArgument,
} from "../base/secret-argument.js";
import type { Values } from "./command.js";

/** A usage error quoting arguments: a token among them is never echoed, and says where it goes. */
export function argumentsError(message: string, shown: string[]): UsageError {
  const secret = shown.some(looksLikeSecret);
  return new UsageError(
    `${message}: ${shown.map(shownArgument).join(" ")}.`,
    secret ? SECRET_HINT : undefined,
  );
}

/** The instance named by -i/--instance or the single positional; undefined when neither. */
export function instanceArgument(
  values: Values,
  positionals: string[],
  command: string,
): string | undefined {
  if (positionals.length > 1)
    throw argumentsError(`${command}: too many arguments`, positionals.slice(1));
  const flag = values.instance as string | undefined;
  const positional = positionals[0];
  if (flag && positional && flag !== positional) {
    throw new UsageError(
      `${command}: the instance is given twice (${shownArgument(positional)} and --instance ${shownArgument(flag)}).`,
      looksLikeSecret(positional) || looksLikeSecret(flag) ? SECRET_HINT : undefined,
    );
  }
  const named = positional ?? flag;
  if (named !== undefined && looksLikeSecret(named)) throw secretAsInstance(command);
  return named;
}

export function writeLine(stream: { write(text: string): unknown }, text: string): void {
  stream.write(`${text}\n`);
}
