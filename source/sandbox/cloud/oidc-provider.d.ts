// oidc-provider ships no types and @types/oidc-provider is not installed: this declares
// only the part of its API the sandbox cloud uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export type AdapterPayload = Record<string, unknown> & {
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: number;
    jti?: string;
  };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** The Koa context oidc-provider hands to middleware and configuration hooks. */
  export interface KoaContext {
    method: string;
    path: string;
    query: Record<string, string | string[] | undefined>;
    status: number;
    body: unknown;
    type: string;
    req: IncomingMessage;
    res: ServerResponse;
    get(header: string): string;
    set(header: string, value: string): void;
    oidc?: { route?: string; client?: Client };
  }

  export type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  export interface Client {
    clientId: string;
    clientName?: string;
    clientAuthMethod: string;
    grantTypeAllowed(grantType: string): boolean;
  }

  export interface DeviceCode {
    jti: string;
    clientId: string;
    userCode: string;
    params: Record<string, string | undefined>;
    accountId?: string;
    grantId?: string;
    scope?: string;
    authTime?: number;
    error?: string;
    errorDescription?: string;
    inFlight?: boolean;
    readonly isExpired: boolean;
    save(): Promise<string>;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export interface Interaction {
    uid: string;
    params: Record<string, string | undefined>;
    prompt: { name: string; reasons: string[] };
    deviceCode?: string;
    destroy(): Promise<void>;
  }

  /** An access token or client credentials token, as `find` returns it (unexpired only). */
  export interface IssuedToken {
    clientId: string;
    accountId?: string;
    grantId?: string;
    /** Epoch seconds. */
    exp?: number;
  }

  export interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export type Configuration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    use(middleware: Middleware): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    readonly DeviceCode: {
      findByUserCode(
        userCode: string,
        options?: { ignoreExpiration?: boolean },
      ): Promise<DeviceCode | undefined>;
      find(id: string, options?: { ignoreExpiration?: boolean }): Promise<DeviceCode | undefined>;
    };
    readonly Grant: new (properties: {
      accountId: string;
      clientId: string;
    }) => Grant;
    readonly Client: { find(id: string): Promise<Client | undefined> };
    readonly AccessToken: { find(value: string): Promise<IssuedToken | undefined> };
    readonly ClientCredentials: { find(value: string): Promise<IssuedToken | undefined> };
  }

  export default Provider;
}
