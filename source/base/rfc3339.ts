// RFC 3339 date-time (section 5.6), its lower-case and space-separated forms included, that
// Date.parse also reads (Date.parse alone accepts "Tue, 1 Dec", "2030", and more). One rule for
// stored sessions, instance answers and CAIDO_ACCESS_TOKEN_EXPIRES_AT.
//
// Read character by character, not by /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?
// ([Zz]|[+-]\d{2}:\d{2})$/: V8 compiles a pattern on its first use in each process, and every
// `caido-auth token` checks its stored expiry once.

// The fixed start: d a digit, T one of "Tt ".
const START = "dddd-dd-ddTdd:dd:dd";

const isDigit = (text: string, at: number) => {
  const c = text.charCodeAt(at);
  return c >= 0x30 && c <= 0x39;
};

/** Whether value is such a time; a fraction of seconds has at most maxFractionDigits digits. */
export function isRfc3339(value: unknown, maxFractionDigits = 9): value is string {
  if (typeof value !== "string" || value.length < START.length + 1) return false;
  for (let i = 0; i < START.length; i++) {
    const want = START[i];
    const ok =
      want === "d"
        ? isDigit(value, i)
        : want === "T"
          ? "Tt ".includes(value[i] as string)
          : value[i] === want;
    if (!ok) return false;
  }
  let at = START.length;
  if (value[at] === ".") {
    const first = ++at;
    while (isDigit(value, at)) at++;
    if (at === first || at - first > maxFractionDigits) return false;
  }
  const zone = value.slice(at);
  const offset =
    zone.length === 6 &&
    (zone[0] === "+" || zone[0] === "-") &&
    isDigit(zone, 1) &&
    isDigit(zone, 2) &&
    zone[3] === ":" &&
    isDigit(zone, 4) &&
    isDigit(zone, 5);
  if (!(zone === "Z" || zone === "z" || offset)) return false;
  return !Number.isNaN(Date.parse(value));
}
