// `login --guest`: a guest's session on an instance started with --allow-guests. No account,
// no PAT, no browser, no code to approve: whether guests are let in, a guest's tokens, the
// viewer they stand for, then the session stored as any login's.
import { getViewer } from "../instance/auth.js";
import { instanceError } from "../instance/errors.js";
import { allowsGuests, guestsRefused, loginAsGuest } from "../instance/guest.js";
import type { LoginSuccess } from "./login-driver.js";
import { type SaveLogin, saveLogin } from "./save-login.js";

export interface GuestLogin extends Omit<SaveLogin, "guest" | "pendingRequestId"> {
  /** Hides the new tokens from CI logs (GitHub Actions ::add-mask::) before anything else. */
  mask?: (...secrets: (string | null | undefined)[]) => void;
}

export async function guestLogin(setup: GuestLogin, signal: AbortSignal): Promise<LoginSuccess> {
  const { instanceUrl } = setup;
  if (!(await allowsGuests(instanceUrl, signal))) throw guestsRefused(instanceUrl);
  const token = await loginAsGuest(instanceUrl, signal);
  setup.mask?.(token.accessToken, token.refreshToken);
  const viewer = await getViewer(instanceUrl, token.accessToken, signal);
  if (viewer.__typename !== "GuestUser")
    throw instanceError(instanceUrl, `a guest login's viewer is a ${viewer.__typename}`);
  return saveLogin({ ...setup, guest: true }, token, { id: viewer.id, name: "Guest" });
}
