// caido-auth logout: end the session at the instance and remove only that session, and forget
// a login left pending for it (login --no-wait), whose code would otherwise still be resumable.

import type { Context } from "../base/context.js";
import { CaidoAuthError, UsageError } from "../base/errors.js";
import { safeText } from "../base/safe-text.js";
import {
  findPending,
  pendingInstances,
  removePending,
  resolveWithPending,
} from "../session/pending-login.js";
import type { StoredSession } from "../store/format.js";
import { instanceArgument } from "./_args.js";
import { openStore } from "./_store.js";
import type { Command } from "./command.js";

/** Asks the instance to end the session; a failure is reported but does not keep it stored. */
async function endRemotely(ctx: Context, url: string, session: StoredSession): Promise<void> {
  if (!session.accessToken || session.needsLogin) return;
  const [{ logout }, { getAccessToken }] = await Promise.all([
    import("../instance/auth.js"),
    import("../session/access-token.js"),
  ]);
  try {
    // An expired access token could not end the session: refresh it first (minValid 0).
    const { accessToken } = await getAccessToken({
      instance: url,
      minValid: 0,
      env: ctx.env,
      signal: ctx.signal,
    });
    await logout(url, accessToken, ctx.signal);
  } catch (error) {
    if (!(error instanceof CaidoAuthError)) throw error;
    ctx.io.stderr.write(
      `caido-auth: warning: ${url} did not confirm the logout (${error.message}); removed it here anyway.\n`,
    );
  }
}

export const command: Command = {
  async run(values, positionals, ctx) {
    const store = openStore(ctx);
    const config = store.read();
    const named = instanceArgument(values, positionals, "logout");
    if (values.all && named) throw new UsageError("logout: give an instance or --all, not both.");
    const urls = values.all
      ? [...new Set([...Object.keys(config.sessions), ...pendingInstances(config)])]
      : [resolveWithPending(config, named, ctx.env)];
    for (const url of urls) {
      const session = config.sessions[url];
      const pending = findPending(config, url).state !== "none";
      if (!session && !pending) throw new CaidoAuthError(`not logged in to ${url}.`, 4);
      if (session) await endRemotely(ctx, url, session);
      await store.update((data) => {
        delete data.sessions[url];
        if (data.defaultInstance === url) delete data.defaultInstance;
        removePending(data, url);
      });
      if (session) {
        const email = session.account?.email;
        const who = email ? ` (${safeText(email, 254)})` : "";
        ctx.io.stderr.write(`Logged out of ${url}${who}.\n`);
      }
      if (pending) ctx.io.stderr.write(`Cancelled the pending login for ${url}.\n`);
    }
    if (urls.length === 0) ctx.io.stderr.write("Not logged in to any instance.\n");
    return 0;
  },
};
