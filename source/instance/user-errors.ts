// The schema's UserError unions (payload.error) mapped to our typed failures.
import {
  claimed,
  cloudUnavailable,
  codeExpired,
  denied,
  type InstanceFailure,
  instanceError,
} from "./errors.js";
import { CLAIMED_ERROR_CODES } from "./guesses.js";

export interface UserError {
  __typename: string;
  code: string;
  authReason?: string;
  cloudReason?: string;
  message?: string;
}

export function userErrorToFailure(
  instance: string,
  error: UserError,
  loginCommand: string,
): InstanceFailure {
  switch (error.__typename) {
    case "AuthenticationUserError":
      if (error.authReason === "DENIED") {
        return CLAIMED_ERROR_CODES.has(error.code)
          ? claimed(instance)
          : denied(instance, loginCommand);
      }
      if (error.authReason === "EXPIRED") return codeExpired(instance, loginCommand);
      return instanceError(
        instance,
        `authentication ${error.authReason ?? "error"} (${error.code})`,
      );
    case "CloudUserError":
      if (error.cloudReason === "UNAVAILABLE") return cloudUnavailable(instance);
      return instanceError(instance, `the Caido cloud failed unexpectedly (${error.code})`);
    case "InternalUserError":
      return instanceError(instance, `internal error ${error.code}: ${error.message ?? ""}`.trim());
    default:
      return instanceError(instance, `${error.__typename} ${error.code}`);
  }
}
