// Headings and wording of the end screens, per failure kind: one place for the Ink screen.
import { type CaidoAuthError, UsageError } from "../base/errors.js";

const HEADINGS: Record<string, string> = {
  denied: "Login denied",
  expired: "Code expired",
  claimed: "Instance claimed by another account",
  unreachable: "Instance unreachable",
  "cloud-unavailable": "Caido cloud unreachable",
  tls: "TLS error",
  timeout: "No answer in time",
  websocket: "WebSocket connection failed",
  "not-caido": "Not a Caido instance",
  instance: "Instance error",
  "invalid-token": "Session no longer valid",
  cancelled: "Login cancelled",
};

/**
 * The failure kind: InstanceFailure.kind, "cancelled" for exit 130, "usage" for a usage error
 * (exit 2), else "error".
 */
export function errorKind(error: CaidoAuthError): string {
  const kind = (error as { kind?: unknown }).kind;
  if (typeof kind === "string") return kind;
  if (error.exitCode === 130) return "cancelled";
  if (error instanceof UsageError) return "usage";
  return "error";
}

export function errorHeading(error: CaidoAuthError): string {
  return HEADINGS[errorKind(error)] ?? "Login failed";
}

/** Error messages are written to follow "error: "; on their own line they start upper-case. */
export function sentence(text: string): string {
  // "http://host belongs to…" must stay as typed.
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
