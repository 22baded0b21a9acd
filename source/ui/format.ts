// Small text formats shared by the screen and the plain lines. Server strings pass through
// safeText here, so whoever shows a code or an account shows a safe one.
import { safeText } from "../base/safe-text.js";

/** Longest user code shown; Caido's have 9 characters. */
export const CODE_MAX = 32;

/** 14:59 — minutes may exceed 59 for long-lived codes; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

/** "ABCD-EFGH" → "A B C D - E F G H": easier to read aloud and to copy by eye. */
export function spacedCode(code: string): string {
  return Array.from(code).join(" ");
}

/**
 * The user code as the screen shows it: spaced out when it is plain text of a sane length,
 * otherwise as safeText shows it (escapes visible, cut), unspaced so the escapes stay legible.
 */
export function shownCode(code: string): string {
  const safe = safeText(code, CODE_MAX);
  return safe === code ? spacedCode(code) : safe;
}

/** Local wall-clock time, e.g. "14:05:09", for log lines that outlive a countdown. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, "0"))
    .join(":");
}

/** "Ada Lovelace <ada@example.com>", or whichever part exists, or the account id; made safe. */
export function accountLabel(account: { id: string; email?: string; name?: string }): string {
  const name = account.name ? safeText(account.name, 100) : undefined;
  const email = account.email ? safeText(account.email, 254) : undefined;
  if (name && email) return `${name} <${email}>`;
  return name ?? email ?? safeText(account.id, 100);
}
