// GET /health: proves we talk to a Caido instance, and gives the version shown at login.
import { notCaido } from "./errors.js";
import { parseJson, request } from "./http.js";

const MAX_VERSION_LENGTH = 64;

export interface Health {
  name: string;
  version: string;
  ready: boolean;
}

export async function getHealth(instanceUrl: string, signal?: AbortSignal): Promise<Health> {
  const options = { target: instanceUrl, signal, step: "GET /health", timeoutMs: 10_000 };
  const response = await request(
    `${instanceUrl}/health`,
    { headers: { accept: "application/json" } },
    options,
  );
  const body = parseJson(response, options) as Partial<Health> | null;
  if (response.status !== 200 || body?.name !== "caido" || typeof body.version !== "string") {
    throw notCaido(instanceUrl, `/health answered HTTP ${response.status} without Caido's name`);
  }
  // Shown at the top of every login: a version is a short word, not a page of text.
  if (body.version.length > MAX_VERSION_LENGTH)
    throw notCaido(instanceUrl, `/health gave a ${body.version.length}-character version`);
  return { name: body.name, version: body.version, ready: body.ready === true };
}
