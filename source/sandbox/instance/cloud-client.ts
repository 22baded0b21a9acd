// The instance's side of OAuth 2.0 with the cloud, endpoints found by discovery. Two kinds of
// failure matter to callers: the cloud cannot be reached or answers nonsense (CloudUnavailable,
// which becomes CloudUserError UNAVAILABLE), and the cloud says no (OAuthError, RFC 6749 §5.2).
// Callers that compare clocks get the Date header of the answer (onDate).
import { parseHttpDate } from "./clock.js";

export class CloudUnavailable extends Error {
  override name = "CloudUnavailable";
}

export class OAuthError extends Error {
  override name = "OAuthError";
  constructor(
    readonly error: string,
    readonly description: string | undefined,
    readonly status: number,
  ) {
    super(description ? `${error}: ${description}` : error);
  }
}

export interface Metadata {
  issuer: string;
  token_endpoint: string;
  device_authorization_endpoint: string;
  registration_endpoint: string;
  revocation_endpoint: string;
  introspection_endpoint: string;
  userinfo_endpoint: string;
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export type Json = Record<string, unknown>;

export interface RequestOptions {
  /** An empty body is an empty object (revocation answers nothing). */
  allowEmpty?: boolean;
  /** Told the answer's Date header (ms since the epoch), or undefined without a valid one. */
  onDate?: (date: number | undefined) => void;
}

const TIMEOUT_MS = 10_000;

export class CloudClient {
  #metadata: Promise<Metadata> | undefined;

  constructor(
    readonly cloudUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** Sends a request; parses a JSON answer; throws OAuthError for an OAuth error answer. */
  async request(url: string, init: RequestInit & RequestOptions = {}): Promise<Json> {
    let response: Response;
    let text: string;
    const { allowEmpty, onDate, ...fetchInit } = init;
    try {
      response = await this.fetchFn(url, { ...fetchInit, signal: AbortSignal.timeout(TIMEOUT_MS) });
      text = await response.text();
    } catch (error) {
      throw new CloudUnavailable(`cannot reach ${url}: ${(error as Error).message}`);
    }
    onDate?.(parseHttpDate(response.headers.get("date")));
    let body: unknown;
    try {
      body = text === "" && allowEmpty ? {} : JSON.parse(text);
    } catch {
      throw new CloudUnavailable(`${url} answered ${response.status} without JSON`);
    }
    const json = (typeof body === "object" && body !== null ? body : {}) as Json;
    if (response.ok) return json;
    if (typeof json.error === "string" && response.status < 500) {
      const description =
        typeof json.error_description === "string" ? json.error_description : undefined;
      throw new OAuthError(json.error, description, response.status);
    }
    throw new CloudUnavailable(`${url} answered ${response.status}`);
  }

  /** The cloud's URL for a path of its own (the /instance routes). */
  url(path: string): string {
    return `${this.cloudUrl.replace(/\/$/, "")}${path}`;
  }

  metadata(): Promise<Metadata> {
    const url = this.url("/.well-known/openid-configuration");
    this.#metadata ??= this.request(url).then((json) => json as unknown as Metadata);
    // A failed discovery is tried again next time: the cloud may come up later.
    this.#metadata.catch(() => {
      this.#metadata = undefined;
    });
    return this.#metadata;
  }

  /** POST of an application/x-www-form-urlencoded body, authenticated as the client if given. */
  async post(
    endpoint: keyof Metadata,
    form: Record<string, string>,
    client?: Credentials,
    options: RequestOptions & { bearer?: string } = {},
  ): Promise<Json> {
    const url = (await this.metadata())[endpoint];
    if (typeof url !== "string") throw new CloudUnavailable(`the cloud has no ${endpoint}`);
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    if (client) headers.authorization = basic(client);
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    return this.request(url, {
      method: "POST",
      headers,
      body: new URLSearchParams(form).toString(),
      allowEmpty: options.allowEmpty,
      onDate: options.onDate,
    });
  }

  /** The cloud's clock (its Date header), read from an answer that spends nothing. */
  async date(): Promise<number | undefined> {
    let date: number | undefined;
    await this.request(this.url("/.well-known/openid-configuration"), {
      headers: { accept: "application/json" },
      onDate: (value) => {
        date = value;
      },
    });
    return date;
  }

  /** RFC 7591 registration, open (no initial access token). */
  async register(metadata: Json): Promise<Json> {
    const url = (await this.metadata()).registration_endpoint;
    if (!url) throw new CloudUnavailable("the cloud offers no dynamic registration");
    return this.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(metadata),
    });
  }

  async userinfo(accessToken: string): Promise<Json> {
    const url = (await this.metadata()).userinfo_endpoint;
    return this.request(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    });
  }
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
function basic({ clientId, clientSecret }: Credentials): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}
