// caido-auth completion: its line in the command table.
import type { CommandSpec } from "../types.js";

/** The shells completion writes a script for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;

export const completion: CommandSpec = {
  name: "completion",
  summary: "print a completion script for bash, zsh or fish",
  group: "Shell",
  usage: ["completion bash|zsh|fish"],
  positionals: [{ name: "SHELL", choices: COMPLETION_SHELLS }],
  instance: false,
  flags: [],
  notes: [
    "The script completes commands, flags, --shell values, and for INSTANCE the stored " +
      "aliases and instance URLs, read from the config file on each Tab (nothing is shown " +
      "when it cannot be read). Regenerate a saved script after upgrading caido-auth.",
  ],
  environment: [
    "  CAIDO_AUTH_CONFIG_DIR, XDG_CONFIG_HOME  where Tab reads the stored aliases and URLs",
  ],
  examples: [
    "  source <(caido-auth completion bash)                 # in ~/.bashrc",
    "  caido-auth completion zsh > ~/.zfunc/_caido-auth     # fpath=(~/.zfunc $fpath) before compinit",
    "  caido-auth completion fish > ~/.config/fish/completions/caido-auth.fish",
  ],
};
