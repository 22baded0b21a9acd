// The GraphQL documents the api tests send, in one place so that documents.test.ts can check
// each against Caido's published schema (a document the real instance would refuse proves nothing).

export const REQUESTS_PAGE = `query RequestsPage($cursor: String, $first: Int) {
  requests(first: $first, after: $cursor) {
    edges { cursor node { id method host path } }
    nodes { id }
    pageInfo { hasNextPage endCursor }
    count { value }
  }
}`;

/** The same connection through an alias and a fragment: the paged path follows response keys. */
export const REQUESTS_ALIASED = `query Aliased($cursor: String) {
  history: requests(first: 60, after: $cursor) { ...Page }
}
fragment Page on RequestConnection {
  items: nodes { id }
  info: pageInfo { more: hasNextPage endCursor }
}`;

export const REQUEST_BY_ID = `query One($id: ID!) { request(id: $id) { id method host path } }`;

export const CREATED_REQUEST = `subscription Created {
  createdRequest { requestEdge { cursor node { id method host path } } }
}`;

export const VIEWER = "query { viewer { ... on CloudUser { id } } }";

export const all = { REQUESTS_PAGE, REQUESTS_ALIASED, REQUEST_BY_ID, CREATED_REQUEST, VIEWER };
