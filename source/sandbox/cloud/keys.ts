// Signing keys and cookie keys, kept in dataDir so tokens, ID tokens and browser
// sessions stay valid across a restart on the same directory.
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import { readJson, writeJson } from "./json-file.js";

export interface CloudKeys {
  /** Private JWKs for oidc-provider's `jwks.keys`. */
  jwks: Record<string, unknown>[];
  cookieKeys: string[];
}

export function loadKeys(dataDir: string): CloudKeys {
  const file = join(dataDir, "keys.json");
  const stored = readJson<CloudKeys>(file);
  if (stored) return stored;
  // RS256 is oidc-provider's default ID token algorithm, so an RSA key is required.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: "jwk" }),
    kid: randomUUID(),
    alg: "RS256",
    use: "sig",
  };
  const keys: CloudKeys = { jwks: [jwk], cookieKeys: [randomBytes(32).toString("base64url")] };
  writeJson(file, keys);
  return keys;
}
