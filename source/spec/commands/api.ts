// caido-auth api: its line in the command table.
import type { CommandSpec } from "../types.js";

export const api: CommandSpec = {
  name: "api",
  summary: "make an authenticated GraphQL or REST call",
  group: "Tokens for scripts",
  usage: [
    "api [INSTANCE] (QUERY | @FILE | -) [-F name=value]... [-f name=value]... [flags]",
    "api [INSTANCE] --input FILE|- [-F name=value]... [flags]",
    "api [INSTANCE] --rest PATH [-X METHOD] [-F name=value]... [--input FILE|-] [flags]",
  ],
  // Two positionals are the instance and the document; one alone is the document (with
  // --rest, the instance): the command sorts them out.
  positionals: [{ name: "INSTANCE", complete: "instance" }, { name: "QUERY" }],
  // -i is --include here, as in gh api: the instance is named by the long flag only.
  instance: false,
  flags: [
    {
      long: "field",
      short: "F",
      value: "name=value",
      multiple: true,
      help:
        "a typed GraphQL variable (REST: a JSON body field): true, false, null and numbers " +
        "are typed, @FILE reads a file, @- stdin",
    },
    {
      long: "raw-field",
      short: "f",
      value: "name=value",
      multiple: true,
      help: "a variable (REST: a body field) that is always a string",
    },
    {
      long: "header",
      short: "H",
      value: "'Name: value'",
      multiple: true,
      help: "an extra request header (repeatable; replaces ours)",
    },
    {
      long: "input",
      value: "FILE|-",
      complete: "file",
      help:
        'the request body from a file or stdin; for GraphQL a JSON {"query", "variables"}, ' +
        "fields added to its variables",
    },
    {
      long: "rest",
      value: "PATH",
      help:
        "call PATH on the instance instead of GraphQL; only paths on the instance's own " +
        "origin are accepted (the token stays there)",
    },
    {
      long: "method",
      short: "X",
      value: "METHOD",
      help: "the method for --rest; fields go in the query string for GET or with --input",
      default: "GET, POST with fields or input",
    },
    {
      long: "include",
      short: "i",
      help:
        "print the HTTP status line and headers before the body (as gh api; here the " +
        "instance is --instance, not -i)",
    },
    {
      long: "instance",
      value: "INSTANCE",
      complete: "instance",
      help: "instance URL or alias (or the first of two positionals)",
    },
    { long: "silent", help: "print no body (the exit code still tells)" },
    {
      long: "paginate",
      help:
        "fetch every page of the connection the query passes $cursor to and selects " +
        "pageInfo { hasNextPage endCursor } of; print one answer: all pages' edges and " +
        "nodes, the last page's rest",
    },
    { long: "slurp", help: "with --paginate: print the page answers as a JSON array" },
    {
      long: "subscribe",
      help:
        "run a subscription: one JSON line per event until the server completes it (exit 0), " +
        "--limit events (0), or Ctrl+C (130)",
    },
    {
      long: "limit",
      value: "N",
      integer: { min: 1 },
      help: "with --subscribe: stop after N events",
    },
  ],
  notes: [
    "The answer is printed whole, errors included; the exit is 1 when it carries GraphQL " +
      "errors or HTTP >= 400. --paginate stops at a page with errors and prints the pages " +
      "before it with that page's errors (exit 1); any other failure prints nothing. A cursor " +
      "the server repeats, or 10000 pages, stop it with an error.",
    "--subscribe renews the token before it expires on a second connection, overlapping " +
      "the first (events de-duplicated by their first id), and says so on stderr; a dropped " +
      "connection is reopened, saying on stderr that events in between may be missing.",
  ],
  environment: [
    "  CAIDO_INSTANCE, CAIDO_ACCESS_TOKEN  as for `token` (the token is never printed)",
    "  GITHUB_ACTIONS=true                 -i first masks the token (::add-mask:: on stderr)",
  ],
  examples: [
    "  caido-auth api 'query { viewer { ... on CloudUser { id } } }'",
    "  caido-auth api --paginate -F first=100 \\",
    "    'query($cursor: String, $first: Int) { requests(first: $first, after: $cursor) {",
    "       nodes { id host path } pageInfo { hasNextPage endCursor } } }'",
    "  caido-auth api --subscribe --limit 10 \\",
    "    'subscription { createdRequest { requestEdge { node { id host path } } } }'",
    "  caido-auth api -i --rest /health",
  ],
};
