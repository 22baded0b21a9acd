// Caido's cloud PAT approval (protocol.md): a personal access token approves the device
// request itself, so a login needs no browser. The PAT only ever travels in the header.
// Every failure names the cloud that checked the PAT and what it answered, and, when the
// instance's login page lives on another cloud, which CAIDO_CLOUD_URL would match it.
// A PAT never goes over plain HTTP to another machine (instance/cleartext.ts).
import { CaidoAuthError } from "../base/errors.js";
import { safeText } from "../base/safe-text.js";
import { checkPatCloud } from "./cleartext.js";
import { InstanceFailure } from "./errors.js";
import { type HttpOptions, parseJson, request } from "./http.js";
import { proxyFor } from "./proxy.js";
import { scopesToApprove } from "./scopes.js";

export const DEFAULT_CLOUD_URL = "https://api.caido.io";

/** More scope names than any consent page shows: the answer is not the cloud's. */
const MAX_SCOPES = 50;
const SCOPE_NAME = /^[\x21-\x2b\x2d-\x7e]{1,100}$/;

interface Where {
  cloudUrl: string;
  /** The instance's verification URL: its origin tells which cloud issued the code. */
  verificationUrl?: string;
}

/** The http(s) origin of a URL, or undefined. Only the origin of a server's URL is ever shown. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The cloud URL as shown: without credentials, never raw control characters. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return safeText(parsed.toString().replace(/\/+$/, ""), 200);
  } catch {
    return safeText(url, 200);
  }
}

const isCaidoHost = (origin: string) => /(^|\.)caido\.io$/.test(new URL(origin).hostname);

/**
 * What to set when the code was issued by another cloud than the one that checked the PAT:
 * the instance's login page names it. Undefined when they agree (any two caido.io hosts do).
 */
export function cloudMismatchHint(where: Where): string | undefined {
  const page = originOf(where.verificationUrl);
  const cloud = originOf(where.cloudUrl) ?? shown(where.cloudUrl);
  if (!page || page === cloud) return undefined;
  const cloudIsCaido = originOf(cloud) !== undefined && isCaidoHost(cloud);
  if (isCaidoHost(page)) {
    if (cloudIsCaido) return undefined;
    return `The instance's login page is on ${page}, Caido's cloud, not on ${cloud}: unset CAIDO_CLOUD_URL (the default is ${DEFAULT_CLOUD_URL}).`;
  }
  return `The instance's login page is on ${page}, not on ${cloud}: if that is its cloud (the sandbox's is), set CAIDO_CLOUD_URL=${page}`;
}

/** The one failure of a PAT approval: what the cloud did, then what to do. */
function patFailure(
  where: Where,
  what: string,
  options: {
    kind?: "cloud-unavailable" | "tls" | "invalid-token";
    exitCode?: number;
    hint: string;
  },
): CaidoAuthError {
  const message = `the PAT was checked by ${shown(where.cloudUrl)}, which ${what}.`;
  const hint = cloudMismatchHint(where) ?? options.hint;
  const exitCode = options.exitCode ?? 1;
  return options.kind
    ? new InstanceFailure(options.kind, message, hint, exitCode)
    : new CaidoAuthError(message, exitCode, hint);
}

/** The detail in parentheses at the end of an http.ts failure ("cannot reach X (ECONNREFUSED)."). */
function detailOf(error: Error): string {
  return /\(([^()]*)\)\.?$/.exec(error.message)?.[1] ?? error.message;
}

/** http.ts names the instance in its hints; for the cloud, say it in the cloud's terms. */
function networkFailure(where: Where, error: InstanceFailure): CaidoAuthError {
  const proxy = originOf(proxyFor(where.cloudUrl));
  const through = proxy ? ` through the proxy ${proxy}` : "";
  const check = `Check the cloud URL (CAIDO_CLOUD_URL, default ${DEFAULT_CLOUD_URL}) and this machine's internet access${proxy ? " and proxy" : ""}.`;
  switch (error.kind) {
    case "tls":
      return patFailure(
        where,
        error.message.includes("plain HTTP")
          ? "answered plain HTTP on an https:// URL (EPROTO)"
          : `failed TLS (${detailOf(error)})`,
        { kind: "tls", hint: error.hint ?? check },
      );
    case "timeout":
      return patFailure(where, `did not answer in time${through}`, {
        kind: "cloud-unavailable",
        hint: check,
      });
    case "not-caido":
      return patFailure(where, `answered too much (${detailOf(error)})`, {
        kind: "cloud-unavailable",
        hint: check,
      });
    default:
      return patFailure(where, `could not be reached${through} (${detailOf(error)})`, {
        kind: "cloud-unavailable",
        hint: check,
      });
  }
}

