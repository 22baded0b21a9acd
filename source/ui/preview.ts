// The code on the terminal before Ink has loaded, where the first frame (first-frame.ts)
// cannot be drawn without Ink's layout (a line that wraps, non-ASCII from the instance): the
// code is what a person waits for, so it is printed the moment the instance answers, as plain
// text, and the full screen is drawn over it once Ink is ready (render-login.ts). Every server
// string is made safe and bounded, as on the screen.

import { safeText } from "../base/safe-text.js";
import type { LoginRequest } from "../session/device-flow.js";
import { shownCode } from "./format.js";
import { displayWidth } from "./layout.js";
import { isTrustedVerificationHost, shownLink, untrustedHostWarning } from "./trusted-host.js";

export interface PreviewInput {
  instanceUrl: string;
  instanceVersion?: string;
  request: LoginRequest;
  cloudUrl?: string;
}

export function previewLines(input: PreviewInput): string[] {
  const { request } = input;
  const version = input.instanceVersion ? ` (Caido ${safeText(input.instanceVersion, 64)})` : "";
  const url = request.verificationUrl;
  const warning = isTrustedVerificationHost(url, input.cloudUrl) ? [] : [untrustedHostWarning(url)];
  return [
    `Logging in to ${safeText(input.instanceUrl)}${version}`,
    ...warning,
    "",
    "Open this page and enter the code:",
    shownLink(url).text,
    "",
    `    ${shownCode(request.userCode)}`,
    "",
  ];
}

/** Terminal rows the lines take once long ones wrap at the given width. */
export function rowsTaken(lines: string[], columns: number): number {
  const width = Math.max(1, columns);
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(displayWidth(line) / width)), 0);
}
