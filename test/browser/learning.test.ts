// Shared learning in Chromium: the national feed and a post with evidence (its SPC chart with the
// change marked and the verdict) pass axe at 1280 and 320 px with the page's scripts off; a
// network member posts learning, publishes it and comments with JavaScript turned off.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import { createGuideService } from "../../src/guides/service.js";
import { isMetricId } from "../../src/metrics/catalogue/index.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createGuideStore } from "../../src/storage/guides-store.js";
import { composeServices } from "../../src/web/compose.js";
import { guideFixture } from "../support/guide-fixture.js";
import type { TestDatabase } from "../support/db.js";
import { browserSuite, clickButton, expectNoAxeViolationsAtBothWidths } from "./harness.js";
import { signedIn } from "./signed-in.js";

const ORG = "ZZ001";
const NETWORK = "london-uec";
const poster: Grant[] = [
  { role: "network_member", scope: { kind: "network", networkId: NETWORK } },
  { role: "organisation_member", scope: { kind: "organisation", orgCode: ORG } },
];

/** The month 24 periods into the organisation's series: the change date of the seeded post. */
let changeDate = "";

/** A guide, and one public post with evidence (post 1) by a member of the network and of ORG. */
async function seed(t: TestDatabase) {
  await createGuideService({ store: createGuideStore(t.db), isMetricId }).publish(
    { kind: "operator", label: "browser test" },
    guideFixture(),
  );
  const { rows } = await t.pool.query<{ p: string }>(
    `SELECT period_start::text AS p FROM metric_values
      WHERE org_code = $1 AND metric_id = 'ae_4hr_all' ORDER BY period_start OFFSET 24 LIMIT 1`,
    [ORG],
  );
  changeDate = rows[0]!.p;
  const user = await createAccountStore(t.db).createUser({
    email: "poster@example.nhs.uk",
    displayName: "Ada Lovelace",
  });
  const author = {
    kind: "user" as const,
    userId: user.userId,
    email: "poster@example.nhs.uk",
    displayName: "Ada Lovelace",
    grants: poster,
  };
  const { learning } = composeServices({ db: t.db, pool: t.pool });
  const post = await learning.create(author, NETWORK, {
    kind: "case_study",
    title: "Direct access to SDEC cut waits",
    body: "Crews now refer **straight** to same day emergency care.",
    orgCode: ORG,
    changeDate,
    ideas: ["test-flow/direct-access"],
    metricIds: ["ae_4hr_all"],
    careSetting: "",
    visibility: "public",
  });
  await learning.publish(author, post.postId);
}

const click = (page: Page, name: string) => clickButton(page, name);

const axeBothWidths = (page: Page, label: string) =>
  expectNoAxeViolationsAtBothWidths(page, label, "learning");

browserSuite(
  "shared learning",
  ({ pageTest, test }) => {
    pageTest("learning feed", "/learning", async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Shared learning");
      expect(
        await page.getByRole("link", { name: "Direct access to SDEC cut waits" }).count(),
      ).toBe(1);
    });

    pageTest("learning post with evidence", "/learning/1", async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
        "Direct access to SDEC cut waits",
      );
      // The chart with the change marked, and a verdict in words.
      expect(await page.locator("svg line.app-chart__marker").count()).toBeGreaterThan(0);
      expect(await page.getByText(/^Change made \(/).count()).toBeGreaterThan(0);
      expect(
        await page
          .getByText(
            /^(Special-cause improvement since the change|No change yet|Deterioration since|Mixed signals|Not enough data yet)/,
          )
          .count(),
      ).toBeGreaterThan(0);
      expect(await page.getByText("How the verdict is worked out").count()).toBe(1);
    });

    pageTest("guide change idea with its learning", "/guides/test-flow", async (page) => {
      expect(await page.getByText("Learning that tested this change idea").count()).toBe(1);
      expect(
        await page.getByRole("link", { name: "Direct access to SDEC cut waits" }).count(),
      ).toBe(1);
    });

    test("the feed and a post pass axe at 1280 and 320 px with scripts off, signed in", async (h) => {
      const { context, page } = await signedIn(h, poster, { scripts: false });
      try {
        await page.goto(`${h.baseUrl}/learning`);
        await axeBothWidths(page, "feed");
        await page.goto(`${h.baseUrl}/learning?verdict=none`);
        expect(await page.getByText("No posts match these filters.").count()).toBe(1);
        await page.goto(`${h.baseUrl}/learning/1`);
        await axeBothWidths(page, "post");
        await page.goto(`${h.baseUrl}/networks/${NETWORK}/learning/new`);
        await axeBothWidths(page, "form");
        await click(page, "Save the draft");
        expect(await page.title()).toMatch(/^Error: /);
        await axeBothWidths(page, "form-errors");
      } finally {
        await context.close();
      }
    }, 120_000);

    test("a member posts, publishes and comments with JavaScript off", async (h) => {
      const { context, page } = await signedIn(h, poster, { javaScriptEnabled: false });
      try {
        await page.goto(`${h.baseUrl}/networks/${NETWORK}/learning/new`);
        await page.getByLabel("Title").fill("Discharge lounge open at weekends");
        await page.getByLabel("What you did and what happened").fill("We opened it on Saturdays.");
        const [y, m, d] = changeDate.split("-");
        await page.locator("#changeDate-day").fill(d!);
        await page.locator("#changeDate-month").fill(m!);
        await page.locator("#changeDate-year").fill(y!);
        await page.getByLabel("Direct access to same day emergency care").check();
        await page.getByLabel("Members of", { exact: false }).check();
        await click(page, "Save the draft");
        expect(await page.getByText("This is a draft: only you can see it.").count()).toBe(1);
        expect(await page.getByText("No evidence linked").count()).toBeGreaterThan(0);
        await page.goto(`${h.baseUrl}/learning`);
        await page.getByRole("link", { name: "Discharge lounge open at weekends" }).click();
        await page.waitForLoadState("load");
        await click(page, "Publish");
        expect(await page.getByText("Updates from the author").count()).toBe(1);
        await page.getByLabel("Add a comment").fill("Worth trying here too.");
        await click(page, "Add the comment");
        expect(await page.getByText("Worth trying here too.").count()).toBe(1);
        await click(page, "Delete your comment");
        expect(await page.getByText("Worth trying here too.").count()).toBe(0);
      } finally {
        await context.close();
      }
      // A reader outside the network sees neither the post nor its id.
      const outsider = await h.open("/learning");
      try {
        expect(
          await outsider.page
            .getByRole("link", { name: "Discharge lounge open at weekends" })
            .count(),
        ).toBe(0);
        const res = await outsider.page.goto(`${h.baseUrl}/learning/2`);
        expect(res?.status()).toBe(404);
        // Nor on the change idea's page in the guide (the public post is there).
        await outsider.page.goto(`${h.baseUrl}/guides/test-flow`);
        expect(
          await outsider.page
            .getByRole("link", { name: "Direct access to SDEC cut waits" })
            .count(),
        ).toBe(1);
        expect(
          await outsider.page
            .getByRole("link", { name: "Discharge lounge open at weekends" })
            .count(),
        ).toBe(0);
        const bad = await outsider.page.goto(`${h.baseUrl}/learning?network=nowhere`);
        expect(bad?.status()).toBe(400);
        expect(await outsider.page.getByText('The network filter "nowhere"').count()).toBe(1);
      } finally {
        await outsider.close();
      }
    }, 120_000);
  },
  { seed },
);
