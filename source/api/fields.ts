// The api command's small inputs: -f/-F fields, -H headers and files named on the command line.
// Every refusal is a UsageError that names the flag, never the value (it may be a secret).
import { readFileSync } from "node:fs";
import { UsageError } from "../base/errors.js";

/** Reads a file named by the user; a missing or unreadable file is a usage error, not a crash. */
export function readUserFile(path: string, what: string): Buffer {
  if (path === "") throw new UsageError(`${what}: no file name.`);
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory" : code;
    throw new UsageError(`cannot read ${path} (${reason}), given as ${what}.`);
  }
}

/** What a field's value is read from when it is not the value itself. */
export type StdinReader = () => Buffer;

function splitField(flag: string, field: string): [string, string] {
  const eq = field.indexOf("=");
  if (eq < 1) {
    throw new UsageError(`${flag} takes name=value: "${eq === 0 ? "=…" : "…"}" has no name.`);
  }
  return [field.slice(0, eq), field.slice(eq + 1)];
}

/** A JSON number exactly as written: "007", "1e3" or a too large integer stay strings. */
function exactNumber(raw: string): number | undefined {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && String(n) === raw ? n : undefined;
}

/**
 * -F name=value, as gh: true, false, null and numbers become JSON values, @file the file's
 * text (@- standard input); everything else stays a string.
 */
export function parseTypedField(field: string, stdin?: StdinReader): [string, unknown] {
  const [name, raw] = splitField("-F", field);
  if (raw === "true" || raw === "false" || raw === "null") return [name, JSON.parse(raw)];
  const number = exactNumber(raw);
  if (number !== undefined) return [name, number];
  if (raw.startsWith("@")) {
    const path = raw.slice(1);
    if (path === "-") {
      if (!stdin) throw new UsageError(`-F ${name}=@-: standard input is already used.`);
      return [name, stdin().toString("utf8")];
    }
    return [name, readUserFile(path, `-F ${name}=@${path}`).toString("utf8")];
  }
  return [name, raw];
}

/** -f name=value: always the string as given. */
export function parseRawField(field: string): [string, string] {
  return splitField("-f", field);
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * -H 'Name: value'. The name must be an HTTP token; the value may not hold CR, LF, NUL or
 * characters beyond Latin-1 (header injection, and Node would throw on them later).
 */
export function parseHeader(header: string): [string, string] {
  const colon = header.indexOf(":");
  if (colon < 1) throw new UsageError(`-H takes 'Name: value': a header has no name or no ":".`);
  const name = header.slice(0, colon).trim();
  if (!TOKEN.test(name)) throw new UsageError(`-H: "${name.slice(0, 40)}" is not a header name.`);
  const raw = header.slice(colon + 1);
  if (/[\r\n\0]/.test(raw)) {
    throw new UsageError(`-H ${name}: the value holds a line break or NUL; headers are one line.`);
  }
  const value = raw.replace(/^[ \t]+|[ \t]+$/g, "");
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new UsageError(`-H ${name}: the value holds a control or non-Latin-1 character.`);
  }
  return [name, value];
}
