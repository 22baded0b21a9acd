// The schema's UserError unions (payload.error) mapped to our typed failures. The instance's
// own words (codes, reasons, messages) reach a terminal: shown short and made safe first.
import { safeText } from "../base/safe-text.js";
import {
  claimed,
  clockSkew,
  cloudUnavailable,
  codeExpired,
  denied,
  type InstanceFailure,
  instanceError,
  noAccess,
} from "./errors.js";
import { CLAIMED_ERROR_CODES, NO_ACCESS_ERROR_CODES } from "./guesses.js";

export interface UserError {
  __typename: string;
  code: string;
  authReason?: string;
  cloudReason?: string;
  message?: string;
}

/** A field of the instance's error as words we may print: short, printable, or absent. */
function words(value: unknown, max = 64): string | undefined {
  return typeof value === "string" && value !== "" ? safeText(value, max) : undefined;
}

export function userErrorToFailure(
  instance: string,
  raw: UserError,
  loginCommand: string,
): InstanceFailure {
  const error = {
    __typename: words(raw?.__typename) ?? "UserError",
    code: words(raw?.code) ?? "no code",
    authReason: words(raw?.authReason),
    cloudReason: words(raw?.cloudReason),
    message: words(raw?.message, 200),
  };
  switch (error.__typename) {
    case "AuthenticationUserError":
      if (error.authReason === "DENIED") {
        if (CLAIMED_ERROR_CODES.has(error.code)) return claimed(instance);
        if (NO_ACCESS_ERROR_CODES.has(error.code)) return noAccess(instance);
        return denied(instance, loginCommand);
      }
      if (error.authReason === "EXPIRED") return codeExpired(instance, loginCommand);
      if (error.authReason === "STALE_DATE") return clockSkew(instance);
      return instanceError(
        instance,
        `authentication ${error.authReason ?? "error"} (${error.code})`,
      );
    case "CloudUserError":
      if (error.cloudReason === "UNAVAILABLE") return cloudUnavailable(instance);
      return instanceError(instance, `the Caido cloud failed unexpectedly (${error.code})`);
    case "InternalUserError":
      return instanceError(
        instance,
        `internal error ${error.code}${error.message ? `: ${error.message}` : ""}`,
      );
    default:
      return instanceError(instance, `${error.__typename} ${error.code}`);
  }
}
