// caido-auth use: set the default instance.

import { AuthRequiredError, UsageError } from "../base/errors.js";
import { shownArgument } from "../base/secret-argument.js";
import { lookup } from "../session/resolve.js";
import { instanceArgument } from "./_args.js";
import { openStore } from "./_store.js";
import type { Command } from "./command.js";

export const command: Command = {
  async run(values, positionals, ctx) {
    const name = instanceArgument(values, positionals, "use");
    if (!name) throw new UsageError("use takes one instance.", "Usage: caido-auth use INSTANCE");
    const store = openStore(ctx);
    const url = await store.update((data) => {
      const found = lookup(data, name);
      if (!found) throw new UsageError(`no instance is named ${shownArgument(name)}.`);
      if (!data.sessions[found]) {
        throw new AuthRequiredError(
          `not logged in to ${found}.`,
          `Log in first: caido-auth login ${found} --default`,
        );
      }
      data.defaultInstance = found;
      return found;
    });
    ctx.io.stderr.write(`Default instance: ${url}\n`);
    return 0;
  },
};
