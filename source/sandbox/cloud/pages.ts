// The HTML a person sees in the browser: plain forms, no scripts, so the pages can be
// driven by fetch with a cookie jar as well as by a real browser.
import type { CloudAccount } from "./types.js";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Caido sandbox cloud</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
code{font-size:1.6em;letter-spacing:.1em}button,select,input{font-size:1rem;padding:.4rem .8rem;margin:.3rem 0}
.muted{color:#666;font-size:.9em}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

/** oidc-provider's user code entry page; `form` is its own form (id op.deviceInputForm). */
export function codeInputPage(form: string, problem?: string): string {
  const message = problem ? `<p role="alert">${escapeHtml(problem)}</p>` : "";
  return page(
    "Enter your code",
    `${message}<p>Enter the code shown on your device.</p>
${form}
<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

/** oidc-provider's confirmation page; `form` is its own (id op.deviceConfirmForm). */
export function codeConfirmPage(form: string, clientName: string, userCode: string): string {
  return page(
    "Confirm the code",
    `<p><strong>${escapeHtml(clientName)}</strong> asks to sign in.</p>
<p>Check that your device shows this code:</p>
<p><code id="user-code">${escapeHtml(userCode)}</code></p>
${form}
<button type="submit" form="op.deviceConfirmForm" id="confirm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes" id="deny">Deny</button>`,
  );
}

export interface ConsentView {
  action: string;
  clientName: string;
  userCode: string;
  scopes: string[];
  accounts: CloudAccount[];
}

/** The sandbox's own interaction page: pick an account, then approve or deny. */
export function consentPage(view: ConsentView): string {
  const options = view.accounts
    .map(
      (account) =>
        `<option value="${escapeHtml(account.email)}">${escapeHtml(account.name)} &lt;${escapeHtml(account.email)}&gt;</option>`,
    )
    .join("\n");
  const scopes = view.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("");
  return page(
    "Approve sign-in",
    `<p><strong>${escapeHtml(view.clientName)}</strong> asks for access with code
<code id="user-code">${escapeHtml(view.userCode)}</code></p>
<p>Requested scopes:</p><ul>${scopes}</ul>
<form method="post" action="${escapeHtml(view.action)}">
<label for="account">Sign in as</label>
<select name="account" id="account">
${options}
</select>
<div>
<button type="submit" name="decision" value="approve" id="approve">Approve</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</div>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<p id="message">${escapeHtml(message)}</p>`);
}
