import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    // graphql 16 has no exports map: without inlining, vite and Node load two copies.
    server: { deps: { inline: ["graphql-ws"] } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn processes and bind ports; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
