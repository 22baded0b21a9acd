// What `token`, `env` and `exec` do with their token once they have it, for bin.cjs (a fresh
// stored token) and lean.ts (any other) alike: mask it under GitHub Actions, then print it, print
// the variables, or run the command with them.
import { maskSecrets } from "../ci-mask.js";
import type { HandedToken } from "../session/access-token.js";
import type { FastRequest } from "./argv.js";
import { runChild } from "./child.js";
import { childEnv, formatEnv, formatToken, tokenVariables } from "./format.js";
import { lazyStderr, writeStdout } from "./write.js";

/** The exit code; rejects with CaidoAuthError when exec's command cannot start. */
export async function deliver(
  request: FastRequest,
  token: HandedToken,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  maskSecrets(env, lazyStderr, token.accessToken);
  if (request.command === "token") writeStdout(formatToken(token, request.json));
  else if (request.command === "env") writeStdout(formatEnv(request.shell, tokenVariables(token)));
  else {
    const [program, ...args] = request.child as [string, ...string[]];
    return runChild(program, args, childEnv(env, token));
  }
  return 0;
}
