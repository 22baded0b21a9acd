// Every GraphQL document caido-auth sends. test/instance/documents.test.ts validates each
// against @caido/schema-proxy with all of graphql-js's standard rules, so the union members'
// `reason` fields are aliased (their enum types differ: protocol.md "Validation quirk").

const tokenFields = "accessToken refreshToken expiresAt scopes";

// Members of the payloads' error unions, each selected the same way wherever it occurs.
const authError = "... on AuthenticationUserError { code authReason: reason }";
const cloudError = "... on CloudUserError { code cloudReason: reason }";
const internalError = "... on InternalUserError { code message }";
const otherError = "... on OtherUserError { code }";

export const START_AUTHENTICATION_FLOW = `mutation StartAuthenticationFlow {
  startAuthenticationFlow {
    request { id userCode verificationUrl expiresAt }
    error { __typename ${authError} ${cloudError} ${internalError} ${otherError} }
  }
}`;

export const CREATED_AUTHENTICATION_TOKEN = `subscription CreatedAuthenticationToken($requestId: ID!) {
  createdAuthenticationToken(requestId: $requestId) {
    token { ${tokenFields} }
    error { __typename ${authError} ${internalError} ${otherError} }
  }
}`;

export const REFRESH_AUTHENTICATION_TOKEN = `mutation RefreshAuthenticationToken($refreshToken: Token!) {
  refreshAuthenticationToken(refreshToken: $refreshToken) {
    token { ${tokenFields} }
    error { __typename ${authError} ${cloudError} ${internalError} ${otherError} }
  }
}`;

export const LOGOUT = `mutation Logout {
  logout {
    success
    error { __typename ${cloudError} ${otherError} }
  }
}`;

export const VIEWER = `query Viewer {
  viewer {
    __typename
    ... on CloudUser { id profile { identity { email name } } }
    ... on GuestUser { id }
    ... on ScriptUser { id }
  }
}`;

export const AUTHENTICATION_STATE = `query AuthenticationState {
  authenticationState { allowGuests }
}`;

export const LOGIN_AS_GUEST = `mutation LoginAsGuest {
  loginAsGuest {
    token { ${tokenFields} }
    error {
      __typename
      ... on PermissionDeniedUserError { code permissionReason: reason }
      ${otherError}
    }
  }
}`;

export const allDocuments = {
  AUTHENTICATION_STATE,
  LOGIN_AS_GUEST,
  START_AUTHENTICATION_FLOW,
  CREATED_AUTHENTICATION_TOKEN,
  REFRESH_AUTHENTICATION_TOKEN,
  LOGOUT,
  VIEWER,
};
