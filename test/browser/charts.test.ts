/**
 * The charts in a real browser: a fixture page (served only by this test's app) with one chart of
 * each kind, checked with axe and without JavaScript errors, then the progressive enhancement:
 * one tab stop per chart, arrow keys between points, tooltips on focus and hover, Escape, and the
 * link to the data table. Also checks that the harness itself notices violations and CSP errors.
 */
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import {
  benchmarkBars,
  figureHtml,
  funnelPlot,
  lineChart,
  mdcAssuranceIcon,
  mdcVariationIcon,
  sparkline,
  spcChart,
} from "../../src/web/charts/index.js";
import { loadStylesheet } from "../../src/web/styles.js";
import { createViews } from "../../src/web/views.js";
import {
  concernResult,
  funnelData,
  improvingResult,
  peers,
  trendSeries,
} from "../web/charts/fixtures.js";
import type { BrowserDocument, GetComputedStyle } from "./dom.js";
import { expectLegibleCharts } from "./chart-text.js";
import { browserSuite, expectNoAxeViolations } from "./harness.js";

declare const document: BrowserDocument;
declare const getComputedStyle: GetComputedStyle;

const page = `{% extends "layout.njk" %}{% block content %}<h1>{{ title }}</h1>{{ body | safe }}{% endblock %}`;

async function fixtureRoutes(app: FastifyInstance): Promise<void> {
  const env = createViews();
  const { hash } = await loadStylesheet();
  const render = (title: string, body: string) =>
    env.renderString(page, {
      title,
      body,
      cssHref: `/static/app.${hash}.css`,
      currentPath: "/__test",
      synthetic: false,
    });
  const percent = { kind: "percent", decimals: 1 } as const;
  const charts = [
    spcChart(improvingResult(), {
      id: "spc-improving",
      title: "A&E 4-hour performance, Demo Trust 1 (demo)",
      format: percent,
      notes: { "2022-08-01": "Provisional: one site did not submit" },
    }),
    spcChart(concernResult(), {
      id: "spc-concern",
      title: "Cancer 62-day standard, Demo Trust 2 (demo)",
      format: percent,
      showNearLimits: true,
    }),
    benchmarkBars(peers, {
      id: "bench",
      title: "4-hour performance of peers, July 2025",
      format: percent,
      selected: "ZZ005",
    }),
    funnelPlot(funnelData, {
      id: "funnel",
      title: "4-hour performance by attendances",
      selected: "ZZ003",
      denominatorLabel: "Attendances",
    }),
    lineChart(trendSeries, {
      id: "trend",
      title: "4-hour performance in England and two regions",
      format: percent,
      target: 78,
    }),
  ];
  const icons = `<ul class="nhsuk-list">${[mdcVariationIcon("improvement_high"), mdcVariationIcon("concern_low"), mdcVariationIcon("common_cause"), mdcAssuranceIcon("pass"), mdcAssuranceIcon("inconsistent")].map((i) => `<li class="app-mdc-summary">${i}</li>`).join("")}</ul>`;
  const spark = `<p>${sparkline([70, 72, 71, 75, 78])} <span>Rising from 70% to 78% over five months</span></p>`;
  app.get("/__test/charts", async (_request, reply) => {
    reply
      .type("text/html; charset=utf-8")
      .send(
        render(
          "Chart fixtures",
          icons +
            spark +
            charts.map((c) => figureHtml(c, { csvHref: `/__test/${c.id}.csv` })).join(""),
        ),
      );
  });
  for (const c of charts)
    app.get(`/__test/${c.id}.csv`, async (_r, reply) =>
      reply.type("text/csv; charset=utf-8").send(c.csv),
    );
  // A page with a missing alternative text and an inline style the CSP must block.
  app.get("/__test/broken", async (_request, reply) => {
    reply
      .type("text/html; charset=utf-8")
      .send(
        render(
          "Broken",
          '<img src="/assets/logos/logo-nhs.svg"><p style="color: red">Inline style</p><style>p { color: red; }</style>',
        ),
      );
  });
}

const activeInfo = (p: import("playwright-core").Page) =>
  p.evaluate(() => {
    const el = document.activeElement;
    return {
      cls: el?.getAttribute("class") ?? "",
      label: el?.getAttribute("aria-label") ?? "",
      chart: el?.closest("svg")?.getAttribute("data-app-chart") ?? null,
    };
  });