interface OAuthError {
  error?: unknown;
  error_description?: unknown;
}

/** The cloud's own words, if it gave some: short, printable, never its raw bytes. */
function cloudWords(body: unknown): string | undefined {
  const oauth = (typeof body === "object" && body !== null ? body : {}) as OAuthError;
  const words = [oauth.error_description, oauth.error].find(
    (w): w is string => typeof w === "string" && w.trim() !== "",
  );
  return words === undefined ? undefined : safeText(words.trim(), 200);
}

function statusFailure(where: Where, step: string, status: number, body: unknown) {
  const words = cloudWords(body);
  const said = words ? `: ${words}` : "";
  if (status === 401) {
    return patFailure(where, `refused the personal access token (HTTP 401${said})`, {
      kind: "invalid-token",
      exitCode: 4,
      hint: "Check CAIDO_PAT, or create a new token in the Caido dashboard (https://dashboard.caido.io).",
    });
  }
  return patFailure(where, `could not ${step} (HTTP ${status}${said})`, {
    kind: status >= 500 ? "cloud-unavailable" : undefined,
    hint: status >= 500 ? "Try again later." : "Start the login again.",
  });
}

async function call(
  where: Where,
  path: string,
  method: string,
  pat: string,
  step: string,
  signal?: AbortSignal,
) {
  const options: HttpOptions = { target: where.cloudUrl, signal, step };
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(
      `${where.cloudUrl.replace(/\/+$/, "")}${path}`,
      { method, headers: { authorization: `Bearer ${pat}`, accept: "application/json" } },
      options,
    );
  } catch (error) {
    throw error instanceof InstanceFailure ? networkFailure(where, error) : error;
  }
  let body: unknown;
  try {
    body = parseJson(response, options);
  } catch (error) {
    if (response.status < 400) {
      throw patFailure(
        where,
        `answered HTTP ${response.status} with ${detailOf(error as Error).replace(/^HTTP \d+, /, "")}, not the Caido cloud's JSON`,
        {
          kind: "cloud-unavailable",
          hint: `Check CAIDO_CLOUD_URL: it names the Caido cloud's API (default ${DEFAULT_CLOUD_URL}).`,
        },
      );
    }
  }
  if (response.status >= 400) throw statusFailure(where, step, response.status, body);
  return body;
}

/** The scope names the login request asks for, from the information answer, checked. */
function requestedScopes(where: Where, info: unknown): string[] {
  const scopes = (info as { scopes?: unknown } | null)?.scopes;
  const names = Array.isArray(scopes)
    ? scopes.map((s) => (s as { name?: unknown } | null)?.name)
    : undefined;
  if (
    !names ||
    names.length > MAX_SCOPES ||
    !names.every((n): n is string => typeof n === "string" && SCOPE_NAME.test(n))
  ) {
    throw patFailure(where, "answered with an unusable list of scopes", {
      kind: "cloud-unavailable",
      hint: `Check CAIDO_CLOUD_URL: it names the Caido cloud's API (default ${DEFAULT_CLOUD_URL}).`,
    });
  }
  return names;
}

/**
 * Approves the device request behind userCode with the scopes it asks for, or only those of
 * allowedScopes (cloud names) and the identity the instance needs. Returns the approved scopes.
 */
export async function approveWithPat(options: {
  cloudUrl: string;
  pat: string;
  userCode: string;
  /** The instance's verification URL: failures compare its origin with cloudUrl. */
  verificationUrl?: string;
  allowedScopes?: string[];
  signal?: AbortSignal;
}): Promise<string[]> {
  // Refused before the first request: a PAT read on the wire gives the account away for months.
  checkPatCloud(options.cloudUrl);
  const where = { cloudUrl: options.cloudUrl, verificationUrl: options.verificationUrl };
  const code = encodeURIComponent(options.userCode);
  const info = await call(
    where,
    `/oauth2/device/information?user_code=${code}`,
    "GET",
    options.pat,
    "read the login request",
    options.signal,
  );
  const scopes = scopesToApprove(requestedScopes(where, info), options.allowedScopes);
  const scopeParam = encodeURIComponent(scopes.join(","));
  await call(
    where,
    `/oauth2/device/approve?user_code=${code}&scope=${scopeParam}`,
    "POST",
    options.pat,
    "approve the login request",
    options.signal,
  );
  return scopes;
}
