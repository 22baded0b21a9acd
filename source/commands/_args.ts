// Small argument helpers shared by the commands.

import type { Values } from "../command.js";
import { UsageError } from "../errors.js";

/** The instance named by -i/--instance or the single positional; undefined when neither. */
export function instanceArgument(
  values: Values,
  positionals: string[],
  command: string,
): string | undefined {
  if (positionals.length > 1)
    throw new UsageError(`${command}: too many arguments: ${positionals.slice(1).join(" ")}`);
  const flag = values.instance as string | undefined;
  const positional = positionals[0];
  if (flag && positional && flag !== positional) {
    throw new UsageError(
      `${command}: the instance is given twice ("${positional}" and --instance "${flag}").`,
    );
  }
  return positional ?? flag;
}

export function secondsOption(values: Values, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} takes a whole number of seconds, not "${raw}".`);
  return n;
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
