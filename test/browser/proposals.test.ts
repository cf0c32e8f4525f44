// Proposals in Chromium: axe at 1280 and 320 px on a network's proposals, the draft form and its
// error state, a proposal and the reviewers' queue; and the whole lifecycle (draft, submit,
// review, approve, run, evaluate, close) with JavaScript turned off.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { createGuideService } from "../../src/guides/service.js";
import { isMetricId } from "../../src/metrics/catalogue/index.js";
import { createGuideStore } from "../../src/storage/guides-store.js";
import { guideFixture } from "../support/guide-fixture.js";
import {
  browserSuite,
  type Harness,
  clickButton,
  expectNoAxeViolationsAtBothWidths,
} from "./harness.js";
import { signedIn } from "./signed-in.js";

const N = "london-uec";
const lead: Grant[] = [{ role: "network_lead", scope: { kind: "network", networkId: N } }];
const reviewer: Grant[] = [{ role: "proposal_reviewer", scope: { kind: "national" } }];

const click = (page: Page, name: string) => clickButton(page, name, { exact: true });

const axeBothWidths = (page: Page, label: string) =>
  expectNoAxeViolationsAtBothWidths(page, label, "proposals");

/** Fills the draft form with a complete proposal and saves it; returns the proposal's path. */
async function draft(page: Page, h: Harness, title: string): Promise<string> {
  await page.goto(`${h.baseUrl}/networks/${N}/proposals/new`);
  await page.locator("#title").fill(title);
  await page.locator("#aim").fill("More patients seen within 4 hours.");
  await page.locator("#approach").fill("Weekly **plan, do, study, act** cycles.");
  await page.locator('input[name="changeIdeas"][value="test-flow/direct-access"]').check();
  await page.locator("#participants").fill("ZZ001 ZZ002 ZZ003");
  await page.locator("#comparators").fill("ZZ004, ZZ005");
  await page.locator("#primaryMetricId").selectOption("ae_4hr_all");
  await page.locator("#baselineStart").fill("2024-01");
  await page.locator("#baselineEnd").fill("2024-12");
  await page.locator("#plannedStart").fill("2025-02");
  await page.locator("#followUpEnd").fill("2025-12");
  await page.locator("#expectedEffect").fill("3");
  await page.locator("#timeline").fill("- Set-up: 2 months");
  await page.locator("#resources").fill("One analyst per trust.");
  await click(page, "Save the draft");
  expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(title);
  return new URL(page.url()).pathname;
}

