// caido-auth completion: a completion script for bash, zsh or fish, generated from the
// commands' own definitions each time, so it lists exactly the flags the parser takes.
import { didYouMean } from "../args/suggest.js";
import type { Command } from "../command.js";
import { bashScript } from "../completion/bash.js";
import { fishScript } from "../completion/fish.js";
import { type CompletionModel, completionModel } from "../completion/model.js";
import { zshScript } from "../completion/zsh.js";
import { UsageError } from "../errors.js";
import { shownArgument } from "../session/secret-argument.js";
import { VERSION } from "../version.js";

const scripts = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;
type Shell = keyof typeof scripts;
const shells = Object.keys(scripts) as Shell[];
const usageHint = "Usage: caido-auth completion bash|zsh|fish";

/** Every command of cli.ts's table, loaded, in its order. */
async function loadModel(): Promise<CompletionModel> {
  const { commands } = await import("../cli.js");
  const loaded = await Promise.all(
    Object.entries(commands).map(async ([name, entry]) => ({
      name,
      command: (await entry.load()).command,
    })),
  );
  return completionModel(loaded);
}

export function completionScript(shell: Shell, model: CompletionModel): string {
  return scripts[shell](model, VERSION);
}

export const command: Command = {
  summary: "print a completion script for bash, zsh or fish",
  usage: ["completion bash|zsh|fish"],
  help: [],
  environment: [
    "  CAIDO_AUTH_CONFIG_DIR, XDG_CONFIG_HOME  where Tab reads the stored aliases and URLs",
  ],
  examples: [
    "  source <(caido-auth completion bash)                 # in ~/.bashrc",
    "  caido-auth completion zsh > ~/.zfunc/_caido-auth     # fpath=(~/.zfunc $fpath) before compinit",
    "  caido-auth completion fish > ~/.config/fish/completions/caido-auth.fish",
    "",
    "  The script completes commands, flags, --shell values, and for INSTANCE the stored",
    "  aliases and instance URLs, read from the config file on each Tab (nothing is shown",
    "  when it cannot be read). Regenerate a saved script after upgrading caido-auth.",
  ],
  options: {},
  async run(_values, positionals, ctx) {
    const [shell, extra] = positionals;
    if (shell === undefined)
      throw new UsageError("completion: name a shell: bash, zsh or fish.", usageHint);
    if (!shells.includes(shell as Shell)) {
      throw new UsageError(
        `completion: unknown shell "${shell}"; use bash, zsh or fish.${didYouMean(shell, shells)}`,
        usageHint,
      );
    }
    if (extra !== undefined)
      throw new UsageError(`completion: unexpected argument ${shownArgument(extra)}.`, usageHint);
    ctx.io.stdout.write(completionScript(shell as Shell, await loadModel()));
    return 0;
  },
};
