// Command-line flags, parsed with messages of our own: Node's parseArgs explains its failures
// in its own words (quotes, advice about "--") and cannot suggest the flag that was meant.
import type { OptionSpec, Values } from "../command.js";
import { UsageError } from "../errors.js";
import { didYouMean } from "./suggest.js";

export interface Parsed {
  values: Values;
  positionals: string[];
}

/**
 * --name value, --name=value, -n value, --flag; repeatable options collect every value.
 * A string option takes the next argument whatever it looks like (as gh does), so
 * `--min-valid -5` reaches the command, which says what the value must be.
 * A lone "-" (stdin) is a positional.
 */
export function parseFlags(command: string, args: string[], options: OptionSpec): Parsed {
  const values: Values = {};
  const positionals: string[] = [];
  const byShort = new Map(
    Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])),
  );
  const flagNames = Object.keys(options).map((name) => `--${name}`);

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const eq = long ? arg.indexOf("=") : -1;
    const written = eq === -1 ? arg : arg.slice(0, eq);
    const name = long ? written.slice(2) : byShort.get(written.slice(1));
    const option = name === undefined ? undefined : options[name];
    if (name === undefined || option === undefined) {
      throw new UsageError(`${command}: unknown flag ${written}.${didYouMean(written, flagNames)}`);
    }
    let value: string | boolean;
    if (option.type === "boolean") {
      if (eq !== -1) throw new UsageError(`${command}: ${written} takes no value.`);
      value = true;
    } else if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`${command}: ${written} needs a value.`);
      value = next;
      i++;
    }
    if (option.multiple) values[name] = [...((values[name] as (string | boolean)[]) ?? []), value];
    else if (values[name] !== undefined && values[name] !== value)
      throw new UsageError(`${command}: ${written} is given twice.`);
    else values[name] = value;
  }
  return { values, positionals };
}
