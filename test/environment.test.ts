/** The suite runs in UTC (vitest.config.ts), so date arithmetic in tests means the same everywhere. */
import { expect, it } from "vitest";

it("runs the tests in UTC", () => {
  expect(new Date(2024, 2, 31, 23, 30).toISOString()).toBe("2024-03-31T23:30:00.000Z");
});
