// The shapes of the instance's answers, once validate.ts has checked them.

export interface AuthenticationRequest {
  id: string;
  userCode: string;
  verificationUrl: string;
  expiresAt: string;
}

export interface AuthenticationToken {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: string;
  scopes: string[];
}

export interface Viewer {
  __typename: "CloudUser" | "GuestUser" | "ScriptUser";
  id: string;
  profile?: { identity: { email: string; name: string } };
}
