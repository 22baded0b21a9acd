// The command lines bin.cjs answers itself: a strict subset of what the full CLI accepts
// (args/parse.ts), read without loading its parser. Anything else (--help, --debug, a flag it
// does not know, a repeated or odd value, an argument that looks like a token) is left to the
// full CLI, which says what is wrong: this reader never reports an error.
import { looksLikeSecret } from "../session/secret-argument.js";
import { SHELLS, type Shell } from "./format.js";

export interface FastRequest {
  command: "token" | "env" | "exec";
  /** The instance named by the positional or -i/--instance; undefined when neither. */
  instance?: string;
  /** --min-valid, when given. */
  minValid?: number;
  json: boolean;
  shell: Shell;
  /** exec: the program and its arguments (after "--"). */
  child: string[];
}

const VALUED: Record<FastRequest["command"], string[]> = {
  token: ["instance", "min-valid"],
  env: ["instance", "min-valid", "shell"],
  exec: ["instance", "min-valid"],
};

/** The request, or undefined when the full CLI must answer. */
export function fastRequest(argv: string[]): FastRequest | undefined {
  const command = argv[0];
  if (command !== "token" && command !== "env" && command !== "exec") return undefined;
  let ours = argv.slice(1);
  let child: string[] = [];
  const split = ours.indexOf("--");
  if (command === "exec") {
    if (split === -1) return undefined;
    child = ours.slice(split + 1);
    ours = ours.slice(0, split);
    if (!child[0]) return undefined;
  } else if (split !== -1) return undefined;

  const values: Record<string, string> = {};
  const positionals: string[] = [];
  let json = false;
  for (let i = 0; i < ours.length; i++) {
    const arg = ours[i] as string;
    if (arg === "") return undefined;
    if (!arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    if (arg === "--json" && command === "token" && !json) {
      json = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const written = eq === -1 ? arg : arg.slice(0, eq);
    const name = written === "-i" && eq === -1 ? "instance" : written.slice(2);
    if (!written.startsWith("--") && written !== "-i") return undefined;
    if (!VALUED[command].includes(name) || name in values) return undefined;
    const value = eq === -1 ? ours[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "" || value.startsWith("-")) return undefined;
    values[name] = value;
  }

  if (positionals.length > 1) return undefined;
  const flag = values.instance;
  const positional = positionals[0];
  if (flag !== undefined && positional !== undefined && flag !== positional) return undefined;
  const instance = positional ?? flag;
  if (instance !== undefined && looksLikeSecret(instance)) return undefined;

  let minValid: number | undefined;
  if (values["min-valid"] !== undefined) {
    minValid = Number(values["min-valid"]);
    if (!Number.isInteger(minValid) || minValid < 0) return undefined;
  }
  const shell = (values.shell ?? "sh") as Shell;
  if (!SHELLS.includes(shell)) return undefined;
  return { command, instance, minValid, json, shell, child };
}
