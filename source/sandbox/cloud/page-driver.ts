// Drives the verification pages the way a person's browser would, with fetch and a
// cookie jar: open verification_uri_complete, confirm the code, pick an account, decide.
// For end-to-end tests that want the human path without a real browser.

export interface PageDecision {
  decision: "approve" | "deny";
  /** Sandbox account email; default the first in the list. */
  email?: string;
  /** Deny on oidc-provider's confirmation page instead of the account page. */
  denyAtConfirm?: boolean;
}

export class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /expires=.*1970/i.test(a));
      if (!value || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** fetch that keeps cookies and follows redirects itself (so it sees every Set-Cookie). */
  async fetch(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    let current = url;
    let method = init.method ?? "GET";
    let body: URLSearchParams | undefined = init.form && new URLSearchParams(init.form);
    for (let hop = 0; hop < 10; hop++) {
      const headers: Record<string, string> = { cookie: this.header(), accept: "text/html" };
      if (body) headers["content-type"] = "application/x-www-form-urlencoded";
      const response = await fetch(current, { method, headers, body, redirect: "manual" });
      this.take(response);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) {
        return { url: current, status: response.status, html: await response.text() };
      }
      current = new URL(location, current).href;
      method = "GET";
      body = undefined;
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** The first form's action (absolute) and hidden fields. */
export function readPageForm(html: string, pageUrl: string) {
  const action = /<form[^>]*\baction="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form on the page:\n${html}`);
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[match[1]!] = decodeEntities(match[2]!);
  }
  return { action: new URL(decodeEntities(action), pageUrl).href, fields };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Walk the pages to a decision; returns the last page's status and HTML. */
export async function decideWithPages(
  verificationUriComplete: string,
  choice: PageDecision,
  jar = new CookieJar(),
) {
  // 1. oidc-provider answers with a self-submitting form carrying the code and an xsrf token.
  const start = await jar.fetch(verificationUriComplete);
  const submit = readPageForm(start.html, start.url);
  // 2. The confirmation page: Continue, or Deny (abort=yes).
  const confirm = await jar.fetch(submit.action, { method: "POST", form: submit.fields });
  const confirmForm = readPageForm(confirm.html, confirm.url);
  if (choice.decision === "deny" && choice.denyAtConfirm) {
    return jar.fetch(confirmForm.action, {
      method: "POST",
      form: { ...confirmForm.fields, abort: "yes" },
    });
  }
  // 3. Continue redirects to the sandbox's account page; 4. pick an account and decide.
  const consent = await jar.fetch(confirmForm.action, { method: "POST", form: confirmForm.fields });
  const consentForm = readPageForm(consent.html, consent.url);
  const email = choice.email ?? /<option value="([^"]+)"/.exec(consent.html)?.[1] ?? "";
  return jar.fetch(consentForm.action, {
    method: "POST",
    form: { account: decodeEntities(email), decision: choice.decision },
  });
}
