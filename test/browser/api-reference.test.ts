// The open API's reference page (/api) in Chromium: every endpoint of the OpenAPI document is on
// it, it passes axe at 1280 and 320 px, nothing is wider than a 320 px screen, and it needs no
// JavaScript (it has none).
import { expect } from "vitest";
import { apiRoutes } from "../../src/web/api/routes/index.js";
import { browserSuite, expectNoAxeViolationsAtBothWidths } from "./harness.js";

browserSuite("open API reference", ({ pageTest }) => {
  pageTest("api reference", "/api", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Open API reference");
    for (const route of apiRoutes) {
      const heading = page.locator(`h2#${route.operationId}`);
      expect(await heading.innerText(), route.operationId).toBe(
        `${route.method} /api/v1${route.path}`,
      );
    }
    expect(await page.locator("script[src]:not([src^='/static/'])").count()).toBe(0);
    await expectNoAxeViolationsAtBothWidths(page, "api-reference");
    // As a phone opens it: loaded at 320 px. (Measured straight after a resize from 1280 px, the
    // header's navigation could still be as wide as the desktop's, before its script moved the
    // links that do not fit into "More": a CI run saw 409 px that way.)
    await page.setViewportSize({ width: 320, height: 800 });
    await page.reload();
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
