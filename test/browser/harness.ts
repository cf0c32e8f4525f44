/**
 * Browser and accessibility test harness (playwright-core + Debian's Chromium + axe).
 *
 * `browserSuite(name, ({ pageTest, test }) => { ... })` starts, once per test file, the web app
 * on a fresh test database (reference data and a small synthetic demo) and one Chromium. Each
 * `pageTest(name, path, check?)` then opens `path` in a fresh browser context and:
 *   - expects the HTTP status (200 unless `{ status }` says otherwise),
 *   - records console errors (CSP violations included), page errors and failed requests,
 *   - runs axe with the WCAG 2.2 AA tags and expects zero violations (printed readably),
 *   - saves full-page screenshots to test-artifacts/screenshots/<name>.png (not committed), and
 *     after the check <name>-320.png (320 px wide) and <name>-print.png (print media),
 *   - runs `check(page, harness)` for the content a person would look for,
 *   - finally expects no JavaScript or console errors.
 *
 * Without Chromium the suite is skipped with a message; under IMPROVE_REQUIRE_ALL=1 it fails.
 * Adding a page is one line: pageTest("org dashboard", "/org/ZZ001", async (page) => { ... }).
 */
import type { Matrix } from "../../src/assessments/types.js";
import { AxeBuilder } from "@axe-core/playwright";
import type { FastifyInstance } from "fastify";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../../src/ingest/load-demo.js";
import { seedReference } from "../../src/storage/reference.js";
import { createAppFromDatabase } from "../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { chromiumMissing, chromiumPath } from "../support/requirements.js";
import type { BrowserDocument } from "./dom.js";

declare const document: BrowserDocument;

export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
export const screenshotDir = path.resolve("test-artifacts", "screenshots");
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface HarnessOptions {
  /** Synthetic demo size (default 30 organisations, 36 months, seed 3). */
  demo?: { orgs: number; months: number; seed: number } | false;
  /** Loads data after the reference seeding (e.g. the real shared data), instead of or beside the demo. */
  seed?: (db: TestDatabase) => Promise<void>;
  /** Serve the development mailbox (/dev/mailbox), as `improve serve` does without SMTP_URL. */
  devMailbox?: boolean;
  /** Register extra routes (e.g. fixtures) on the app before it listens. */
  routes?: (app: FastifyInstance) => void | Promise<void>;
  /** Self-assessment matrices (default: the repository's content/assessments). */
  matrices?: readonly Matrix[];
}

export interface Harness {
  baseUrl: string;
  browser: Browser;
  app: FastifyInstance;
  db: TestDatabase;
  /** Opens a page in a new context and records its problems; close it with `closePage`. */
  open(urlPath: string, options?: OpenOptions): Promise<OpenedPage>;
}

