import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    // graphql 16 has no exports map: without inlining, vite and Node load two copies.
    server: { deps: { inline: ["graphql-ws"] } },
    // Ink decides at import whether it runs in CI, and then draws only the final frame. The
    // UI tests check every frame a person sees in a terminal, so they run as outside CI; the
    // product itself never shows the Ink screen in CI (login.ts).
    env: { CI: "false" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn processes and bind ports; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
