// Caido's cloud PAT approval (protocol.md): a personal access token approves the device
// request itself, so a login needs no browser. The PAT only ever travels in the header.
import { CaidoAuthError } from "../errors.js";
import { parseJson, request } from "./http.js";

export const DEFAULT_CLOUD_URL = "https://api.caido.io";

interface OAuthError {
  error?: string;
  error_description?: string;
}

function cloudFailure(
  cloudUrl: string,
  step: string,
  status: number,
  body: unknown,
): CaidoAuthError {
  const oauth = (typeof body === "object" && body !== null ? body : {}) as OAuthError;
  const detail = oauth.error_description ?? oauth.error ?? `HTTP ${status}`;
  if (status === 401) {
    return new CaidoAuthError(
      `the Caido cloud at ${cloudUrl} refused the personal access token (${detail}).`,
      4,
      "Check CAIDO_PAT, or create a new token in the Caido dashboard.",
    );
  }
  return new CaidoAuthError(`the Caido cloud at ${cloudUrl} could not ${step} (${detail}).`, 1);
}

async function call(
  cloudUrl: string,
  path: string,
  method: string,
  pat: string,
  step: string,
  signal?: AbortSignal,
) {
  const options = { target: cloudUrl, signal, step };
  const response = await request(
    `${cloudUrl.replace(/\/+$/, "")}${path}`,
    { method, headers: { authorization: `Bearer ${pat}`, accept: "application/json" } },
    options,
  );
  let body: unknown;
  try {
    body = parseJson(response, options);
  } catch (error) {
    if (response.status < 400) throw error;
  }
  if (response.status >= 400) throw cloudFailure(cloudUrl, step, response.status, body);
  return body;
}

/** Approves the device request behind userCode, with the requested scopes or those allowed. */
export async function approveWithPat(options: {
  cloudUrl: string;
  pat: string;
  userCode: string;
  allowedScopes?: string[];
  signal?: AbortSignal;
}): Promise<string[]> {
  const code = encodeURIComponent(options.userCode);
  const info = (await call(
    options.cloudUrl,
    `/oauth2/device/information?user_code=${code}`,
    "GET",
    options.pat,
    "read the login request",
    options.signal,
  )) as { scopes?: { name: string }[] };
  let scopes = (info?.scopes ?? []).map((s) => s.name);
  if (options.allowedScopes) scopes = scopes.filter((s) => options.allowedScopes?.includes(s));
  const scopeParam = encodeURIComponent(scopes.join(","));
  await call(
    options.cloudUrl,
    `/oauth2/device/approve?user_code=${code}&scope=${scopeParam}`,
    "POST",
    options.pat,
    "approve the login request",
    options.signal,
  );
  return scopes;
}
