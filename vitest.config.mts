import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React Server Components; tests run server code directly.
      "server-only": fileURLToPath(new URL("./tests/helpers/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/unit/**/*.test.tsx", "tests/api/**/*.test.ts"],
    // TEST_DATABASE=postgres: the API tests' dashboards use a throwaway Postgres cluster.
    globalSetup: ["tests/helpers/postgres-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // API tests start real servers; keep files in separate processes but limit parallelism on 2 cores.
    pool: "forks",
    maxWorkers: 2,
  },
});
