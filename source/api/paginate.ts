// api --paginate: follow a query's connection page by page ($cursor ← pageInfo.endCursor),
// with a token checked before each page, until hasNextPage is false. Pages are merged into
// one answer, or kept as an array (--slurp). A page with GraphQL errors (or HTTP >= 400)
// stops the walk: what came before is printed with that page's errors, and the exit is 1.

import { CaidoAuthError, CancelledError } from "../base/errors.js";
import type { UsableToken } from "../session/usable-token.js";
import { type CallOptions, type GraphqlRequest, postGraphql } from "./call.js";
import { CURSOR_VARIABLE, type PagedConnection } from "./document.js";
import type { ApiResponse } from "./http.js";
import { type Answer, BadPage, CursorGuard, checkLists, mergePages, pageInfoOf } from "./merge.js";
import { type TokenSource, withToken } from "./token.js";

/** A bound on pages, so that a server paging forever with fresh cursors still ends. */
export const MAX_PAGES = 10_000;
/** A bound on the bytes held for the merged answer. */
export const MAX_TOTAL_BYTES = 512 * 1024 * 1024;

export interface PaginateOptions {
  tokens: TokenSource;
  request: GraphqlRequest;
  paged: PagedConnection;
  slurp: boolean;
  call: CallOptions;
  /** Each page's HTTP response, as it arrives (for -i). */
  onResponse?: (response: ApiResponse, token: UsableToken) => void;
  maxPages?: number;
}

export interface Paginated {
  output: unknown;
  failed: boolean;
}

export async function paginate(options: PaginateOptions): Promise<Paginated> {
  const { paged, slurp } = options;
  const maxPages = options.maxPages ?? MAX_PAGES;
  const pages: Answer[] = [];
  const guard = new CursorGuard();
  let variables = { ...options.request.variables };
  const first = variables[CURSOR_VARIABLE];
  if (typeof first === "string") guard.follow(first);
  let bytes = 0;
  let instanceUrl = "";

  for (let n = 1; ; n++) {
    let exchange: Awaited<ReturnType<typeof postGraphql>>;
    try {
      const request = { ...options.request, variables };
      const { result, token } = await withToken(options.tokens, (t) =>
        postGraphql(t, request, options.call),
      );
      instanceUrl = token.instanceUrl;
      exchange = result;
      options.onResponse?.(result.response, token);
    } catch (error) {
      throw n === 1 ? error : atPage(n, error);
    }
    const { response, answer } = exchange;
    const errors = Array.isArray(answer.errors) && answer.errors.length > 0;
    if (errors || response.status >= 400) {
      if (slurp) return { output: [...pages, answer], failed: true };
      if (pages.length === 0) return { output: answer, failed: true };
      return { output: { ...mergePages(pages, paged), errors: answer.errors }, failed: true };
    }
    bytes += response.body.length;
    if (bytes > MAX_TOTAL_BYTES) {
      throw stopped(n, `the pages from ${instanceUrl} add up to more than 512 MiB`);
    }
    try {
      const info = pageInfoOf(answer, paged);
      checkLists(answer, paged);
      pages.push(answer);
      if (!info.hasNextPage) break;
      if (n >= maxPages) throw new BadPage(`still a next page after ${maxPages} pages`);
      guard.follow(info.endCursor as string);
      variables = { ...variables, [CURSOR_VARIABLE]: info.endCursor };
    } catch (error) {
      if (!(error instanceof BadPage)) throw error;
      throw stopped(n, `${instanceUrl}: ${error.message}`);
    }
  }
  try {
    return { output: slurp ? pages : mergePages(pages, paged), failed: false };
  } catch (error) {
    if (!(error instanceof BadPage)) throw error;
    throw new CaidoAuthError(
      `--paginate cannot merge the pages, nothing printed: ${error.message}.`,
    );
  }
}

function stopped(n: number, detail: string): CaidoAuthError {
  return new CaidoAuthError(`--paginate stopped at page ${n}, nothing printed: ${detail}.`);
}

/** The failure of page n: nothing is printed, and the message says how far it got. */
function atPage(n: number, error: unknown): unknown {
  if (!(error instanceof CaidoAuthError) || error instanceof CancelledError) return error;
  const message = `--paginate stopped at page ${n}, nothing printed: ${error.message}`;
  return new CaidoAuthError(message, error.exitCode, error.hint);
}
