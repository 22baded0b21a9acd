// Which instance a command means (cli.md): the argument, then CAIDO_INSTANCE (or
// CAIDO_INSTANCE_URL), then the
// default in the config file, then the only stored instance; otherwise a usage error.

import { AuthRequiredError, UsageError } from "../base/errors.js";
import { looksLikeSecret, secretAsInstance } from "../base/secret-argument.js";
import { didYouMean } from "../spec/suggest.js";
import type { ConfigData, StoredSession } from "../store/format.js";
import { looksLikeUrl, normaliseInstanceUrl } from "../store/url.js";
import { instanceVariable } from "./instance-variable.js";

export interface Resolved {
  url: string;
  session?: StoredSession;
}

function storedList(config: ConfigData): string {
  const lines = Object.entries(config.sessions).map(([url, s]) =>
    s.alias ? `${s.alias} (${url})` : url,
  );
  return lines.length
    ? `Stored: ${lines.join(", ")}.`
    : "Nothing is stored yet: caido-auth login <URL>.";
}

/** Turns a URL or alias into a normalised URL; undefined for an alias nobody has. */
export function lookup(config: ConfigData, nameOrUrl: string): string | undefined {
  for (const [url, session] of Object.entries(config.sessions)) {
    if (session.alias === nameOrUrl) return url;
  }
  if (looksLikeUrl(nameOrUrl)) return normaliseInstanceUrl(nameOrUrl);
  return undefined;
}

export function resolveInstance(
  config: ConfigData,
  argument: string | undefined,
  env: NodeJS.ProcessEnv,
): Resolved {
  const named = argument ?? instanceVariable(env) ?? config.defaultInstance;
  if (named !== undefined && named !== "") {
    if (looksLikeSecret(named)) throw secretAsInstance();
    const url = lookup(config, named);
    if (!url) {
      const aliases = Object.values(config.sessions).flatMap((s) => s.alias ?? []);
      throw new UsageError(
        `no instance is named "${named}".${didYouMean(named, aliases)}`,
        storedList(config),
      );
    }
    return { url, session: config.sessions[url] };
  }
  const urls = Object.keys(config.sessions);
  if (urls.length === 1) {
    const url = urls[0] as string;
    return { url, session: config.sessions[url] };
  }
  if (urls.length === 0) {
    throw new AuthRequiredError(
      "not logged in to any instance.",
      "Log in first: caido-auth login <URL>",
    );
  }
  throw new UsageError(
    "more than one instance is stored; say which.",
    `${storedList(config)} Or set one: caido-auth use <INSTANCE>`,
  );
}

/** The resolved session, or exit 4 with the login command when there is none. */
export function requireSession(resolved: Resolved): StoredSession {
  if (!resolved.session) {
    throw new AuthRequiredError(
      `not logged in to ${resolved.url}.`,
      `Log in: caido-auth login ${resolved.url}`,
    );
  }
  return resolved.session;
}
