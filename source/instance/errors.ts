// One error type per failure a user can act on. Messages name the instance; hints the next step.
import { AuthRequiredError, CaidoAuthError } from "../base/errors.js";

export type FailureKind =
  | "unreachable"
  | "tls"
  | "not-caido"
  | "instance"
  | "cloud-unavailable"
  | "websocket"
  | "timeout"
  | "denied"
  | "claimed"
  | "clock"
  | "guests-refused"
  | "no-access"
  | "expired"
  | "invalid-token";

export class InstanceFailure extends CaidoAuthError {
  override name = "InstanceFailure";
  constructor(
    readonly kind: FailureKind,
    message: string,
    hint?: string,
    exitCode = 1,
  ) {
    super(message, exitCode, hint);
  }
}

export const unreachable = (instance: string, detail: string) =>
  new InstanceFailure(
    "unreachable",
    `cannot reach ${instance} (${detail}).`,
    "Check the URL and that the instance is running.",
  );

export const tlsFailure = (instance: string, detail: string) =>
  new InstanceFailure(
    "tls",
    `TLS failure talking to ${instance} (${detail}).`,
    "For a private CA, set NODE_EXTRA_CA_CERTS to its certificate file.",
  );

export const notCaido = (instance: string, detail: string) =>
  new InstanceFailure(
    "not-caido",
    `${instance} does not look like a Caido instance (${detail}).`,
    "Check the URL and port of the instance.",
  );

export const instanceError = (instance: string, detail: string) =>
  new InstanceFailure("instance", `${instance} answered with an error: ${detail}.`);

export const cloudUnavailable = (instance: string) =>
  new InstanceFailure(
    "cloud-unavailable",
    `${instance} cannot reach the Caido cloud.`,
    "Check the instance's internet access, then try again.",
  );

export const timedOut = (instance: string, step: string) =>
  new InstanceFailure("timeout", `${instance} did not answer in time (${step}).`, "Try again.");

export const websocketFailure = (instance: string, detail: string) =>
  new InstanceFailure(
    "websocket",
    `the WebSocket to ${instance}/ws/graphql failed (${detail}).`,
    "If a reverse proxy sits in front of the instance, let it pass WebSocket upgrades.",
  );

export const denied = (instance: string, loginCommand: string) =>
  new InstanceFailure(
    "denied",
    `the login to ${instance} was denied.`,
    `To try again: ${loginCommand}`,
    4,
  );

export const claimed = (instance: string) =>
  new InstanceFailure(
    "claimed",
    `${instance} belongs to another Caido account.`,
    "Log in with the account that owns it, or reset its claim with 'caido --reset-credentials' on the instance.",
    4,
  );

/** A Team instance refuses an account outside its workspace, in the words Caido shows. */
export const noAccess = (instance: string) =>
  new InstanceFailure(
    "no-access",
    `${instance}: You do not have access to this instance (the account is not a member of the workspace that owns it).`,
    `Ask the workspace's owner to add your account in the Caido dashboard (https://dashboard.caido.io), or log in with a member's: caido-auth login ${instance}`,
    4,
  );

/** STALE_DATE: the instance's machine and the cloud disagree on the time by over 5 minutes. */
export const clockSkew = (instance: string) => {
  const host = new URL(instance).host;
  return new InstanceFailure(
    "clock",
    `${instance} refused the login because the clock of the machine running it (${host}) is more than 5 minutes off (STALE_DATE).`,
    `Set that machine's clock right (e.g. enable NTP on ${host}), then log in again; a session you had is kept.`,
  );
};

export const codeExpired = (instance: string, loginCommand: string) =>
  new InstanceFailure(
    "expired",
    `the login code for ${instance} expired before it was approved.`,
    `To get a new code: ${loginCommand}`,
    4,
  );

export const invalidToken = (instance: string, loginCommand: string) =>
  new AuthRequiredError(
    `the session for ${instance} is no longer valid.`,
    `Log in again: ${loginCommand}`,
  );
