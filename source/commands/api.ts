// caido-auth api: an authenticated GraphQL (or --rest GET) call, answer on stdout.
// An INVALID_TOKEN answer refreshes the stored session once and retries.
import { readFileSync } from "node:fs";
import type { Command } from "../command.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { InvalidTokenError, sendGraphql } from "../instance/graphql.js";
import { request } from "../instance/http.js";
import { lookup } from "../session/resolve.js";
import { emptyConfig } from "../store/format.js";
import { configDir } from "../store/paths.js";
import { readConfig } from "../store/read.js";
import { warner } from "./_store.js";
import { resolveToken, type UsableToken } from "./_token.js";

/** gh-style typed fields: true/false/null and numbers become JSON values, @file its text. */
export function parseField(field: string): [string, unknown] {
  const eq = field.indexOf("=");
  if (eq < 1) throw new UsageError(`-F takes name=value, not "${field}".`);
  const name = field.slice(0, eq);
  const raw = field.slice(eq + 1);
  if (raw === "true" || raw === "false" || raw === "null") return [name, JSON.parse(raw)];
  if (/^-?\d+(\.\d+)?$/.test(raw)) return [name, Number(raw)];
  if (raw.startsWith("@")) return [name, readFileSync(raw.slice(1), "utf8")];
  return [name, raw];
}

async function readDocument(ctx: Context, source: string): Promise<string> {
  if (source === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.io.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8");
  }
  if (source.startsWith("@")) return readFileSync(source.slice(1), "utf8");
  return source;
}

/** With CAIDO_ACCESS_TOKEN the instance may still be an alias: look it up without refreshing. */
function instanceUrlOf(ctx: Context, token: UsableToken): string {
  if (!token.instanceUrl)
    throw new UsageError("api: which instance? Give it, or set CAIDO_INSTANCE.");
  if (token.fromStore) return token.instanceUrl;
  const config = readConfig(configDir(ctx.env), warner(ctx)) ?? emptyConfig();
  const url = lookup(config, token.instanceUrl);
  if (!url) throw new UsageError(`no instance is named "${token.instanceUrl}".`);
  return url;
}

export const command: Command = {
  summary: "make an authenticated GraphQL or REST call",
  usage: [
    "api [INSTANCE] (QUERY | @FILE | -) [-F name=value]...",
    "api [INSTANCE] --rest PATH [-F name=value]...",
  ],
  help: [
    "  -F, --field name=value  a GraphQL variable (or a query parameter with --rest);",
    "                          true, false, null and numbers are typed, @file reads a file",
    "      --rest PATH         GET PATH on the instance instead of GraphQL",
    "",
    "With two positionals the first is the instance. Exits 1 when the answer carries errors.",
  ],
  options: { field: { type: "string", short: "F", multiple: true }, rest: { type: "string" } },
  async run(values, positionals, ctx) {
    const rest = values.rest as string | undefined;
    if (positionals.length > (rest ? 1 : 2)) throw new UsageError("api: too many arguments.");
    const [instanceArg, documentArg] =
      rest || positionals.length === 2
        ? [positionals[0], positionals[1]]
        : [undefined, positionals[0]];
    if (!rest && documentArg === undefined)
      throw new UsageError("api: no query given.", `Usage: caido-auth ${this.usage[0]}`);
    const variables = Object.fromEntries(
      ((values.field as string[] | undefined) ?? []).map(parseField),
    );
    const instance = instanceArg ?? (values.instance as string | undefined);
    const document = rest ? "" : await readDocument(ctx, documentArg as string);

    const call = async (token: UsableToken): Promise<{ text: string; failed: boolean }> => {
      const instanceUrl = instanceUrlOf(ctx, token);
      if (rest) {
        const url = new URL(rest, `${instanceUrl}/`);
        for (const [k, v] of Object.entries(variables)) url.searchParams.set(k, String(v));
        const response = await request(
          url.toString(),
          { headers: { authorization: `Bearer ${token.accessToken}` } },
          { target: instanceUrl, signal: ctx.signal, step: `GET ${rest}` },
        );
        if (response.status === 401) throw new InvalidTokenError(instanceUrl, "HTTP 401");
        return { text: response.text, failed: response.status >= 400 };
      }
      // The whole answer, errors included, as gh api does: the caller may want both.
      const { status, ...answer } = await sendGraphql({
        instanceUrl,
        query: document,
        variables,
        accessToken: token.accessToken,
        signal: ctx.signal,
      });
      return {
        text: JSON.stringify(answer, null, 2),
        failed: Boolean(answer.errors?.length) || status >= 400,
      };
    };

    const token = await resolveToken(ctx, instance);
    let output: { text: string; failed: boolean };
    try {
      output = await call(token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError) || !token.fromStore) throw error;
      output = await call(await resolveToken(ctx, token.instanceUrl, { forceRefresh: true }));
    }
    ctx.io.stdout.write(output.text.endsWith("\n") ? output.text : `${output.text}\n`);
    return output.failed ? 1 : 0;
  },
};
