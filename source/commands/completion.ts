// caido-auth completion: a completion script for bash, zsh or fish, generated from the
// command table each time, so it lists exactly the flags the parser takes.

import { UsageError } from "../base/errors.js";
import { shownArgument } from "../base/secret-argument.js";
import { VERSION } from "../base/version.js";
import { bashScript } from "../completion/bash.js";
import { fishScript } from "../completion/fish.js";
import { type CompletionModel, completionModel } from "../completion/model.js";
import { zshScript } from "../completion/zsh.js";
import { didYouMean } from "../spec/suggest.js";
import type { Command } from "./command.js";

const scripts = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;
type Shell = keyof typeof scripts;
const shells = Object.keys(scripts) as Shell[];
const usageHint = "Usage: caido-auth completion bash|zsh|fish";

export function completionScript(shell: Shell, model: CompletionModel): string {
  return scripts[shell](model, VERSION);
}

export const command: Command = {
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
    ctx.io.stdout.write(completionScript(shell as Shell, completionModel()));
    return 0;
  },
};
