// A Node script with the official SDK (npm install @caido/sdk-client) on caido-auth's login.
import { Client } from "@caido/sdk-client";
import { sdkClientOptions } from "caido-auth";

const client = new Client({ ...(await sdkClientOptions()) });
await client.connect();
const viewer = await client.user.viewer();
console.log(viewer.kind === "CloudUser" ? viewer.profile.identity.email : viewer.kind);
