/**
 * Every page type in a real browser: the content a person would look for, keyboard use, no
 * JavaScript or CSP errors, and zero axe violations (WCAG 2.2 AA). Add a page with one line:
 *   pageTest("org dashboard", "/org/ZZ001", async (page) => { ... });
 */
import { expect } from "vitest";
import type { BrowserDocument } from "./dom.js";
import { browserSuite, tabAndDescribe } from "./harness.js";

declare const document: BrowserDocument;

browserSuite("pages", ({ pageTest, test }) => {
  pageTest("home", "/", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Improvement Hub");
    expect(await page.title()).toContain("Improvement Hub");
    await expect(page.getByRole("link", { name: "learning and improvement networks" }).count()).resolves.toBeGreaterThan(0);
    // The synthetic demo is loaded, so the notice is shown and freshness is listed.
    expect(await page.getByRole("region", { name: "Synthetic data notice" }).isVisible()).toBe(true);
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
  });

  pageTest("networks", "/networks", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Learning and improvement networks");
    expect(await page.locator("table tbody tr").count()).toBe(16);
    const current = page.locator("header a[aria-current]");
    expect(await current.innerText()).toContain("Networks");
  });

  pageTest("page not found", "/no-such-page", async (page) => {
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Page not found");
    expect(await page.getByRole("link", { name: "Go to the Improvement Hub home page" }).isVisible()).toBe(true);
  }, { status: 404 });

  // Content reflows at 320 CSS pixels wide (WCAG 1.4.10): no sideways scrolling of the page;
  // wide tables scroll inside their own region (.app-table-scroll).
  const phone = { viewport: { width: 320, height: 640 } };
  const reflows = async (page: import("playwright-core").Page) => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  };
  pageTest("home on a phone", "/", reflows, phone);
  pageTest("networks on a phone", "/networks", reflows, phone);

  test("keyboard: the skip link comes first, then the header links", async (h) => {
    const { page, problems, close } = await h.open("/");
    try {
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
      expect(headerStops).toEqual(expect.arrayContaining(["A:/networks", "A:/metrics", "A:/organisations"]));
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
      expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
