// caido-auth sandbox: its line in the command table.
import type { CommandSpec } from "../types.js";

/** The most requests --seed-requests may ask for (the sandbox keeps them in memory). */
export const MAX_SEED_REQUESTS = 100_000;
/** The shortest --request-interval, in seconds, other than 0. */
export const MIN_REQUEST_INTERVAL = 0.01;

const PORT = { min: 0, max: 65535 };
/** The most --clock-skew may put the instance's clock off, either way: ten years. */
const MAX_CLOCK_SKEW = 10 * 365 * 24 * 3600;
/** A lifetime in seconds, up to ten years: past that, expiry dates stop making sense. */
const TTL = { min: 1, max: 10 * 365 * 24 * 3600, unit: "seconds" } as const;

export const sandbox: CommandSpec = {
  name: "sandbox",
  summary: "run a local Caido cloud and instance",
  group: "The sandbox",
  usage: [
    "sandbox [--port N] [--cloud-port N] [--data-dir DIR] [--json] [--access-token-ttl S] [--refresh-token-ttl S] [--code-ttl S] [--auto-approve] [--seed-requests N] [--request-interval S] [--allow-guests] [--registration-key KEY] [--clock-skew S]",
  ],
  positionals: [],
  instance: false,
  flags: [
    {
      long: "port",
      value: "N",
      integer: PORT,
      help: "instance port",
      default: "8080, or a free port when taken",
    },
    { long: "cloud-port", value: "N", integer: PORT, help: "cloud port", default: "a free port" },
    {
      long: "data-dir",
      value: "DIR",
      complete: "directory",
      help: "keep cloud and instance data here",
      default: "a temporary directory, removed on exit",
    },
    {
      long: "json",
      help: "print one JSON line {instanceUrl, cloudUrl, accounts} when ready, and nothing else",
      default: "a summary for people",
    },
    {
      long: "access-token-ttl",
      value: "S",
      integer: TTL,
      help: "access token lifetime in seconds",
      default: "3600",
    },
    {
      long: "refresh-token-ttl",
      value: "S",
      integer: TTL,
      help: "refresh token lifetime in seconds",
      default: "90 days",
    },
    {
      long: "code-ttl",
      value: "S",
      integer: TTL,
      help: "device code lifetime in seconds",
      default: "600",
    },
    {
      long: "auto-approve",
      help: "approve every login as the first account, no browser",
      default: "a person approves in the cloud's page",
    },
    {
      long: "seed-requests",
      value: "N",
      integer: { min: 0, max: MAX_SEED_REQUESTS },
      help: "requests in the instance's history at start",
      default: "250",
    },
    {
      long: "request-interval",
      value: "S",
      help: "seconds between two new requests (may be a fraction like 0.2; 0 adds none)",
      default: "1",
    },
    {
      long: "allow-guests",
      help: "anyone may log in as a guest (loginAsGuest), as Caido's --allow-guests",
      default: "guests are refused",
    },
    {
      long: "registration-key",
      value: "KEY",
      help: 'a Team key (ckey_...): the sandbox\'s Team workspace claims the instance, and only its members (the accounts marked "member") may log in',
      default: "the first account to log in claims the instance",
    },
    {
      long: "clock-skew",
      value: "S",
      integer: { min: -MAX_CLOCK_SKEW, max: MAX_CLOCK_SKEW, unit: "seconds" },
      help: "the instance's clock is S seconds off (negative: behind); over 300, logins and refreshes answer STALE_DATE",
      default: "0",
    },
  ],
  notes: [
    "Both servers listen on 127.0.0.1 only; Ctrl+C stops them. A PAT login checks the PAT " +
      "at CAIDO_CLOUD_URL, which defaults to Caido's cloud: set it to the sandbox's cloud URL, " +
      "as the summary's login lines do.",
  ],
  environment: [
    "  None: the sandbox reads no variables. The logins it prints set CAIDO_CLOUD_URL (and",
    "  CAIDO_PAT) for one command.",
  ],
  examples: [
    "  # Then paste a login line it prints into another terminal",
    "  caido-auth sandbox",
    "  # Scripts and tests: one JSON line with the URLs and PATs, free ports",
    "  caido-auth sandbox --json --port 0 > sandbox.json &",
    "  # Logins approved at once, tokens that need a refresh every 5 seconds",
    "  caido-auth sandbox --auto-approve --access-token-ttl 5",
  ],
};
