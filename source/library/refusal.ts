// Whether the instance refused the bearer token: HTTP 401 anywhere, or a GraphQL answer with
// extensions.CAIDO.reason INVALID_TOKEN (protocol.md: its HTTP status is undocumented).
import { refusesToken } from "../instance/invalid-token.js";
import { graphqlUrlOf } from "./target.js";

/** A refusal is a few hundred bytes; a longer answer is not one, and is not read further. */
const MAX_INSPECTED_BYTES = 64 * 1024;

export async function isRefusal(
  response: Response,
  requestUrl: string,
  instanceUrl: string,
): Promise<boolean> {
  if (response.status === 401) return true;
  if (!response.body || !/json/i.test(response.headers.get("content-type") ?? "")) return false;
  if (new URL(requestUrl).href.split(/[?#]/)[0] !== graphqlUrlOf(instanceUrl)) return false;
  const text = await readPrefix(response.clone(), MAX_INSPECTED_BYTES);
  if (text === undefined) return false;
  try {
    return refusesToken((JSON.parse(text) as { errors?: unknown } | null)?.errors);
  } catch {
    return false;
  }
}

/** The body as text when it is at most `limit` bytes; undefined (and the copy cancelled) when longer. */
async function readPrefix(copy: Response, limit: number): Promise<string | undefined> {
  const reader = (copy.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return undefined; // the caller's copy reports the failure when it reads
  }
  return Buffer.concat(chunks).toString("utf8");
}
