// Sessions are keyed by normalised instance URL (cli.md): lower-case scheme and host,
// default port dropped, no trailing slash, no query or fragment.
import { UsageError } from "../base/errors.js";

// Plain character tests, not regular expressions: V8 compiles a pattern on its first use in
// each process, and `caido-auth token` runs these once per call (bench/token.mjs).

const isLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a; // a-z, A-Z

/** Starts with a URL scheme and `//`, as /^[a-z][a-z0-9+.-]*:\/\//i would say. */
export function hasScheme(input: string): boolean {
  if (!isLetter(input.charCodeAt(0))) return false;
  let i = 1;
  for (let c = input.charCodeAt(i); ; c = input.charCodeAt(++i)) {
    const digit = c >= 0x30 && c <= 0x39;
    if (!(isLetter(c) || digit || c === 0x2b || c === 0x2e || c === 0x2d)) break; // + . -
  }
  return input.startsWith("://", i);
}

export function normaliseInstanceUrl(input: string): string {
  const withScheme = hasScheme(input) ? input : `http://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(
      `"${input}" is not an instance URL or alias.`,
      "Example: http://127.0.0.1:8080",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`"${input}" is not an http or https URL.`);
  }
  if (url.username || url.password) {
    throw new UsageError("Instance URLs must not carry a user name or password.");
  }
  // URL already lower-cases scheme and host and drops the scheme's default port.
  let end = url.pathname.length;
  while (end > 0 && url.pathname[end - 1] === "/") end--;
  return `${url.protocol}//${url.host}${url.pathname.slice(0, end)}`;
}

/** True when the string is meant as a URL rather than an alias (a scheme has its `:`). */
export function looksLikeUrl(input: string): boolean {
  return input.includes(".") || input.includes(":") || input.includes("/") || input === "localhost";
}
