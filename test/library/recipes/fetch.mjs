// A Node script on the instance's API: caidoFetch adds a fresh token to every request.
import { caidoFetch } from "caido-auth";

const caido = caidoFetch(); // the default instance; or caidoFetch("https://my-vps:8080")
const response = await caido("/graphql", {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    query: "{ viewer { ... on CloudUser { profile { identity { email } } } } }",
  }),
});
const { data } = await response.json();
console.log(data.viewer.profile.identity.email);
