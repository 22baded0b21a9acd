// caido-auth use: its line in the command table.
import type { CommandSpec } from "../types.js";

export const use: CommandSpec = {
  name: "use",
  summary: "set the default instance",
  group: "Log in and out",
  usage: ["use INSTANCE"],
  positionals: [{ name: "INSTANCE", complete: "instance" }],
  instance: true,
  flags: [],
  notes: [
    "INSTANCE is a stored URL or alias (see status). Commands without an instance then use " +
      "it, unless CAIDO_INSTANCE names another. login --default does the same at login.",
  ],
  environment: [
    "  CAIDO_INSTANCE  overrides the default for one shell or one command; use does not read it",
  ],
  examples: [
    "  caido-auth use my-vps",
    "  caido-auth use http://127.0.0.1:8080 && caido-auth token",
    "  # Another instance for one command; the default stays",
    "  CAIDO_INSTANCE=staging caido-auth token",
  ],
};
