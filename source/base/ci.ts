/** True in CI, by the convention Ink and most tools follow: CI or CONTINUOUS_INTEGRATION set, and not "0"/"false". */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  return ["CI", "CONTINUOUS_INTEGRATION"].some(
    (key) => env[key] !== undefined && env[key] !== "0" && env[key] !== "false",
  );
}
