// Sessions are keyed by normalised instance URL (cli.md): lower-case scheme and host,
// default port dropped, no trailing slash, no query or fragment.
import { UsageError } from "../base/errors.js";

export function normaliseInstanceUrl(input: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input}`;
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
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

/** True when the string is meant as a URL rather than an alias. */
export function looksLikeUrl(input: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(input) || /[.:/]/.test(input) || input === "localhost";
}
