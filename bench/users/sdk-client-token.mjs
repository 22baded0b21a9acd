// What a user of the official SDK runs to get a cached token: @caido/sdk-client's Client with
// its file cache (FileTokenCache: {accessToken, refreshToken, expiresAt} as JSON), connected
// without the readiness check, so it loads the token and makes no request. Prints the token.
// Run: node bench/users/sdk-client-token.mjs URL TOKEN_FILE
import { Client } from "@caido/sdk-client";

// Node 20 has no global WebSocket, and the SDK's graphql-ws client needs one at construction.
globalThis.WebSocket ??= (await import("ws")).default;

const [url, file] = process.argv.slice(2);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const client = new Client({ url, auth: { cache: { file } }, logger: quiet });
await client.connect({ ready: false });
// The SDK keeps the token on its auth manager (TypeScript-private, there at runtime).
process.stdout.write(`${client.auth.getAccessToken()}\n`);
