// The public shape of the sandbox cloud; the sandbox instance is built against it.

export interface CloudOptions {
  /** 0 (default) = a free port. Binds to 127.0.0.1 only. */
  port?: number;
  /** Accounts + PATs, keys, and every oidc-provider model persist here. */
  dataDir: string;
  /** Seconds, default 3600. */
  accessTokenTtl?: number;
  /** Seconds, default 90 days. */
  refreshTokenTtl?: number;
  /** Device code lifetime in seconds, default 600. */
  codeTtl?: number;
  /** Seconds put in the device authorization response `interval`, default 1. */
  pollInterval?: number;
  /** The first account approves every device request at once (demos). */
  autoApprove?: boolean;
  /** Team registration keys (ckey_...) that the Team workspace owns, as if its admin made them. */
  registrationKeys?: string[];
  log?: (line: string) => void;
}

export interface CloudAccount {
  id: string;
  email: string;
  name: string;
  pat: string;
  plan: string;
}

export interface CloudWorkspace {
  id: string;
  name: string;
  kind: "team";
  /** Account ids. */
  members: string[];
}

export interface Cloud {
  /** The issuer, e.g. http://127.0.0.1:41234; discovery at /.well-known/openid-configuration. */
  url: string;
  accounts: CloudAccount[];
  /** The Team workspace (members Alice and Carol), which owns the registration keys. */
  workspaces: CloudWorkspace[];
  /** Approve as that account (default: the first) with all requested scopes. */
  approve(userCode: string, email?: string): Promise<void>;
  /** The device code then yields access_denied at the token endpoint. */
  deny(userCode: string): Promise<void>;
  close(): Promise<void>;
}
