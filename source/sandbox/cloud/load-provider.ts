// oidc-provider warns "Unsupported runtime" at import time on Node 20, where it still
// passes every flow used here: import it once with that one line filtered out.
import type { Provider } from "oidc-provider";

let loading: Promise<typeof Provider> | undefined;

export function loadProvider(): Promise<typeof Provider> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes("Unsupported runtime")) warn(...args);
    };
    try {
      return (await import("oidc-provider")).default;
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}
