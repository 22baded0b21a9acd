// How an instance says a bearer token is refused: a GraphQL error whose extensions.CAIDO.reason
// is INVALID_TOKEN (protocol.md). One check for every place that reads answers: the login's
// and refresh's calls, `api` (HTTP and subscriptions) and the library's caidoFetch. No imports:
// the library loads it without the rest of the instance client.

/** The CAIDO extension of a GraphQL error, when it has one. */
export function caidoOf(error: unknown): { code?: unknown; reason?: unknown } | undefined {
  const extensions = (error as { extensions?: unknown } | null)?.extensions;
  const caido =
    typeof extensions === "object" && extensions !== null
      ? (extensions as { CAIDO?: unknown }).CAIDO
      : undefined;
  return typeof caido === "object" && caido !== null ? caido : undefined;
}

/** True when a GraphQL answer's `errors` (of any shape) say the token was refused. */
export function refusesToken(errors: unknown): boolean {
  return Array.isArray(errors) && errors.some((e) => caidoOf(e)?.reason === "INVALID_TOKEN");
}
