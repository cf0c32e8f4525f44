/**
 * Every page type in a real browser: the content a person would look for, keyboard use, no
 * JavaScript or CSP errors, and zero axe violations (WCAG 2.2 AA). Add a page with one line:
 *   pageTest("org dashboard", "/org/ZZ001", async (page) => { ... });
 */
import { AxeBuilder } from "@axe-core/playwright";
import { expect } from "vitest";
import type { BrowserDocument, GetComputedStyle } from "./dom.js";
import { axeTags, browserSuite, tabAndDescribe } from "./harness.js";
import { a4, a4Pages, printProblems } from "./print.js";

declare const document: BrowserDocument;
declare const getComputedStyle: GetComputedStyle;

browserSuite("pages", ({ pageTest, test }) => {
  pageTest("home", "/", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Improvement Hub");
    // The NHS typeface stack (Arial when Frutiger is not installed), never the browser's serif.
    for (const selector of ["h1", "main p", "nav a", "footer"])
      expect(
        await page
          .locator(selector)
          .first()
          .evaluate((e) => getComputedStyle(e).fontFamily),
        selector,
      ).toMatch(/^"?Frutiger W01"?, Arial, sans-serif$/i);
    expect(await page.title()).toContain("Improvement Hub");
    await expect(
      page.getByRole("link", { name: "learning and improvement networks" }).count(),
    ).resolves.toBeGreaterThan(0);
    // The synthetic demo is loaded, so the notice is shown and freshness is listed.
    expect(await page.getByRole("region", { name: "Synthetic data notice" }).isVisible()).toBe(
      true,
    );
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
  });

  pageTest("networks", "/networks", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
      "Learning and improvement networks",
    );
    expect(await page.locator("table tbody tr").count()).toBe(16);
    const current = page.locator("header a[aria-current]");
    expect(await current.innerText()).toContain("Networks");
  });

  pageTest(
    "page not found",
    "/no-such-page",
    async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Page not found");
      expect(
        await page.getByRole("link", { name: "Go to the Improvement Hub home page" }).isVisible(),
      ).toBe(true);
    },
    { status: 404 },
  );

  pageTest("organisations", "/organisations", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Organisations");
    expect(await page.locator("main a[href^='/org/ZZ']").count()).toBeGreaterThan(10);
  });

  pageTest("search results", "/search?q=trust", async (page) => {
    expect(await page.getByRole("heading", { level: 2 }).first().innerText()).toMatch(
      /results? for “trust”/,
    );
  });

  pageTest("search: an exact code opens the organisation", "/search?q=zz001", async (page) => {
    expect(page.url()).toMatch(/\/org\/ZZ001$/);
  });

  pageTest("organisation dashboard", "/org/ZZ001", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toContain("(demo)");
    expect(
      await page
        .getByRole("heading", { name: "Urgent and emergency care and acute flow" })
        .isVisible(),
    ).toBe(true);
    // Every metric row links to its metric page and states its variation in words, not only by icon.
    const rows = page.locator("table.app-dashboard tbody tr");
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await rows.first().locator("td").nth(1).innerText()).toMatch(
      /variation|Common cause|Special cause|trend|periods/i,
    );
    // The highlights section is always there: each highlight with its period, or "None at present".
    const highlights = await page.locator(".app-highlights").innerText();
    expect(highlights).toMatch(
      /None at present|(January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d: /,
    );
    // The peer selector is a GET form: the choice is part of the URL.
    await page.selectOption("#peers", { index: 1 });
    await page.getByRole("button", { name: "Change peers" }).click();
    await page.waitForURL(/peers=/);
    expect(await page.locator("table.app-dashboard").count()).toBeGreaterThan(0);
  });

  pageTest("board view", "/org/ZZ001/board", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toMatch(/^Board summary: /);
    expect(await page.locator("main").innerText()).toMatch(/compared with .+ open organisations/);
    // Each row: the metric links to its page; the value shows its period ("75.6% · Jul 2025").
    const rows = page.locator("table.app-board tbody tr");
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await rows.first().locator("td").first().innerText()).toMatch(/ · \S/);
    // Icons first, their words read out (visually hidden) and explained in the key.
    const icons = page.locator("table.app-board .app-board__icon-words");
    expect(await icons.count()).toBeGreaterThan(0);
    expect(await icons.first().locator(".nhsuk-u-visually-hidden").innerText()).toMatch(
      /variation|improvement|concern|target/i,
    );
    expect(await page.locator(".app-board-key li").count()).toBeGreaterThan(1);
    await page.getByRole("link", { name: "the organisation's page" }).click();
    await page.waitForURL(/\/org\/ZZ001$/);
    await page.getByRole("link", { name: /^Board summary of / }).click();
    await page.waitForURL(/\/org\/ZZ001\/board$/);
  });

  pageTest(
    "board view without JavaScript",
    "/org/ZZ001/board",
    async (page) => {
      expect(await page.locator("table.app-board .app-mdc-icon").count()).toBeGreaterThan(0);
    },
    { scripts: false, screenshot: false },
  );

  // On paper (print media at an A4 width): no clipped tables, no link addresses, no forms; and
  // few pages (measured: 9 for the demo's organisation page, 3 for its board view).
  for (const [name, path, pages] of [
    ["organisation dashboard", "/org/ZZ001", 10],
    ["board view", "/org/ZZ001/board", 3],
  ] as const)
    pageTest(
      `${name} in print`,
      path,
      async (page) => {
        expect(await printProblems(page)).toEqual([]);
        expect(await a4Pages(page)).toBeLessThanOrEqual(pages);
      },
      { viewport: a4, axe: false, screenshot: false },
    );

  pageTest("metric page", "/org/ZZ001/metric/ae_4hr_all", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
      "A&E 4-hour performance (all types)",
    );
    // The SPC chart has one point per month of the table beneath it.
    const points = await page
      .locator("#spc-figure svg.app-chart__svg--wide g.app-chart__point")
      .count();
    const rows = await page.locator("#spc-figure table tbody tr").count();
    expect(rows).toBe(36);
    expect(points).toBe(rows);
    expect(await page.locator(".app-chart__takeaway").first().innerText()).toMatch(
      /variation|improvement|concern/i,
    );
    expect(
      await page.getByRole("link", { name: /series shown in the SPC chart/ }).getAttribute("href"),
    ).toBe("/org/ZZ001/metric/ae_4hr_all.csv");
  });

  pageTest("metric across England", "/metric/ae_4hr_all", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
      "A&E 4-hour performance (all types)",
    );
    expect(await page.getByRole("heading", { name: /By region/ }).isVisible()).toBe(true);
  });

  pageTest("metrics catalogue", "/metrics", async (page) => {
    expect(await page.locator("main a[href^='/metric/']").count()).toBeGreaterThanOrEqual(20);
  });

  pageTest("network dashboard", "/group/network:london-uec", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
      "London urgent and emergency care LIN",
    );
    expect(await page.getByText("Matthew Trainer").isVisible()).toBe(true);
  });

  pageTest("region dashboard", "/regions/Y56", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("London");
  });

  pageTest("ICB dashboard", "/icbs/QMF", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toContain(
      "North East London",
    );
  });

  pageTest("compare", "/compare?orgs=ZZ001,ZZ002&metric=ae_4hr_all", async (page) => {
    expect(await page.locator("main table tbody tr").count()).toBeGreaterThanOrEqual(2);
  });

  pageTest("data sources", "/data", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
      "Data sources and definitions",
    );
    expect(await page.getByText("Synthetic demo data").first().isVisible()).toBe(true);
  });

  pageTest("a malformed organisation code", "/org/not-a-code!", undefined, { status: 400 });
  pageTest("an unknown organisation", "/org/NOPE9", undefined, { status: 404 });

  // Friendly, consistent errors (issue 13): the site's page and plain words, never Fastify's JSON
  // or the command line's syntax.
  pageTest(
    "a malformed web address",
    "/org/%ZZ",
    async (page) => {
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("There is a problem");
      expect(await page.locator("main").innerText()).toContain("The web address is not valid.");
    },
    { status: 400 },
  );
  pageTest(
    "an unknown peer group",
    "/org/ZZ001?peers=nope",
    async (page) => {
      const text = await page.locator("main").innerText();
      expect(text).toContain("There is no peer group “nope”.");
      expect(text).not.toMatch(/geo-region|orgs:A|peer-finder-</);
    },
    { status: 400 },
  );
  // The site parses URL-encoded forms only, with a 64 KB limit; a larger form meets that limit
  // before any route runs (so before the CSRF check) and gets the site's own page.
  test("an oversized form sent by the browser gets the site's error page", async (h) => {
    const { page, problems, close } = await h.open("/");
    try {
      await page.setContent(
        `<form method="post" action="${h.baseUrl}/sign-in"><input type="hidden" name="x" value="${"a".repeat(100_000)}"><button>Send</button></form>`,
      );
      const [response] = await Promise.all([
        page.waitForResponse(`${h.baseUrl}/sign-in`),
        page.getByRole("button", { name: "Send" }).click(),
      ]);
      expect(response.status()).toBe(413);
      await page.waitForURL(`${h.baseUrl}/sign-in`);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("There is a problem");
      expect(await page.locator("main").innerText()).toContain("The request is too large.");
      expect(await page.locator("header").count()).toBeGreaterThan(0);
      const axe = await new AxeBuilder({ page }).withTags(axeTags).analyze();
      expect(axe.violations.map((v) => v.id)).toEqual([]);
      // The page's own 413 is the point; nothing else on it may fail (stylesheet, scripts, CSP).
      expect(problems.filter((p) => !p.includes("413"))).toEqual([]);
    } finally {
      await close();
    }
  });

  // Content reflows at 320 CSS pixels wide (WCAG 1.4.10): no sideways scrolling of the page;
  // wide tables scroll inside their own region (.app-table-scroll).
  const phone = { viewport: { width: 320, height: 640 } };
  const reflows = async (page: import("playwright-core").Page) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    // On failure, name the elements that stick out (outside the scrolling table regions).
    const culprits = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter(
          (e) =>
            e.getBoundingClientRect().right > 321 &&
            !e.parentElement?.closest(".app-table-scroll, .app-chart__table-scroll"),
        )
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(width, culprits.join("; ")).toBeLessThanOrEqual(320);
  };
  pageTest("home on a phone", "/", reflows, phone);
  pageTest("networks on a phone", "/networks", reflows, phone);
  pageTest("organisation dashboard on a phone", "/org/ZZ001", reflows, phone);
  pageTest("board view on a phone", "/org/ZZ001/board", reflows, phone);
  pageTest("metric page on a phone", "/org/ZZ001/metric/ae_4hr_all", reflows, phone);
  pageTest("data sources on a phone", "/data", reflows, phone);

  test("keyboard: the skip link comes first, then the header links", async (h) => {
    const { page, problems, close } = await h.open("/");
    try {
      // The header script fits the navigation to the width it measures; on a busy machine it can
      // measure before the stylesheet applies and fold every link into its menu. Measure again.
      await page.waitForLoadState("networkidle");
      const size = page.viewportSize() ?? { width: 1280, height: 800 };
      await page.setViewportSize({ ...size, width: size.width - 1 });
      await page.setViewportSize(size);
      expect(await tabAndDescribe(page)).toBe("A:Skip to main content");
      // Then the header: the service link first, then search and the navigation links.
      const headerStops: string[] = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        const stop = await page.evaluate(() => {
          const el = document.activeElement;
          return el?.closest("header") ? `${el.tagName}:${el.getAttribute("href") ?? ""}` : null;
        });
        if (stop === null) break;
        headerStops.push(stop);
      }
      expect(headerStops[0]).toBe("A:/");
      expect(headerStops).toEqual(
        expect.arrayContaining(["A:/networks", "A:/metrics", "A:/organisations"]),
      );
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("keyboard: the skip link moves focus to the main content", async (h) => {
    const { page, problems, close } = await h.open("/networks");
    try {
      expect(await tabAndDescribe(page)).toBe("A:Skip to main content");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "maincontent");
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("MAIN");
      // The next Tab goes into the page content, not back to the header.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(
        true,
      );
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
