/**
 * The guide reading pages in a real browser (issue 16): the list, a guide with an organisation's
 * data beside its measures and its change ideas ranked, an old version, the versions list, the
 * comparison of two versions and the site search;
 * zero axe violations, at 320 px too (the harness's screenshots), and with scripts off.
 */
import { expect } from "vitest";
import { createGuideService } from "../../src/guides/service.js";
import type { ChangeIdea } from "../../src/guides/types.js";
import { isMetricId } from "../../src/metrics/catalogue/index.js";
import { createGuideStore } from "../../src/storage/guides-store.js";
import { guideFixture } from "../support/guide-fixture.js";
import type { BrowserDocument } from "./dom.js";
import { browserSuite, expectNoAxeViolations } from "./harness.js";

declare const document: BrowserDocument;

const idea = (id: string, title: string, measures: string[]): ChangeIdea => ({
  id,
  title,
  action: `Test **${title.toLowerCase()}** on one ward first.`,
  whyItWorks: "It removes a wait that adds nothing for the patient.",
  howToStart: "1. Agree the criteria.\n2. Measure for a fortnight.\n3. Review weekly.",
  whatGoodLooksLike: "Most eligible patients follow the new route within a month.",
  evidence: "See [the guidance](https://www.england.nhs.uk/).",
  measures,
});

/** A guide with two sections, four change ideas and measures of each role, in two versions. */
function richGuide(version: string) {
  return guideFixture({
    version,
    status: version === "1.0" ? "interim" : "final",
    published: version === "1.0" ? "2026-01-15" : "2026-03-01",
    changelog:
      version === "1.0"
        ? [{ text: "First interim version.", answers: [] }]
        : [{ text: "Discharge section added after testing.", answers: ["FB-12", "FB-14"] }],
    measures: [
      { metricId: "ae_4hr_all", role: "outcome", rationale: "Time in the emergency department." },
      { metricId: "ae_admission_conversion", role: "process" },
      { metricId: "discharges_before_5pm", role: "process" },
      { metricId: "ga_occupancy", role: "balancing", rationale: "Crowding on the wards." },
    ],
    sections: [
      {
        id: "same-day-care",
        title: "Same day emergency care",
        principles: "Treat and send home on the same day where it is safe.",
        changeIdeas: [
          idea("direct-access", "Direct access to same day emergency care", ["ae_4hr_all"]),
          idea("senior-review", "Senior review at the front door", [
            "ae_admission_conversion",
            "ae_4hr_all",
          ]),
        ],
      },
      {
        id: "discharge",
        title: "Discharge",
        principles: "Plan each discharge from the day of admission.",
        changeIdeas: [
          idea("morning-discharge", "Discharge before noon", ["discharges_before_5pm"]),
          idea("board-rounds", "Daily board rounds", []),
        ],
      },
    ],
  });
}

browserSuite(
  "guides",
  ({ pageTest, test }) => {
    pageTest("guide list", "/guides", async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Improvement guides");
      expect(await page.locator("header a[aria-current]").innerText()).toContain("Guides");
    });

    pageTest("guide with an organisation's data", "/guides/test-flow?org=ZZ001", async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Test patient flow");
      expect(
        await page.locator("#measure-ae_4hr_all a[href='/org/ZZ001/metric/ae_4hr_all']").count(),
      ).toBe(1);
      expect(await page.locator(".app-guide-ranking li").count()).toBe(4);
      // The unmeasured idea comes last, saying so.
      expect(await page.locator(".app-guide-ranking li").last().innerText()).toContain(
        "It names no tracking measure.",
      );
    });

    pageTest("old guide version", "/guides/test-flow/versions/1.0", async (page) => {
      expect(await page.getByText("This is not the current version").isVisible()).toBe(true);
      expect(
        await page
          .getByRole("link", { name: "What changed since version 1.0" })
          .getAttribute("href"),
      ).toBe("/guides/test-flow/compare?from=1.0&to=1.1");
    });

    pageTest("guide versions", "/guides/test-flow/versions", async (page) => {
      expect(await page.getByRole("heading", { level: 2 }).first().innerText()).toBe(
        "Version 1.1 (current)",
      );
    });

    pageTest("comparing versions", "/guides/test-flow/compare", async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
        "Compare versions of Test patient flow",
      );
      // The added section's principles are marked as added, in words as well as by style.
      expect(await page.locator("ins").first().innerText()).toContain("added:");
      expect(await page.getByText("Discharge section added after testing.").count()).toBe(1);
    });

    pageTest("search across guides and metrics", "/search?q=discharge", async (page) => {
      expect(await page.getByRole("heading", { name: /^Change ideas/ }).count()).toBe(1);
      expect(await page.getByRole("heading", { name: /^Metrics/ }).count()).toBe(1);
    });

    test("no axe violations at 320 px wide", async (harness) => {
      for (const path of [
        "/guides",
        "/guides/test-flow?org=ZZ001",
        "/guides/test-flow/versions/1.0",
        "/guides/test-flow/versions",
        "/guides/test-flow/compare",
        "/search?q=discharge",
      ]) {
        const { page, problems, close } = await harness.open(path, {
          viewport: { width: 320, height: 800 },
        });
        try {
          await expectNoAxeViolations(page, `${path} at 320 px`);
          // Nothing wider than the screen: the page reflows (WCAG 1.4.10).
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
            path,
          ).toBeLessThanOrEqual(320);
          expect(problems).toEqual([]);
        } finally {
          await close();
        }
      }
    });

    test("comparing other versions works with scripts off", async (harness) => {
      const { page, problems, close } = await harness.open("/guides/test-flow/compare", {
        scripts: false,
      });
      try {
        await page.getByLabel("From").selectOption("1.1");
        await page.getByLabel("To").selectOption("1.0");
        await Promise.all([
          page.waitForURL(/from=1\.1&to=1\.0/),
          page.getByRole("button", { name: "Compare" }).click(),
        ]);
        expect(await page.getByText("going back to an older version").count()).toBe(1);
        await expectNoAxeViolations(page);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });

    test("choosing an organisation works with scripts off", async (harness) => {
      // At desktop width: the harness keeps the template's own inline class switch when it
      // serves scripts empty, so the header's menu would neither wrap nor collapse at 320 px.
      const { page, problems, close } = await harness.open("/guides/test-flow", { scripts: false });
      try {
        await expectNoAxeViolations(page);
        await page
          .getByLabel("Choose an organisation to see its data beside each measure")
          .selectOption("ZZ002");
        await Promise.all([
          page.waitForURL(/org=ZZ002/),
          page.getByRole("button", { name: "Show its data" }).click(),
        ]);
        expect(await page.locator("#measure-ae_4hr_all a").getAttribute("href")).toBe(
          "/org/ZZ002/metric/ae_4hr_all",
        );
        await expectNoAxeViolations(page);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  },
  {
    seed: async (t) => {
      const guides = createGuideService({ store: createGuideStore(t.db), isMetricId });
      for (const v of ["1.0", "1.1"])
        await guides.publish({ kind: "operator", label: "browser test" }, richGuide(v));
    },
  },
);
