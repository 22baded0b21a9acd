// The interactive login's start-up: ask for the code, print it plainly at once, then load Ink
// and let the full screen (box, QR, countdown, keys) take the preview's place.
import type { LoginDeps, LoginRequest, LoginSuccess } from "../session/login-driver.js";
import { erasePreview, previewLines, rowsTaken } from "./preview.js";
import type { RenderLoginOptions } from "./render-login.js";

/**
 * The first start() answers with the code requested before the screen existed; later ones
 * (a new code after expiry) ask anew.
 */
function withFirstRequest(deps: LoginDeps, first: Promise<LoginRequest>): LoginDeps {
  let pending: Promise<LoginRequest> | undefined = first;
  return {
    ...deps,
    start(signal) {
      const request = pending ?? deps.start(signal);
      pending = undefined;
      return request;
    },
  };
}

export async function runInteractiveLogin(
  deps: LoginDeps,
  options: RenderLoginOptions & { stderr: NodeJS.WriteStream; signal: AbortSignal },
): Promise<LoginSuccess> {
  const first = deps.start(options.signal);
  // A failure here is the driver's to show, on the full screen.
  const request = await first.catch(() => undefined);
  let rows = 0;
  if (request) {
    const lines = previewLines({
      instanceUrl: deps.instanceUrl,
      instanceVersion: deps.instanceVersion,
      request,
      cloudUrl: options.cloudUrl ?? options.env?.CAIDO_CLOUD_URL,
    });
    options.stderr.write(`${lines.join("\n")}\n`);
    rows = rowsTaken(lines, options.stderr.columns || 80);
  }
  const { renderLogin } = await import("./render-login.js");
  options.stderr.write(erasePreview(rows));
  return renderLogin(withFirstRequest(deps, first), options);
}
