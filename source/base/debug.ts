// --debug diagnostics on stderr. Every line passes through redact(), so a token that slips
// into a message (a URL, an error text) never reaches the terminal or a CI log.

let sink: ((line: string) => void) | undefined;

export function enableDebug(write: (line: string) => void): void {
  sink = write;
}

const SECRET_PATTERNS: [RegExp, string][] = [
  [/(Bearer\s+)[^\s"',]+/gi, "$1[redacted]"],
  [
    /("?(?:accessToken|refreshToken|access_token|refresh_token|client_secret|pat)"?\s*[:=]\s*"?)[^\s"',&}]+/gi,
    "$1[redacted]",
  ],
  [/\bcaido_[A-Za-z0-9_-]+/g, "caido_[redacted]"],
];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce(
    (t, [pattern, replacement]) => t.replace(pattern, replacement),
    text,
  );
}

export function debug(message: string): void {
  sink?.(`debug: ${redact(message)}`);
}
