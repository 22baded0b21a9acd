// caido-auth logout: end the session at the instance and remove only that session.
import type { Command } from "../command.js";
import type { Context } from "../context.js";
import { CaidoAuthError, UsageError } from "../errors.js";
import { resolveInstance } from "../session/resolve.js";
import type { StoredSession } from "../store/format.js";
import { instanceArgument } from "./_args.js";
import { openStore } from "./_store.js";

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
  summary: "log out of an instance",
  usage: ["logout [INSTANCE]", "logout --all"],
  help: ["      --all    log out of every stored instance"],
  options: { all: { type: "boolean" } },
  async run(values, positionals, ctx) {
    const store = openStore(ctx);
    const config = store.read();
    const named = instanceArgument(values, positionals, "logout");
    if (values.all && named) throw new UsageError("logout: give an instance or --all, not both.");
    const urls = values.all
      ? Object.keys(config.sessions)
      : [resolveInstance(config, named, ctx.env).url];
    for (const url of urls) {
      const session = config.sessions[url];
      if (!session) throw new CaidoAuthError(`not logged in to ${url}.`, 4);
      await endRemotely(ctx, url, session);
      await store.update((data) => {
        delete data.sessions[url];
        if (data.defaultInstance === url) delete data.defaultInstance;
      });
      const who = session.account?.email ? ` (${session.account.email})` : "";
      ctx.io.stderr.write(`Logged out of ${url}${who}.\n`);
    }
    if (urls.length === 0) ctx.io.stderr.write("Not logged in to any instance.\n");
    return 0;
  },
};
