import { configDefaults, defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Points the PostgreSQL and Redis tests at the servers on their default local ports when those answer.
    globalSetup: ["tests/support/serviceProbe.ts"],
    // Browser tests build and start the app themselves; they run in their own project below.
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], exclude: [...configDefaults.exclude, "tests/integration/security/studio*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          // Also the tests that start the built studio without a browser: they share the browser tests'
          // build, which must not be built by two files at once.
          include: ["tests/e2e/**/*.test.ts", "tests/integration/security/studio*.test.ts"],
          fileParallelism: false,
          testTimeout: 90_000,
        },
      },
    ],
  },
});
