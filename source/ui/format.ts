// Small text formats shared by the screen and the plain lines.

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

/** Local wall-clock time, e.g. "14:05:09", for log lines that outlive a countdown. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, "0"))
    .join(":");
}

/** "Ada Lovelace <ada@example.com>", or whichever part exists, or the account id. */
export function accountLabel(account: { id: string; email?: string; name?: string }): string {
  if (account.name && account.email) return `${account.name} <${account.email}>`;
  return account.name ?? account.email ?? account.id;
}
