// caido-auth status: its line in the command table.
import type { CommandSpec } from "../types.js";

export const status: CommandSpec = {
  name: "status",
  summary: "show stored sessions and pending logins",
  group: "Log in and out",
  usage: ["status [INSTANCE] [--json] [--check]"],
  positionals: [{ name: "INSTANCE", complete: "instance" }],
  instance: true,
  flags: [
    {
      long: "json",
      help: "one JSON object on stdout, {instances: [...]}, whatever the exit code; never a token",
      default: "text",
    },
    {
      long: "check",
      help: "ask each usable instance's /health and viewer, refreshing if needed",
      default: "no network, the config file only",
    },
  ],
  notes: [
    "States: valid, expired (the next command refreshes it), needs-login (the instance " +
      "ended the session), malformed (the stored session is unusable; a login replaces it), " +
      "pending (only a login --no-wait, waiting for --resume), not-stored (only " +
      "CAIDO_ACCESS_TOKEN). [cleartext] (cleartext: true) marks plain http:// to another " +
      "machine, or through an http:// proxy on one: tokens cross the network unencrypted.",
    "Exit 0 when the named instance, or with none named at least one instance, can be used; " +
      "4 when it cannot (nothing stored, session ended or malformed, login only pending); " +
      "1 when --check fails. The same with --json, which still prints its object.",
  ],
  environment: [
    "  CAIDO_ACCESS_TOKEN  the instance it overrides says so (envToken in --json), as",
    "                      gh auth status shows GH_TOKEN; --check then checks that token",
    "  HTTP_PROXY          an http:// proxy on another machine makes http:// instances cleartext",
  ],
  examples: [
    "  caido-auth status",
    "  caido-auth status my-vps --check --json",
    "  # Log in only when needed (exit 4: no usable session)",
    "  caido-auth status my-vps >/dev/null || caido-auth login my-vps",
  ],
};
