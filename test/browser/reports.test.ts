// Integrated performance reports in Chromium (issue 18): an organisation analyst writes the
// commentary on a metric with JavaScript off (the form, its error state, the report showing it),
// and axe passes on the report page and the commentary form at 1280 and 320 px, for the analyst
// and for a reader who is not signed in (who sees no commentary); on paper each metric's block
// starts a page and the header's navigation is left off.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { browserSuite, clickButton, expectNoAxeViolationsAtBothWidths } from "./harness.js";
import { a4 } from "./print.js";
import { signedIn } from "./signed-in.js";

/** The browser's own, as the page's script sees it (this project's types have no DOM). */
declare const getComputedStyle: (element: unknown) => { breakBefore: string };

const ORG = "ZZ001";
const METRIC = "ae_4hr_all";
const REPORT = `/org/${ORG}/reports/topic-uec`;
const TEXT = "Front-door streaming began in May; the shift above the mean has held for six months.";
const analyst: Grant[] = [
  { role: "organisation_analyst", scope: { kind: "organisation", orgCode: ORG } },
];

const axeBothWidths = (page: Page, label: string) =>
  expectNoAxeViolationsAtBothWidths(page, label, "reports");

browserSuite(
  "integrated performance reports",
  ({ test }) => {
    test("an analyst writes commentary without JavaScript; the report shows it", async (h) => {
      const { context, page } = await signedIn(h, analyst, { javaScriptEnabled: false });
      try {
        await page.goto(`${h.baseUrl}${REPORT}`);
        await page
          .getByRole("link", { name: "Edit commentary on A&E 4-hour performance (all types)" })
          .click();
        await page.waitForLoadState("load");
        await clickButton(page, "Save the commentary");
        expect(await page.title()).toMatch(/^Error: /);
        expect(await page.getByText("The commentary must not be empty").count()).toBeGreaterThan(0);
        await page.locator("#text").fill(TEXT);
        await clickButton(page, "Save the commentary");
        expect(page.url()).toContain(`${REPORT}#metric-${METRIC}`);
        expect(await page.getByText(TEXT).count()).toBe(1);
      } finally {
        await context.close();
      }
    }, 180_000);

    test("the analyst's report, the commentary and definition forms (and errors) pass axe", async (h) => {
      // axe runs as a script in the page: scripts of the site off, the browser's on.
      const { context, page } = await signedIn(h, analyst, { scripts: false });
      try {
        await page.goto(`${h.baseUrl}${REPORT}`);
        expect(await page.getByText(TEXT).count()).toBe(1);
        await axeBothWidths(page, "report-analyst");
        await page.goto(`${h.baseUrl}${REPORT}/commentary/${METRIC}`);
        expect(await page.locator("#text").inputValue()).toBe(TEXT);
        await axeBothWidths(page, "commentary-form");
        await page.locator("#text").fill(" ");
        await clickButton(page, "Save the commentary");
        expect(await page.title()).toMatch(/^Error: /);
        await axeBothWidths(page, "commentary-error");
        // The definition form, and its error state (no metric chosen).
        await page.goto(`${h.baseUrl}/org/${ORG}/reports/new?from=topic-uec`);
        await axeBothWidths(page, "definition-form");
        await page.goto(`${h.baseUrl}/org/${ORG}/reports/new`);
        await clickButton(page, "Save the report");
        expect(await page.title()).toMatch(/^Error: /);
        await axeBothWidths(page, "definition-error");
      } finally {
        await context.close();
      }
    }, 180_000);

    test("a reader's report has no commentary, passes axe, and prints a metric per page", async (h) => {
      const reader = await h.open(REPORT, { scripts: false });
      try {
        expect(await reader.page.getByText(TEXT).count()).toBe(0);
        expect(await reader.page.getByText("Edit commentary").count()).toBe(0);
        await axeBothWidths(reader.page, "report-reader");
        await reader.page.setViewportSize(a4);
        await reader.page.emulateMedia({ media: "print" });
        const blocks = reader.page.locator(".app-report__block");
        expect(await blocks.count()).toBeGreaterThan(3);
        const breakBefore = (l: typeof blocks) =>
          l.evaluate((e) => getComputedStyle(e).breakBefore);
        // Each metric starts a page: the first with the "Metrics" heading above it (never left
        // alone at the foot of the summary's page), every other one by itself.
        expect(await breakBefore(reader.page.locator(".app-report__metrics-heading"))).toBe("page");
        expect(await breakBefore(blocks.first())).toBe("auto");
        for (const i of [1, 2, 3]) expect(await breakBefore(blocks.nth(i))).toBe("page");
        expect(await reader.page.locator(".nhsuk-header").isVisible()).toBe(false);
        expect(await reader.page.locator(".app-chart__links").first().isVisible()).toBe(false);
      } finally {
        await reader.close();
      }
    }, 180_000);
  },
  { demo: { orgs: 8, months: 36, seed: 3 } },
);