browserSuite(
  "charts",
  ({ pageTest, test }) => {
    pageTest("chart fixtures", "/__test/charts", async (p) => {
      // Enhanced: each chart is a group with one focusable point (the wide drawing shows at 1280 px).
      const roles = await p
        .locator("svg.app-chart__svg--wide")
        .evaluateAll((svgs) =>
          svgs.map((s) => [s.getAttribute("role"), s.querySelectorAll('[tabindex="0"]').length]),
        );
      expect(roles).toEqual(Array.from({ length: 5 }, () => ["group", 1]));
      const tooltip = p.locator("#spc-improving-figure .app-chart__tooltip");

      // Tab into the first chart: focus lands on the latest point, which speaks its value.
      await p.locator("#spc-improving-figure .app-chart__takeaway").click();
      let info: Awaited<ReturnType<typeof activeInfo>> = { cls: "", label: "", chart: null };
      for (let i = 0; i < 30 && info.chart !== "spc"; i++) {
        await p.keyboard.press("Tab");
        info = await activeInfo(p);
      }
      // The first Tab lands on a point, never on the SVG itself.
      expect(info.cls).toBe(
        "app-chart__point app-chart__point--improvement app-chart__point--active",
      );
      expect(info.label).toBe(
        "December 2024: 82.6%. Special cause improvement: above the upper process limit",
      );
      expect(await tooltip.isVisible()).toBe(true);
      expect(await tooltip.innerText()).toContain("82.6%");

      // Arrow keys move between points (roving tabindex); Home and End jump.
      await p.keyboard.press("ArrowLeft");
      expect((await activeInfo(p)).label).toMatch(/^November 2024: 81\.9%/);
      await p.keyboard.press("Home");
      expect((await activeInfo(p)).label).toMatch(/^January 2022: 72\.1%/);
      await p.keyboard.press("ArrowRight");
      expect((await activeInfo(p)).label).toMatch(/^February 2022/);
      expect(await p.locator('#spc-improving-figure svg:visible [tabindex="0"]').count()).toBe(1);

      // Escape hides the tooltip and keeps focus.
      await p.keyboard.press("Escape");
      expect(await tooltip.isHidden()).toBe(true);
      expect((await activeInfo(p)).label).toMatch(/^February 2022/);

      // Tab leaves the chart in one step.
      await p.keyboard.press("Tab");
      expect((await activeInfo(p)).chart).toBeNull();

      // Hover shows the tooltip too.
      await p
        .locator("#spc-concern-figure svg.app-chart__svg--wide .app-chart__marker--concern")
        .hover();
      const concernTip = p.locator("#spc-concern-figure .app-chart__tooltip");
      expect(await concernTip.isVisible()).toBe(true);
      expect(await concernTip.innerText()).toContain("Special cause concern");

      // The link under a chart opens its data table.
      await p.locator("#bench-figure .app-chart__table-link").click();
      expect(
        await p.locator("#bench-details").evaluate((d) => (d as unknown as { open: boolean }).open),
      ).toBe(true);
      await p.waitForFunction(() => document.activeElement?.id === "bench-table");
      expect(await p.locator("#bench-table tbody tr").count()).toBe(24);
      // axe again with a tooltip shown and a table open.
      await p.locator("#trend-figure .app-chart__point").first().focus();
      await expectNoAxeViolations(p, "/__test/charts (enhanced, tooltip shown)");
    });

    pageTest(
      "chart fixtures without JavaScript",
      "/__test/charts",
      async (p) => {
        const svg = p.locator("svg[data-app-chart]").first();
        expect(await svg.getAttribute("role")).toBe("img");
        expect(await p.locator("svg[data-app-chart] [tabindex]").count()).toBe(0);
        expect(await p.locator("table.app-chart__table").count()).toBe(5);
        // The name and description come from the SVG's title and desc.
        const name = await svg.evaluate((s) => s.querySelector("title")?.textContent);
        expect(name).toBe("A&E 4-hour performance, Demo Trust 1 (demo)");
      },
      { scripts: false, screenshot: "chart-fixtures-no-js" },
    );

    pageTest(
      "chart fixtures at 320 px",
      "/__test/charts",
      async (p) => {
        // The compact drawings: text at NHS.UK's smallest body size, nothing overlapping or cut off.
        await expectLegibleCharts(p, 14, 5);
        expect(await p.locator("svg.app-chart__svg--wide").first().isVisible()).toBe(false);
        expect(await p.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(320);
      },
      { viewport: { width: 320, height: 800 }, screenshot: "chart-fixtures-320" },
    );

    pageTest("chart fixtures at 1280 px: labels clear", "/__test/charts", async (p) => {
      await expectLegibleCharts(p, 14, 5);
    });

    test("the harness reports axe violations and CSP errors", async (h) => {
      const opened = await h.open("/__test/broken");
      try {
        const error = await expectNoAxeViolations(opened.page, "/__test/broken").then(
          () => null,
          (e: unknown) => String(e),
        );
        expect(error).toContain("image-alt");
        expect(error).toContain("https://dequeuniversity.com/rules/axe/");
        await opened.page.waitForTimeout(100);
        expect(opened.problems.join("\n")).toMatch(/Content Security Policy/);
        expect(
          await opened.page
            .locator("p", { hasText: "Inline style" })
            .evaluate((el) => getComputedStyle(el).color),
        ).not.toBe("rgb(255, 0, 0)");
      } finally {
        await opened.close();
      }
    });
  },
  { demo: false, routes: fixtureRoutes },
);
