// An instance's answers are untrusted input: each is checked here against the published
// schema's types (protocol.md) and the size bounds below before anything uses, shows or stores
// it. A wrong answer is refused whole, naming the field and never its value.
import { debug } from "../base/debug.js";
import { isRfc3339 } from "../base/rfc3339.js";
import { isVisibleAscii } from "../base/visible-ascii.js";
import { InstanceFailure } from "./errors.js";
import type { AuthenticationRequest, AuthenticationToken, Viewer } from "./wire-types.js";

/**
 * What an instance may send, in one place (docs/security.md lists them). Lengths are in UTF-16
 * code units; each bound is far above what Caido sends and far below what could hurt.
 */
export const ANSWER_LIMITS = {
  /** accessToken and refreshToken (scalar Token): visible ASCII, as an HTTP header needs. */
  token: 8 * 1024,
  /** An ID: the login request's, the account's. */
  id: 256,
  /** The user code a person compares and types: visible ASCII. */
  userCode: 64,
  /** The verification URL (scalar Url): http(s), no credentials. */
  url: 2 * 1024,
  /** A DateTime, as RFC 3339 text. */
  dateTime: 64,
  /** The account's name. */
  name: 256,
  /** The account's email (RFC 5321's longest path). */
  email: 320,
  /** AuthenticationScope: how many, and how long one name. */
  scopes: 32,
  scopeName: 64,
  /** A GraphQL error message or a union member's name, as shown in an error. */
  message: 200,
} as const;

/** Why an answer was refused: the field's path in the answer and what is wrong with it. */
export class MalformedAnswer extends Error {
  override name = "MalformedAnswer";
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

// Controls (C0, C1, DEL), line and paragraph separators, lone surrogates: no stored name or id
// holds one. Format characters (bidi marks, joiners) may be real names; the terminal's
// safeText shows them visibly instead. Built when first needed, as safeText's is (it costs).
let controlPattern: RegExp | undefined;
function hasControl(value: string): boolean {
  controlPattern ??= /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}]/u;
  return controlPattern.test(value);
}
// The shape of a GraphQL enum value such as PROFILE_READ. The enum may grow: unknown names of
// this shape are kept (status shows them); anything else is refused.
const SCOPE_NAME = /^[A-Z][A-Z0-9_]*$/;

export const KNOWN_SCOPES: ReadonlySet<string> = new Set(["ASSISTANT", "OFFLINE", "PROFILE_READ"]);

/** The refusal for a value of the wrong type: "is missing", "is null, not a string"… */
function wrongType(value: unknown, path: string, expected: string): MalformedAnswer {
  if (value === undefined) return new MalformedAnswer(path, "is missing");
  const actual =
    value === null
      ? "null"
      : Array.isArray(value)
        ? "a list"
        : typeof value === "object"
          ? "an object"
          : `a ${typeof value}`;
  return new MalformedAnswer(path, `is ${actual}, not ${expected}`);
}

export function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw wrongType(value, path, "an object");
  return value as Record<string, unknown>;
}

/** A present object, or null for null or a missing field (the schema's nullable fields). */
export function nullableObject(value: unknown, path: string): Record<string, unknown> | null {
  return value === null || value === undefined ? null : object(value, path);
}

function string(value: unknown, path: string, max: number): string {
  if (typeof value !== "string") throw wrongType(value, path, "a string");
  if (value.length > max)
    throw new MalformedAnswer(path, `is ${value.length} characters long (at most ${max})`);
  return value;
}

/** Words to keep: a string within bounds without a control character. */
function text(value: unknown, path: string, max: number): string {
  const checked = string(value, path, max);
  if (hasControl(checked)) throw new MalformedAnswer(path, "holds control characters");
  return checked;
}

function nonEmpty(value: string, path: string): string {
  if (value === "") throw new MalformedAnswer(path, "is empty");
  return value;
}

/** Scalar Token: a bearer or refresh token, sent in a header later. */
export function token(value: unknown, path: string): string {
  const checked = nonEmpty(string(value, path, ANSWER_LIMITS.token), path);
  if (!isVisibleAscii(checked))
    throw new MalformedAnswer(
      path,
      "holds a space, a line break or a character outside visible ASCII, which no token has",
    );
  return checked;
}

/** Scalar ID. */
export function id(value: unknown, path: string): string {
  return nonEmpty(text(value, path, ANSWER_LIMITS.id), path);
}

