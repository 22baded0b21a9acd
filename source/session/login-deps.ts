// The real dependencies of the login driver: the instance client, the cloud's PAT approval
// and the token store. The driver and the views never touch the network themselves.
import { getViewer, loginCommandFor, startAuthenticationFlow } from "../instance/auth.js";
import { approveWithPat, DEFAULT_CLOUD_URL } from "../instance/cloud-pat.js";
import { codeExpired, denied, InstanceFailure } from "../instance/errors.js";
import type { ConfigStore } from "../store/config-store.js";
import type { LoginDeps, LoginRequest, LoginSuccess } from "./login-driver.js";
import { requestLoginCode } from "./login-request.js";
import {
  detachCommandFor,
  type PendingLogin,
  requestOf,
  setPending,
  toPending,
} from "./pending-login.js";
import { saveLogin } from "./save-login.js";

/**
 * How long a resumed login listens past the code's expiry: a code approved in time may still be
 * waiting on the instance for its subscriber. Bounds the wait when the instance says nothing.
 */
export const LATE_GRACE_MS = 10_000;

export interface LoginSetup {
  instanceUrl: string;
  instanceVersion?: string;
  store: ConfigStore;
  alias?: string;
  makeDefault: boolean;
  /**
   * Present for PAT approval (CAIDO_PAT or --pat-stdin). scopes: the cloud's names to approve
   * (instance/scopes.ts parseScopes), all requested ones when absent.
   */
  pat?: { token: string; cloudUrl?: string; scopes?: string[] };
  openBrowser?: (url: string) => Promise<void>;
  /** `login --resume`: wait for this stored request instead of starting one; forget it once saved. */
  resume?: PendingLogin;
  /** Hides secrets from CI logs (GitHub Actions ::add-mask::) before anything could print them. */
  mask?: (...secrets: (string | null | undefined)[]) => void;
}

/**
 * `login --no-wait`: starts the device flow and keeps the request in the store, replacing any
 * pending one for the instance. The request is stored before the caller shows its code, so a
 * code on screen can always be resumed.
 */
export async function startPendingLogin(
  setup: Pick<LoginSetup, "instanceUrl" | "store" | "alias" | "makeDefault">,
  signal: AbortSignal,
): Promise<LoginRequest> {
  const request = await startAuthenticationFlow(setup.instanceUrl, signal);
  const pending = toPending(setup.instanceUrl, request, {
    alias: setup.alias,
    makeDefault: setup.makeDefault,
    now: Date.now(),
  });
  await setup.store.update((data) => setPending(data, setup.instanceUrl, pending), {
    moveBroken: true,
  });
  return requestOf(pending);
}

export function loginDeps(setup: LoginSetup): LoginDeps {
  const { instanceUrl } = setup;
  const pat = setup.pat;
  return {
    instanceUrl,
    instanceVersion: setup.instanceVersion,
    now: Date.now,
    openBrowser: setup.openBrowser,
    async start(signal) {
      if (setup.resume) return requestOf(setup.resume);
      return requestLoginCode(instanceUrl, signal);
    },
    approve: pat
      ? async (request: LoginRequest, signal: AbortSignal) => {
          await approveWithPat({
            cloudUrl: pat.cloudUrl ?? DEFAULT_CLOUD_URL,
            pat: pat.token,
            userCode: request.userCode,
            verificationUrl: request.verificationUrl,
            allowedScopes: pat.scopes,
            signal,
          });
        }
      : undefined,
    async complete(request, signal): Promise<LoginSuccess> {
      // graphql-ws and ws load here, after the code is on screen.
      const { waitForToken } = await import("../instance/subscription.js");
      const token = await waitForToken({
        instanceUrl,
        requestId: request.id,
        expiresAt: setup.resume
          ? Math.max(request.expiresAt, Date.now() + LATE_GRACE_MS)
          : request.expiresAt,
        signal,
      }).catch((error: unknown) => {
        throw setup.resume ? withDetachHint(instanceUrl, error) : error;
      });
      setup.mask?.(token.accessToken, token.refreshToken);
      const viewer = await getViewer(instanceUrl, token.accessToken, signal);
      const identity = viewer.profile?.identity;
      const account = { id: viewer.id, email: identity?.email, name: identity?.name };
      return saveLogin(
        {
          instanceUrl,
          store: setup.store,
          alias: setup.alias,
          makeDefault: setup.makeDefault,
          pendingRequestId: setup.resume?.requestId,
        },
        token,
        account,
      );
    },
  };
}

/** A resumed login that ends for good points at starting another the same way. */
function withDetachHint(instanceUrl: string, error: unknown): unknown {
  if (!(error instanceof InstanceFailure)) return error;
  if (error.kind === "expired") return codeExpired(instanceUrl, detachCommandFor(instanceUrl));
  if (error.kind === "denied") return denied(instanceUrl, detachCommandFor(instanceUrl));
  return error;
}

export { loginCommandFor };