browserSuite(
  "proposals",
  ({ pageTest, test }) => {
    pageTest("a network's proposals", `/networks/${N}/proposals`, async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
        "Test-at-scale proposals",
      );
    });

    test("the list, the form, its errors, a proposal and the review queue pass axe", async (h) => {
      const leadPage = await signedIn(h, lead);
      let path: string;
      try {
        const page = leadPage.page;
        await page.goto(`${h.baseUrl}/networks/${N}/proposals`);
        await axeBothWidths(page, "list");
        await page.goto(`${h.baseUrl}/networks/${N}/proposals/new`);
        await axeBothWidths(page, "form");
        await page.locator("#baselineStart").fill("2024-01");
        await page.locator("#baselineEnd").fill("2024-05");
        await click(page, "Save the draft");
        expect(await page.title()).toMatch(/^Error: /);
        // The summary and the field both name the field and the value given.
        expect(
          await page
            .getByText(`Baseline's last month "2024-05" must be at least 12 months`)
            .count(),
        ).toBe(2);
        await axeBothWidths(page, "form-errors");
        path = await draft(page, h, "Direct access to SDEC");
        expect(
          await page.getByText(/A change smaller than about [0-9.]+ percentage points/).count(),
        ).toBe(1);
        await axeBothWidths(page, "draft");
        await click(page, "Submit for review");
        expect(await page.getByText("Submitted for review").count()).toBeGreaterThan(0);
      } finally {
        await leadPage.context.close();
      }
      const review = await signedIn(h, reviewer);
      try {
        const page = review.page;
        await page.goto(`${h.baseUrl}/proposals/review`);
        expect(await page.getByRole("link", { name: "Direct access to SDEC" }).count()).toBe(1);
        await axeBothWidths(page, "review-queue");
        await page.goto(`${h.baseUrl}${path}`);
        await click(page, "Start the review");
        await click(page, "Decline");
        expect(await page.title()).toMatch(/^Error: /);
        await axeBothWidths(page, "in-review-errors");
        await page.locator("#comment").fill("How will the gains be held?");
        await click(page, "Add the comment");
        expect(await page.getByText("How will the gains be held?").count()).toBe(1);
        await axeBothWidths(page, "in-review");
        await click(page, "Approve");
      } finally {
        await review.context.close();
      }
      // Approved: anyone sees the evaluation on the data, live, with the start marked.
      const publicContext = await h.browser.newContext();
      try {
        const page = await publicContext.newPage();
        await page.goto(`${h.baseUrl}${path}`);
        await page
          .getByRole("link", {
            name: "The evaluation on the data: participants against comparators",
          })
          .click();
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
          "Evaluation on the data",
        );
        expect(await page.getByText("Computed on the latest data").count()).toBe(1);
        expect(await page.locator("#group-ae_4hr_all-figure").count()).toBe(1);
        expect(await page.locator("#group-ae_4hr_all-figure").innerText()).toContain(
          "Planned start (February 2025)",
        );
        const verdicts = page.getByRole("table", {
          name: "Verdict since the start, by participant",
        });
        expect(await verdicts.locator("tbody tr").count()).toBe(3);
        await axeBothWidths(page, "evaluation");
      } finally {
        await publicContext.close();
      }
    }, 180_000);

    test("the whole lifecycle works without JavaScript", async (h) => {
      const leader = await signedIn(h, lead, { javaScriptEnabled: false });
      const reviewing = await signedIn(h, reviewer, { javaScriptEnabled: false });
      const publicContext = await h.browser.newContext({ javaScriptEnabled: false });
      const anyone = await publicContext.newPage();
      try {
        const path = await draft(leader.page, h, "Lifecycle without scripts");
        // A draft is private: the reviewer is told it does not exist.
        const hidden = await reviewing.page.goto(`${h.baseUrl}${path}`);
        expect(hidden?.status()).toBe(404);
        await leader.page.getByRole("link", { name: "Edit the draft" }).click();
        await leader.page.locator("#aim").fill("A sharper aim.");
        await click(leader.page, "Save the draft");
        expect(await leader.page.getByText("A sharper aim.").count()).toBe(1);
        await click(leader.page, "Submit for review");

        await reviewing.page.goto(`${h.baseUrl}${path}`);
        await click(reviewing.page, "Start the review");
        await reviewing.page.locator("#reason-send_back").fill("Add the timeline's milestones.");
        await click(reviewing.page, "Send back to the network to change");
        expect((await reviewing.page.goto(`${h.baseUrl}${path}`))?.status()).toBe(404);

        await leader.page.goto(`${h.baseUrl}${path}`);
        expect(await leader.page.getByText("Add the timeline's milestones.").count()).toBe(1);
        await click(leader.page, "Submit for review");
        await reviewing.page.goto(`${h.baseUrl}${path}`);
        await click(reviewing.page, "Start the review");
        expect((await anyone.goto(`${h.baseUrl}${path}`))?.status()).toBe(404);
        await click(reviewing.page, "Approve");
        expect(await reviewing.page.getByText("Approved").count()).toBeGreaterThan(0);
        // Approved: public, read-only.
        expect((await anyone.goto(`${h.baseUrl}${path}`))?.status()).toBe(200);
        expect(await anyone.getByRole("button", { name: "Start running" }).count()).toBe(0);
        expect(await anyone.getByRole("button", { name: "Add the comment" }).count()).toBe(0);
        // A proposal that has not been approved has no evaluation page, even for its lead.
        expect((await leader.page.goto(`${h.baseUrl}/proposals/999999/evaluation`))?.status()).toBe(
          404,
        );

        await leader.page.goto(`${h.baseUrl}${path}`);
        await click(leader.page, "Start running");
        await leader.page.locator("#reason-evaluate").fill("The share rose by **2 points**.");
        // While running, the evaluation page works without scripts: estimate, chart, verdicts.
        expect((await anyone.goto(`${h.baseUrl}${path}/evaluation`))?.status()).toBe(200);
        expect(await anyone.getByText("Computed on the latest data").count()).toBe(1);
        expect(await anyone.locator("#participants ~ table tbody tr").count()).toBe(3);
        await click(leader.page, "Record the evaluation");
        expect(await leader.page.locator("strong", { hasText: "2 points" }).count()).toBe(1);
        // The record keeps the figures it was concluded on, beside the network's text.
        await anyone.goto(`${h.baseUrl}${path}/evaluation`);
        expect(
          await anyone.getByText("The figures the network recorded its evaluation on").count(),
        ).toBe(1);
        expect(await anyone.locator("strong", { hasText: "2 points" }).count()).toBe(1);
        await click(leader.page, "Close");
        const history = await leader.page.locator("table").last().innerText();
        for (const step of ["Drafted", "Running → Evaluated", "Evaluated → Closed"])
          expect(history).toContain(step);
      } finally {
        await leader.context.close();
        await reviewing.context.close();
        await publicContext.close();
      }
    }, 180_000);
  },
  {
    demo: { orgs: 8, months: 24, seed: 5 },
    seed: async (db) => {
      await createGuideService({ store: createGuideStore(db.db), isMetricId }).publish(
        { kind: "operator", label: "test" },
        guideFixture(),
      );
    },
  },
);