/** Scalar DateTime: RFC 3339 text that Date.parse reads. */
export function dateTime(value: unknown, path: string): string {
  const checked = string(value, path, ANSWER_LIMITS.dateTime);
  if (!isRfc3339(checked)) throw new MalformedAnswer(path, "is not an RFC 3339 date-time");
  return checked;
}

/** Scalar Url for a page a person opens: http(s), without a user name or password. */
export function pageUrl(value: unknown, path: string): string {
  const checked = nonEmpty(text(value, path, ANSWER_LIMITS.url), path);
  let url: URL;
  try {
    url = new URL(checked);
  } catch {
    throw new MalformedAnswer(path, "is not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new MalformedAnswer(path, "is not an http(s) URL");
  if (url.username || url.password)
    throw new MalformedAnswer(path, "carries a user name or password");
  if (/\s/.test(checked)) throw new MalformedAnswer(path, "holds white space");
  return checked;
}

/** [AuthenticationScope!]!: a list of enum names; names this version does not know are kept. */
export function scopes(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw wrongType(value, path, "a list");
  if (value.length > ANSWER_LIMITS.scopes)
    throw new MalformedAnswer(
      path,
      `has ${value.length} entries (at most ${ANSWER_LIMITS.scopes})`,
    );
  return value.map((scope, index) => {
    const name = string(scope, `${path}[${index}]`, ANSWER_LIMITS.scopeName);
    if (!SCOPE_NAME.test(name))
      throw new MalformedAnswer(`${path}[${index}]`, "is not a scope name");
    if (!KNOWN_SCOPES.has(name)) debug(`keeping scope ${name}, which this version does not know`);
    return name;
  });
}

/** AuthenticationRequest, all fields required. */
export function authenticationRequest(value: unknown, path = "request"): AuthenticationRequest {
  const r = object(value, path);
  const userCode = nonEmpty(
    string(r.userCode, `${path}.userCode`, ANSWER_LIMITS.userCode),
    `${path}.userCode`,
  );
  if (!isVisibleAscii(userCode))
    throw new MalformedAnswer(
      `${path}.userCode`,
      "holds a space or a character outside visible ASCII",
    );
  return {
    id: id(r.id, `${path}.id`),
    userCode,
    verificationUrl: pageUrl(r.verificationUrl, `${path}.verificationUrl`),
    expiresAt: dateTime(r.expiresAt, `${path}.expiresAt`),
  };
}

/** AuthenticationToken: refreshToken may be null (no OFFLINE scope), nothing else may. */
export function authenticationToken(value: unknown, path = "token"): AuthenticationToken {
  const t = object(value, path);
  return {
    accessToken: token(t.accessToken, `${path}.accessToken`),
    refreshToken:
      t.refreshToken === null || t.refreshToken === undefined
        ? null
        : token(t.refreshToken, `${path}.refreshToken`),
    expiresAt: dateTime(t.expiresAt, `${path}.expiresAt`),
    scopes: scopes(t.scopes, `${path}.scopes`),
  };
}

const USER_TYPES = new Set(["CloudUser", "GuestUser", "ScriptUser"]);

/** The User union as VIEWER selects it; a CloudUser's profile may be missing (@cloud). */
export function viewer(value: unknown, path = "viewer"): Viewer {
  const v = object(value, path);
  const typename = v.__typename;
  if (typeof typename !== "string" || !USER_TYPES.has(typename))
    throw new MalformedAnswer(`${path}.__typename`, "is not CloudUser, GuestUser or ScriptUser");
  const result: Viewer = {
    __typename: typename as Viewer["__typename"],
    id: id(v.id, `${path}.id`),
  };
  const profile = typename === "CloudUser" ? nullableObject(v.profile, `${path}.profile`) : null;
  if (profile) {
    const identity = object(profile.identity, `${path}.profile.identity`);
    result.profile = {
      identity: {
        email: text(identity.email, `${path}.profile.identity.email`, ANSWER_LIMITS.email),
        name: text(identity.name, `${path}.profile.identity.name`, ANSWER_LIMITS.name),
      },
    };
  }
  return result;
}

/** A Boolean! field. */
export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") throw wrongType(value, path, "a boolean");
  return value;
}

/**
 * Runs a check of an instance's answer to `operation`: a MalformedAnswer becomes the instance
 * failure a user sees (exit 1), naming the field and what is wrong, never the value.
 */
export function checkAnswer<T>(instance: string, operation: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof MalformedAnswer)) throw error;
    throw new InstanceFailure(
      "instance",
      `${instance} sent a malformed answer to ${operation}: ${error.message}.`,
      "Nothing was stored. Check that the URL is the Caido instance you meant.",
    );
  }
}
