// Guide authoring in Chromium without the page's scripts: axe on the dashboard, a draft overview, a
// change-idea form, its error state and a preview, at desktop width and 320 px.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { browserSuite, clickButton, expectNoAxeViolationsAtBothWidths } from "./harness.js";
import { signedIn } from "./signed-in.js";

const author: Grant[] = [{ role: "guide_author", scope: { kind: "national" } }];

const click = (page: Page, name: string) => clickButton(page, name, { exact: true });

const axeBothWidths = (page: Page, label: string) => expectNoAxeViolationsAtBothWidths(page, label);

browserSuite("guide authoring", ({ test }) => {
  test("dashboard, overview, change idea form, errors and preview pass axe without JavaScript", async (h) => {
    const { context, page } = await signedIn(h, author, { scripts: false });
    try {
      await page.goto(`${h.baseUrl}/guides/author`);
      await axeBothWidths(page, "dashboard");
      await page.goto(`${h.baseUrl}/guides/drafts/new-guide`);
      await page.getByLabel("Title").fill("Browser guide");
      await page.getByLabel("Guide id").fill("browser-guide");
      await click(page, "Start the guide");
      await axeBothWidths(page, "overview");
      await page.getByRole("link", { name: "Add a section" }).click();
      await page.getByLabel("Section title").fill("First");
      await page.getByLabel("Section id").fill("first");
      await click(page, "Save the section");
      await page.getByRole("link", { name: "Add a change idea to First" }).click();
      await axeBothWidths(page, "change-idea");
      await click(page, "Save the change idea");
      expect(await page.title()).toMatch(/^Error: /);
      await axeBothWidths(page, "change-idea-errors");
      await page.getByLabel("The action (Markdown)").fill("**Bold** <script>alert(1)</script>");
      await click(page, "Preview");
      expect(await page.locator(".nhsuk-card strong").innerText()).toBe("Bold");
      await axeBothWidths(page, "change-idea-preview");
    } finally {
      await context.close();
    }
  }, 240_000);
});
