// Rebase decisions in Chromium (issue 17 item 6): an organisation analyst records one from the
// metric page with JavaScript off (the form, its error state, the labelled break), and axe passes
// on the metric page with a decision, the form and the organisation's list, at 1280 and 320 px,
// for the analyst (who sees their name in the label) and for a reader (who sees date and reason).
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { browserSuite, clickButton, expectNoAxeViolationsAtBothWidths } from "./harness.js";
import { a4, printProblems, printScaleProblems } from "./print.js";
import { signedIn } from "./signed-in.js";

const ORG = "ZZ001";
const METRIC = "ae_4hr_all";
const REASON = "New streaming model in the emergency department";
const analyst: Grant[] = [
  { role: "organisation_analyst", scope: { kind: "organisation", orgCode: ORG } },
];

const click = (page: Page, name: string) => clickButton(page, name);

const axeBothWidths = (page: Page, label: string) =>
  expectNoAxeViolationsAtBothWidths(page, label, "rebases");

browserSuite(
  "rebase decisions",
  ({ test }) => {
    test("an analyst records a decision without JavaScript; the chart labels it", async (h) => {
      const { context, page } = await signedIn(h, analyst, { javaScriptEnabled: false });
      try {
        await page.goto(`${h.baseUrl}/org/${ORG}/metric/${METRIC}`);
        await page.getByRole("link", { name: "Record a rebase decision for this metric" }).click();
        await page.waitForLoadState("load");
        const options = await page.locator("#period option").allInnerTexts();
        expect(options.length).toBeGreaterThan(20);
        // The 12th newest period: enough points on both sides for limits.
        await page.locator("#period").selectOption({ index: 11 });
        await click(page, "Record this as a rebase decision");
        expect(await page.title()).toMatch(/^Error: /);
        expect(await page.getByText("Enter the reason").count()).toBeGreaterThan(0);
        await page.locator("#reason").fill(REASON);
        await click(page, "Record this as a rebase decision");
        // To the organisation's list, which shows it at once; the chart at the next version check.
        expect(page.url()).toMatch(new RegExp(`/org/${ORG}/rebases$`));
        expect(await page.getByText(REASON).count()).toBe(1);
        await page.waitForTimeout(1500);
        await page.getByRole("link", { name: "A&E 4-hour performance (all types)" }).click();
        await page.waitForLoadState("load");
        expect(page.url()).toMatch(new RegExp(`/org/${ORG}/metric/${METRIC}$`));
        const label = page.locator(".app-break-labels li", { hasText: REASON });
        expect(await label.count()).toBe(1);
        expect(await label.innerText()).toMatch(
          new RegExp(`^New limits from .+: ${REASON} \\(recorded by Grace Hopper on .+\\)$`),
        );
        // The chart's table marks the period where the new limits start.
        expect(await page.locator("table td", { hasText: REASON }).count()).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    }, 120_000);

    test("the metric page with a decision, the form and the list pass axe", async (h) => {
      const { context, page } = await signedIn(h, analyst, { scripts: false });
      try {
        await page.goto(`${h.baseUrl}/org/${ORG}/metric/${METRIC}`);
        expect(await page.locator(".app-break-labels li", { hasText: REASON }).count()).toBe(1);
        await axeBothWidths(page, "metric-analyst");
        await page.goto(`${h.baseUrl}/org/${ORG}/metric/${METRIC}/rebase`);
        await axeBothWidths(page, "form");
        await page.goto(`${h.baseUrl}/org/${ORG}/rebases`);
        expect(await page.getByText(REASON).count()).toBe(1);
        await axeBothWidths(page, "list-analyst");
      } finally {
        await context.close();
      }
      // A reader not signed in: the date and the reason, never the name.
      const reader = await h.open(`/org/${ORG}/metric/${METRIC}`, { scripts: false });
      try {
        const label = reader.page.locator(".app-break-labels li", { hasText: REASON });
        expect(await label.innerText()).toMatch(/\(recorded on .+\)$/);
        expect(await reader.page.getByText("Grace Hopper").count()).toBe(0);
        await axeBothWidths(reader.page, "metric-reader");
        await reader.page.goto(`${h.baseUrl}/org/${ORG}/rebases`);
        expect(await reader.page.getByText("Grace Hopper").count()).toBe(0);
        await axeBothWidths(reader.page, "list-reader");
        // On paper at an A4 width: whole, and the type in scale (headings by level; the
        // decisions' summary lists at the text's size, not above it).
        await reader.page.setViewportSize(a4);
        expect(await printProblems(reader.page)).toEqual([]);
        expect(await printScaleProblems(reader.page)).toEqual([]);
        await reader.page.goto(`${h.baseUrl}/org/${ORG}/metric/${METRIC}`);
        expect(await printScaleProblems(reader.page)).toEqual([]);
        // How the chart was judged prints open; the chart's screen links and closed table do not.
        const judged = reader.page.locator(".app-headline__detail .nhsuk-details__text");
        expect(await judged.isVisible()).toBe(true);
        expect(await reader.page.locator(".app-chart__links").first().isVisible()).toBe(false);
        expect(await reader.page.locator(".app-chart__details").first().isVisible()).toBe(false);
      } finally {
        await reader.close();
      }
    }, 120_000);
  },
  { demo: { orgs: 8, months: 36, seed: 3 } },
);
