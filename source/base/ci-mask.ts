// GitHub Actions masking: before a secret reaches any output, tell the runner to hide it.
// The runner reads workflow commands from both stdout and stderr; writing them to stderr
// keeps stdout exactly the data a script captures (`$(caido-auth token)`).

/** True when running as a GitHub Actions step. */
export function inGithubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/** Writes `::add-mask::` for each secret to stderr, in GitHub Actions only. */
export function maskSecrets(
  env: NodeJS.ProcessEnv,
  stderr: { write(text: string): unknown },
  ...secrets: (string | null | undefined)[]
): void {
  if (!inGithubActions(env)) return;
  for (const secret of secrets) {
    // A value with a line break would end the command early and leak the rest.
    if (secret && !/[\r\n]/.test(secret)) stderr.write(`::add-mask::${secret}\n`);
  }
}
