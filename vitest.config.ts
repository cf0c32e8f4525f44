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
    // Files run two at a time, each against its own database. Vitest's default on two cores is
    // one (cores - 1); two measured 1,263 s for the whole run against 1,640 s one at a time
    // (browser files wait on Chromium and PostgreSQL as much as they compute).
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
