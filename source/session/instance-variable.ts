// The instance the environment names: CAIDO_INSTANCE, or where that is unset CAIDO_INSTANCE_URL,
// the name Caido's SDK examples use. An empty value is unset (`CAIDO_INSTANCE= cmd` is how a
// shell clears one for a command).

export const INSTANCE_VARIABLES = "CAIDO_INSTANCE (or CAIDO_INSTANCE_URL)";

export function instanceVariable(env: NodeJS.ProcessEnv): string | undefined {
  return env.CAIDO_INSTANCE || env.CAIDO_INSTANCE_URL || undefined;
}
