// Sealing of instance secrets: AES-256-GCM, a fresh random 12-byte nonce per value, the row
// name as associated data (so a ciphertext copied to another row does not open). Key handling
// is explained in SECRETS.md and at the top of secrets-db.ts.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  nonce: Uint8Array;
  /** Ciphertext followed by the 16-byte authentication tag. */
  box: Uint8Array;
}

export function seal(key: Buffer, name: string, plaintext: string): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(name, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { nonce, box: Buffer.concat([body, cipher.getAuthTag()]) };
}

/** Throws when the key is wrong or the bytes were altered. */
export function open(key: Buffer, name: string, sealed: Sealed): string {
  const box = Buffer.from(sealed.box);
  if (sealed.nonce.length !== NONCE_BYTES || box.length < TAG_BYTES) {
    throw new Error(`secret "${name}" is malformed`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.nonce, {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(name, "utf8"));
  decipher.setAuthTag(box.subarray(box.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(box.subarray(0, box.length - TAG_BYTES)),
    decipher.final(),
  ]).toString("utf8");
}
