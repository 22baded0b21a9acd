// caido-auth logout: its line in the command table.
import type { CommandSpec } from "../types.js";

export const logout: CommandSpec = {
  name: "logout",
  summary: "log out of an instance",
  group: "Log in and out",
  usage: ["logout [INSTANCE]", "logout --all"],
  positionals: [{ name: "INSTANCE", complete: "instance" }],
  instance: true,
  flags: [
    {
      long: "all",
      help: "every stored instance and every pending login",
      default: "only INSTANCE, or the one other commands would use",
    },
  ],
  notes: [
    "The instance is asked to end the session first; when it cannot confirm, the session is " +
      "removed here anyway, with a warning. A login pending for the instance (login --no-wait) " +
      "is cancelled too. Other instances are not touched.",
  ],
  environment: [
    "  CAIDO_INSTANCE  the instance when none is given (URL or alias)",
    "  HTTPS_PROXY, HTTP_PROXY, NO_PROXY  the way to the instance",
  ],
  examples: [
    "  caido-auth logout my-vps",
    "  # The end of a CI job, or before handing the machine on",
    "  caido-auth logout --all",
    "  # A session on a remote machine, over SSH",
    "  ssh my-vps caido-auth logout http://127.0.0.1:8080",
  ],
};