export interface OpenOptions {
  /** Expected HTTP status of the page (default 200). */
  status?: number;
  viewport?: { width: number; height: number };
  /** false: the page's scripts are served empty, as for a person whose JavaScript did not run
   *  (the browser's own JavaScript stays on, so axe can still run). Default true. */
  scripts?: boolean;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export interface PageTestOptions extends OpenOptions {
  /** Run axe (default true). */
  axe?: boolean;
  /** Screenshot file name without extension (default: the test name as a slug); false for none. */
  screenshot?: string | false;
  timeout?: number;
}

export type PageCheck = (page: Page, harness: Harness) => Promise<void>;

export interface SuiteApi {
  /** A page test: status, axe, screenshot, `check`, no errors. */
  pageTest(name: string, urlPath: string, check?: PageCheck, options?: PageTestOptions): void;
  /** A free-form browser test with the harness (open pages with `harness.open`). */
  test(name: string, fn: (harness: Harness) => Promise<void>, timeout?: number): void;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

async function startHarness(options: HarnessOptions): Promise<Harness & { stop(): Promise<void> }> {
  const db = await testDatabase();
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  try {
    await seedReference(db.db);
    if (options.demo !== false)
      await loadDemo(db, options.demo ?? { orgs: 30, months: 36, seed: 3 });
    await options.seed?.(db);
    // A variable, not a literal: the pool is for the analytics store of newer apps.
    const deps = {
      db: db.db,
      pool: db.pool,
      devMailbox: options.devMailbox ?? false,
      ...(options.matrices ? { matrices: options.matrices } : {}),
    };
    app = await createAppFromDatabase(deps);
    await options.routes?.(app);
    await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const b = browser;
  const a = app;
  const harness: Harness & { stop(): Promise<void> } = {
    baseUrl,
    browser: b,
    app: a,
    db,
    async open(urlPath, o = {}) {
      const context = await b.newContext({
        viewport: o.viewport ?? { width: 1280, height: 900 },
        reducedMotion: "reduce",
      });
      if (o.scripts === false)
        await context.route(/\.m?js(\?|$)/, (route) =>
          route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
        );
      const page = await context.newPage();
      const problems: string[] = [];
      const url = new URL(urlPath, baseUrl).toString();
      const expected = o.status ?? 200;
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() !== "error") return;
        // Chrome reports the page's own expected error status (e.g. a 404 page) on the console.
        if (
          expected >= 400 &&
          m.text().startsWith("Failed to load resource") &&
          m.location().url === url
        )
          return;
        problems.push(
          `console error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ""}`,
        );
      });
      page.on("requestfailed", (r) =>
        problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`),
      );
      page.on("response", (r) => {
        if (r.status() >= 400 && r.url() !== url) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      const response = await page.goto(url, { waitUntil: "load" });
      expect(response?.status(), `HTTP status of ${urlPath}`).toBe(expected);
      return { page, context, problems, close: () => context.close() };
    },
    async stop() {
      await b.close().catch(() => undefined);
      await a.close();
      await db.drop();
    },
  };
  return harness;
}

/** axe with the WCAG 2.2 AA tags; throws with a readable list of violations. */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map(
        (n) =>
          `      - ${n.target.join(" ")}\n        ${n.failureSummary?.replace(/\n/g, "\n        ") ?? ""}`,
      )
      .join("\n");
    return `  ${v.id} (${v.impact ?? "?"}): ${v.help}\n    ${v.helpUrl}\n${nodes}${v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : ""}`;
  });
  throw new Error(
    `axe found ${results.violations.length} accessibility violation(s) on ${label}:\n${lines.join("\n")}`,
  );
}

/**
 * Clicks the button named `name` and waits for the page it leads to (forms post, then redirect):
 * `exact` matches the whole name; `first` takes the first of several such buttons.
 */
export async function clickButton(
  page: Page,
  name: string | RegExp,
  options: { exact?: boolean; first?: boolean } = {},
): Promise<void> {
  const buttons = page.getByRole("button", { name, exact: options.exact ?? false });
  await (options.first ? buttons.first() : buttons).click();
  await page.waitForLoadState("load");
}

/**
 * axe at the desktop width and at 320 px, then back to the desktop width; with `shotPrefix`, a
 * full-page screenshot of the 320 px view as `<shotPrefix>-<label>-320`.
 */
export async function expectNoAxeViolationsAtBothWidths(
  page: Page,
  label: string,
  shotPrefix?: string,
): Promise<void> {
  await expectNoAxeViolations(page, label);
  await page.setViewportSize({ width: 320, height: 800 });
  await expectNoAxeViolations(page, `${label} at 320 px`);
  if (shotPrefix) await screenshot(page, `${shotPrefix}-${label}-320`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${slug(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The other two ways people see a page, as the brief asks us to look at them: full-page
 * screenshots at 320 px (the narrowest phone, WCAG's reflow width) and in print media, saved
 * beside the desktop one as <name>-320.png and <name>-print.png. The page is left at its
 * original viewport and screen media.
 */
export async function narrowAndPrintScreenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const viewport = page.viewportSize();
  try {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.screenshot({
      path: path.join(screenshotDir, `${slug(name)}-320.png`),
      fullPage: true,
    });
    if (viewport) await page.setViewportSize(viewport);
    await page.emulateMedia({ media: "print" });
    await page.screenshot({
      path: path.join(screenshotDir, `${slug(name)}-print.png`),
      fullPage: true,
    });
  } finally {
    await page.emulateMedia({ media: "screen" });
    if (viewport) await page.setViewportSize(viewport);
  }
}

/** Tab once and describe what has focus: "A:Skip to main content". */
export async function tabAndDescribe(page: Page, key = "Tab"): Promise<string> {
  await page.keyboard.press(key);
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "BODY";
    const text = (el.getAttribute("aria-label") ?? el.innerText ?? "").trim().replace(/\s+/g, " ");
    return `${el.tagName}:${text}`;
  });
}

/**
 * One browser suite per test file (vitest runs files in parallel; each has its own app, database
 * and Chromium). Skipped, with a message, when Chromium is missing.
 */
export function browserSuite(
  name: string,
  body: (api: SuiteApi) => void,
  options: HarnessOptions = {},
): void {
  const missing = chromiumMissing();
  describe.skipIf(missing !== null)(name, () => {
    let harness: (Harness & { stop(): Promise<void> }) | undefined;
    beforeAll(async () => {
      harness = await startHarness(options);
    }, 240_000);
    afterAll(async () => {
      await harness?.stop();
    });
    const get = () => {
      if (!harness) throw new Error("browser harness did not start");
      return harness;
    };
    body({
      pageTest(testName, urlPath, check, o = {}) {
        it(
          testName,
          async () => {
            const h = get();
            const opened = await h.open(urlPath, o);
            try {
              if (o.screenshot !== false) await screenshot(opened.page, o.screenshot ?? testName);
              if (o.axe !== false) await expectNoAxeViolations(opened.page, urlPath);
              await check?.(opened.page, h);
              if (o.screenshot !== false)
                await narrowAndPrintScreenshots(opened.page, o.screenshot ?? testName);
              expect(opened.problems, `errors on ${urlPath}`).toEqual([]);
            } finally {
              await opened.close();
            }
          },
          o.timeout ?? 60_000,
        );
      },
      test(testName, fn, timeout) {
        it(testName, () => fn(get()), timeout ?? 60_000);
      },
    });
  });
}
