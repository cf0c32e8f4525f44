// Self-assessment in Chromium: axe on the list, the new-round page, the round form and its error
// state, a submitted round, the history and the network view, also at 320 px; and a whole round
// (start, save, submit, share) with JavaScript turned off.
import path from "node:path";
import type { Page } from "playwright-core";
import { sql } from "kysely";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { readMatrixFolder } from "../../src/assessments/matrix-folder.js";
import {
  browserSuite,
  type Harness,
  clickButton,
  expectNoAxeViolationsAtBothWidths,
} from "./harness.js";
import { signedIn } from "./signed-in.js";

const M = "test-flow-maturity";
const ORG = "ZZ001";
const matrices = readMatrixFolder(path.join(import.meta.dirname, "../assessments/fixtures/good"));

const member: Grant[] = [
  { role: "organisation_member", scope: { kind: "organisation", orgCode: ORG } },
];

const click = (page: Page, name: string) => clickButton(page, name);

const axeBothWidths = (page: Page, label: string) =>
  expectNoAxeViolationsAtBothWidths(page, label, "assessments");

/** Starts a round from the history page and submits it with these levels. */
async function round(page: Page, h: Harness, admission: string, discharge: string, day: string) {
  await page.goto(`${h.baseUrl}/assessments/${M}?org=${ORG}`);
  await click(page, "Start a new round");
  await click(page, "Start the round");
  await page.locator("#assessedOn-day").fill(day);
  await page.locator("#assessedOn-month").fill("2");
  await page.locator("#assessedOn-year").fill("2026");
  await page.locator(`input[name="score-admission"][value="${admission}"]`).check();
  await page.locator(`input[name="score-discharge"][value="${discharge}"]`).check();
  await page.locator("#evidence-discharge").fill("Discharge lounge open 7 days.");
  await click(page, "Submit the round");
}

browserSuite(
  "self-assessment",
  ({ pageTest, test }) => {
    pageTest("assessments list", "/assessments", async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Self-assessment");
      expect(await page.getByText("Test flow maturity").count()).toBeGreaterThan(0);
    });

    test("the form, its errors, a round, the history and the network view pass axe", async (h) => {
      const { context, page } = await signedIn(h, member);
      try {
        await page.goto(`${h.baseUrl}/assessments`);
        await axeBothWidths(page, "list-signed-in");
        await page.goto(`${h.baseUrl}/assessments/${M}/rounds/new?org=${ORG}`);
        await axeBothWidths(page, "new");
        await click(page, "Start the round");
        await axeBothWidths(page, "form");
        await click(page, "Submit the round");
        expect(await page.title()).toMatch(/^Error: /);
        expect(await page.getByText("Choose a level for Admission").count()).toBeGreaterThan(0);
        await axeBothWidths(page, "form-errors");
        await page.locator('input[name="score-admission"][value="1"]').check();
        await page.locator('input[name="score-discharge"][value="2"]').check();
        await page.locator("#assessedOn-day").fill("1");
        await page.locator("#assessedOn-month").fill("1");
        await page.locator("#assessedOn-year").fill("2026");
        await click(page, "Submit the round");
        expect(await page.getByRole("cell", { name: "2 (Planning)" }).count()).toBe(1);
        await click(page, "Share with our networks");
        await axeBothWidths(page, "round");
        await round(page, h, "2", "3", "1");
        await page.goto(`${h.baseUrl}/assessments/${M}?org=${ORG}`);
        expect(
          await page.getByText("Discharge rose from 2 (Planning) to 3 (Testing).").count(),
        ).toBe(1);
        expect(await page.locator("svg").count()).toBeGreaterThan(0);
        await axeBothWidths(page, "history");
      } finally {
        await context.close();
      }
      const network = await h.db.db
        .selectFrom("network_members")
        .select("network_id")
        .where("org_code", "=", ORG)
        .executeTakeFirstOrThrow();
      const lead = await signedIn(h, [
        { role: "network_lead", scope: { kind: "network", networkId: network.network_id } },
      ]);
      try {
        await lead.page.goto(`${h.baseUrl}/networks/${network.network_id}/assessments/${M}`);
        expect(await lead.page.getByText("Private rounds and drafts are not shown.").count()).toBe(
          1,
        );
        // The first round is shared; the second is private and must not show.
        expect(await lead.page.getByRole("cell", { name: "2 (Planning)" }).count()).toBe(1);
        expect(await lead.page.getByRole("cell", { name: "3 (Testing)" }).count()).toBe(0);
        await axeBothWidths(lead.page, "network");
      } finally {
        await lead.context.close();
      }
    }, 120_000);

    test("a round can be started, saved, submitted and shared without JavaScript", async (h) => {
      const { context, page } = await signedIn(h, member, { javaScriptEnabled: false });
      try {
        await page.goto(`${h.baseUrl}/assessments/${M}/rounds/new?org=${ORG}`);
        await click(page, "Start the round");
        await page.locator('input[name="score-admission"][value="3"]').check();
        await click(page, "Save draft");
        expect(await page.getByText("Draft", { exact: false }).count()).toBeGreaterThan(0);
        expect(await page.locator('input[name="score-admission"][value="3"]').isChecked()).toBe(
          true,
        );
        await page.locator('input[name="score-discharge"][value="3"]').check();
        await click(page, "Submit the round");
        expect(await page.getByRole("cell", { name: "3 (Testing)" }).count()).toBe(2);
        await click(page, "Share with our networks");
        expect(await page.getByText("This round is shared").count()).toBe(1);
        await click(page, "Make it private");
        expect(await page.getByText("This round is private").count()).toBe(1);
        const shared = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM assessment_rounds WHERE org_code = ${ORG}`.execute(
          h.db.db,
        );
        expect(shared.rows[0]!.n).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    }, 120_000);
  },
  { demo: { orgs: 8, months: 3, seed: 3 }, matrices },
);
