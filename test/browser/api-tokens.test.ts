// Personal API tokens in Chromium: axe at 1280 and 320 px on the list (empty, with its errors,
// with a token), the one-time display and the revoke confirmation; and the whole round (create,
// shown once, listed, revoked) with JavaScript turned off.
import { expect } from "vitest";
import { browserSuite, clickButton, expectNoAxeViolationsAtBothWidths } from "./harness.js";
import { signedIn } from "./signed-in.js";

const SECRET = /^ih_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

browserSuite(
  "API tokens",
  ({ test }) => {
    test("the pages pass axe at both widths", async (h) => {
      const { context, page } = await signedIn(h, [], { scripts: false });
      try {
        await page.goto(`${h.baseUrl}/account/api-tokens`);
        expect(await page.getByText("You have no API tokens.").count()).toBe(1);
        await expectNoAxeViolationsAtBothWidths(page, "list-empty", "api-tokens");
        await clickButton(page, "Create the token");
        expect(await page.title()).toMatch(/^Error: /);
        await expectNoAxeViolationsAtBothWidths(page, "list-errors", "api-tokens");
        await page.getByLabel("Name").fill("A rather long name for the monthly board pack export");
        await page.getByLabel("Read and change").check();
        await page.getByLabel("In 30 days").check();
        await clickButton(page, "Create the token");
        const secret = await page.locator("#api-token").innerText();
        expect(secret).toMatch(SECRET);
        await expectNoAxeViolationsAtBothWidths(page, "created", "api-tokens");
        // The token wraps rather than widening the page at 320 px.
        await page.setViewportSize({ width: 320, height: 800 });
        expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
          320,
        );
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.getByRole("link", { name: "I have copied my token" }).click();
        await page.waitForLoadState("load");
        await expectNoAxeViolationsAtBothWidths(page, "list", "api-tokens");
        await page.getByRole("link", { name: /^Revoke/ }).click();
        await page.waitForLoadState("load");
        await expectNoAxeViolationsAtBothWidths(page, "revoke", "api-tokens");
      } finally {
        await context.close();
      }
    }, 120_000);

    test("create, see once and revoke with JavaScript turned off", async (h) => {
      const { context, page } = await signedIn(h, [], { javaScriptEnabled: false });
      try {
        await page.goto(`${h.baseUrl}/account`);
        await page.getByRole("link", { name: /Manage\s+API tokens/ }).click();
        await page.waitForLoadState("load");
        expect(new URL(page.url()).pathname).toBe("/account/api-tokens");
        await page.getByLabel("Name").fill("Script");
        await page.getByLabel("Read only").check();
        await page.getByLabel("Never (until you revoke it)").check();
        await clickButton(page, "Create the token");
        const secret = await page.locator("#api-token").innerText();
        expect(secret).toMatch(SECRET);
        await page.goto(`${h.baseUrl}/account/api-tokens`);
        expect(await page.getByRole("cell", { name: "Script", exact: true }).count()).toBe(1);
        expect(await page.content()).not.toContain(secret.slice(12));
        await page.getByRole("link", { name: "Revoke the token Script" }).click();
        await page.waitForLoadState("load");
        await clickButton(page, "Revoke the token");
        expect(new URL(page.url()).pathname).toBe("/account/api-tokens");
        expect(await page.getByText("The token “Script” has been revoked").count()).toBe(1);
        expect(await page.getByText("You have no API tokens.").count()).toBe(1);
      } finally {
        await context.close();
      }
    }, 120_000);
  },
  { demo: false },
);
