// What a user of the official client runs to log in with a PAT: @caido/server-auth's
// AuthClient with a PATApprover (the device flow, approved with the PAT), then stores the
// token pair as a JSON file (0600), as `caido-auth login` stores its session.
// Run: CAIDO_PAT=… node bench/users/server-auth-login.mjs INSTANCE_URL CLOUD_URL TOKEN_FILE
import { writeFileSync } from "node:fs";
import { AuthClient, PATApprover } from "@caido/server-auth";

// Node 20 has no global WebSocket, and the client's graphql-ws needs one.
globalThis.WebSocket ??= (await import("ws")).default;
const [instanceUrl, apiUrl, file] = process.argv.slice(2);
const client = new AuthClient({
  instanceUrl,
  approver: new PATApprover({ pat: process.env.CAIDO_PAT, apiUrl }),
});
const token = await client.startAuthenticationFlow();
const { accessToken, refreshToken, expiresAt } = token;
writeFileSync(file, JSON.stringify({ accessToken, refreshToken, expiresAt }), { mode: 0o600 });
