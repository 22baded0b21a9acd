// caido-auth api: an authenticated GraphQL or REST call, as gh api does for GitHub: fields,
// headers, a body from a file, -i, --paginate over a connection, --subscribe to live events.
// The work is in source/api/; this file reads the inputs and prints the answer.

import { mergeHeaders, postGraphql, restUrl, sendRest } from "../api/call.js";
import { analyse, pagedConnection } from "../api/document.js";
import { parseRawField, parseTypedField, readUserFile } from "../api/fields.js";
import { type ApiResponse, formatHead } from "../api/http.js";
import { type Plan, planFrom, readsStdin } from "../api/options.js";
import { paginate } from "../api/paginate.js";
import { subscribe } from "../api/subscribe.js";
import { tokenSource, withToken } from "../api/token.js";
import { maskSecrets } from "../base/ci-mask.js";
import type { Context } from "../base/context.js";
import { UsageError } from "../base/errors.js";
import type { UsableToken } from "../session/usable-token.js";
import type { Command } from "./command.js";

/** -F name=value, kept under its old name for the tests and scripts that import it. */
export const parseField = (field: string) => parseTypedField(field);

const MAX_STDIN_BYTES = 64 * 1024 * 1024;

async function readStdin(ctx: Context): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.io.stdin) {
    const buffer = Buffer.from(chunk);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new UsageError("standard input is larger than 64 MiB.");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function fieldsOf(plan: Plan, stdin: Buffer | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const reader = stdin ? () => stdin : undefined;
  for (const field of plan.rawFields) {
    const [name, value] = parseRawField(field);
    fields[name] = value;
  }
  for (const field of plan.typedFields) {
    const [name, value] = parseTypedField(field, reader);
    fields[name] = value;
  }
  return fields;
}

function inputBody(plan: Plan, stdin: Buffer | undefined): Buffer | undefined {
  if (plan.input === undefined) return undefined;
  if (plan.input === "-") return stdin ?? Buffer.alloc(0);
  return readUserFile(plan.input, `--input ${plan.input}`);
}

/** The GraphQL request: the document and fields, or --input's JSON body with fields on top. */
function graphqlRequest(
  plan: Plan,
  stdin: Buffer | undefined,
  fields: Record<string, unknown>,
): { query: string; variables: Record<string, unknown>; operationName?: string } {
  const body = inputBody(plan, stdin);
  if (body === undefined) {
    const source = plan.document as string;
    const query =
      source === "-"
        ? (stdin ?? Buffer.alloc(0)).toString("utf8")
        : source.startsWith("@")
          ? readUserFile(source.slice(1), source).toString("utf8")
          : source;
    return { query, variables: fields };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new UsageError(
      '--input for GraphQL takes a JSON body: {"query": "...", "variables": {...}}.',
    );
  }
  const { query, variables, operationName } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof query !== "string")
    throw new UsageError('--input: the JSON body has no "query" string.');
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== "object" || Array.isArray(variables))
  ) {
    throw new UsageError('--input: "variables" must be an object.');
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") {
    throw new UsageError('--input: "operationName" must be a string.');
  }
  return {
    query,
    variables: { ...((variables as Record<string, unknown> | null) ?? {}), ...fields },
    ...(operationName ? { operationName } : {}),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const command: Command = {
  async run(values, positionals, ctx) {
    const plan = planFrom(values, positionals);
    const stdin = readsStdin(plan) ? await readStdin(ctx) : undefined;
    const fields = fieldsOf(plan, stdin);
    const tokens = tokenSource(ctx, plan.instance);
    const call = { headers: plan.headers, signal: ctx.signal };
    const out = ctx.io.stdout;
    const masked = new Set<string>();
    const head = (response: ApiResponse, token: UsableToken) => {
      if (!plan.include) return;
      // Headers may echo the bearer (a proxy, a debug endpoint): hide it in GitHub Actions.
      if (!masked.has(token.accessToken)) maskSecrets(ctx.env, ctx.io.stderr, token.accessToken);
      masked.add(token.accessToken);
      out.write(formatHead(response));
    };

    if (plan.rest !== undefined) {
      const rest = plan.rest;
      const body = inputBody(plan, stdin);
      const hasFields = Object.keys(fields).length > 0;
      const method = plan.method ?? (hasFields || body ? "POST" : "GET");
      const inQuery = hasFields && (body !== undefined || method === "GET" || method === "HEAD");
      const { result: response, token } = await withToken(tokens, (t) => {
        const url = restUrl(t.instanceUrl, rest);
        if (inQuery) {
          for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, String(v));
        }
        const jsonBody = hasFields && !inQuery ? Buffer.from(JSON.stringify(fields)) : undefined;
        return sendRest(
          t,
          { url, method, body: body ?? jsonBody, contentType: "application/json" },
          call,
        );
      });
      head(response, token);
      if (!plan.silent && response.body.length > 0) {
        out.write(response.body);
        const textual = /json|text|xml|graphql/i.test(response.contentType);
        if (textual && response.body.at(-1) !== 0x0a) out.write("\n");
      }
      return response.status >= 400 ? 1 : 0;
    }

    const request = graphqlRequest(plan, stdin, fields);
    const analysed = analyse(request.query);
    if (plan.subscribe && analysed.operation !== "subscription") {
      throw new UsageError(
        `--subscribe needs a subscription, and this document is a ${analysed.operation}.`,
      );
    }
    if (!plan.subscribe && analysed.operation === "subscription") {
      throw new UsageError("this document is a subscription: add --subscribe to listen to it.");
    }
    if (plan.subscribe) {
      return subscribe({
        ctx,
        tokens,
        request,
        headers: mergeHeaders({}, plan.headers),
        limit: plan.limit,
        silent: plan.silent,
      });
    }
    if (plan.paginate) {
      const paged = pagedConnection(analysed);
      const { output, failed } = await paginate({
        tokens,
        request,
        paged,
        slurp: plan.slurp,
        call,
        onResponse: head,
      });
      if (!plan.silent) out.write(json(output));
      return failed ? 1 : 0;
    }
    const { result, token } = await withToken(tokens, (t) => postGraphql(t, request, call));
    head(result.response, token);
    // The whole answer, errors included, as gh api does: the caller may want both.
    if (!plan.silent) out.write(json(result.answer));
    const errors = Array.isArray(result.answer.errors) && result.answer.errors.length > 0;
    return errors || result.response.status >= 400 ? 1 : 0;
  },
};
