// Guest login (instances started with --allow-guests): whether the instance lets guests in,
// and a guest's tokens. No account, no PAT, no browser: one question and one mutation.

import { type AuthenticationToken, loginCommandFor, tokenPayload } from "./auth.js";
import { AUTHENTICATION_STATE, LOGIN_AS_GUEST } from "./documents.js";
import { InstanceFailure, instanceError } from "./errors.js";
import { postGraphql } from "./graphql.js";
import { type UserError, userErrorToFailure } from "./user-errors.js";
import { boolean, checkAnswer, object } from "./validate.js";

/** The instance takes no guests: exit 4, and the way in that is left. */
export const guestsRefused = (instanceUrl: string) =>
  new InstanceFailure(
    "guests-refused",
    `${instanceUrl} does not allow guests (its Caido was not started with --allow-guests).`,
    `Log in with a Caido account instead: ${loginCommandFor(instanceUrl)}`,
    4,
  );

/** authenticationState.allowGuests. */
export async function allowsGuests(instanceUrl: string, signal?: AbortSignal): Promise<boolean> {
  const data = await postGraphql<unknown>({ instanceUrl, query: AUTHENTICATION_STATE, signal });
  return checkAnswer(instanceUrl, "authenticationState", () =>
    boolean(
      object(object(data, "data").authenticationState, "authenticationState").allowGuests,
      "allowGuests",
    ),
  );
}

/** A guest's tokens; throws guestsRefused when the instance refuses guests. */
export async function loginAsGuest(
  instanceUrl: string,
  signal?: AbortSignal,
): Promise<AuthenticationToken> {
  const data = await postGraphql<unknown>({ instanceUrl, query: LOGIN_AS_GUEST, signal });
  const payload = tokenPayload(instanceUrl, "loginAsGuest", data);
  const error = payload.error as (UserError & { permissionReason?: unknown }) | undefined;
  // PermissionDeniedUserError (or OtherUserError, whose code the schema leaves open): no guests.
  if (error?.__typename === "PermissionDeniedUserError" || error?.__typename === "OtherUserError")
    throw guestsRefused(instanceUrl);
  if (error) throw userErrorToFailure(instanceUrl, error, loginCommandFor(instanceUrl));
  if (!payload.token) throw instanceError(instanceUrl, "no token returned for the guest");
  return payload.token;
}
