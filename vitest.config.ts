import { defineConfig } from "vitest/config";

// Dates in tests mean the same on every machine: the forked test processes inherit this.
process.env.TZ = "UTC";
// `improve serve` started by a test runs the app in its own process (no cluster workers) unless
// the test asks for workers.
process.env.IMPROVE_WORKERS ??= "1";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-db.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files run in parallel, each against its own database.
    pool: "forks",
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
