/**
 * A page on paper: what the print stylesheet (src/web/styles/_print.scss) promises, checked in
 * Chromium with print media at the width of an A4 sheet (794 CSS pixels), and the number of A4
 * pages the page prints on.
 */
import type { Page } from "playwright-core";
import type { BrowserDocument, GetComputedStyle } from "./dom.js";

declare const document: BrowserDocument;
declare const getComputedStyle: GetComputedStyle;

/** An A4 sheet in CSS pixels (210 × 297 mm at 96 per inch). */
export const a4 = { width: 794, height: 1123 };

/**
 * What would be wrong on paper: a table or the body wider than the page (clipped columns), a
 * link printed with its address after it, a peer selector, search box or button shown, a
 * screen's long wording printed instead of its short one for paper (`.app-print-hide`).
 * Empty when the page prints well.
 */
export async function printProblems(page: Page): Promise<string[]> {
  await page.emulateMedia({ media: "print" });
  return page.evaluate(() => {
    const problems: string[] = [];
    const body = document.body;
    if (body.scrollWidth > body.clientWidth)
      problems.push(`body ${body.scrollWidth} px wide in ${body.clientWidth} px`);
    for (const t of document.querySelectorAll("table"))
      if (t.scrollWidth > t.clientWidth || t.getBoundingClientRect().right > body.clientWidth)
        problems.push(`table "${(t.textContent ?? "").trim().slice(0, 40)}" is clipped`);
    for (const a of document.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href") ?? "";
      if (href && getComputedStyle(a, "::after").content.includes(href))
        problems.push(`link "${a.textContent ?? ""}" prints its address ${href}`);
    }
    // Laid out at all: an element inside one that is not displayed has no box either.
    for (const selector of [
      ".app-peer-selector",
      ".nhsuk-header__search",
      "main button",
      ".app-print-hide",
    ])
      for (const e of document.querySelectorAll(selector)) {
        const box = e.getBoundingClientRect();
        if (box.width > 0 || box.height > 0) problems.push(`${selector} is printed`);
      }
    return problems;
  });
}

/**
 * What is out of scale on paper: a heading printed larger than the heading a level up that its
 * section is under, or a summary list, an aside (`.nhsuk-body-s`) or a tag printed larger than the running text (the
 * frontend's print sizes did both: a level-3 heading above a level-2 one, a link in a list below
 * its own small-text aside). Empty when the type steps down as the page's structure does.
 */
export async function printScaleProblems(page: Page): Promise<string[]> {
  await page.emulateMedia({ media: "print" });
  return page.evaluate(() => {
    const problems: string[] = [];
    const size = (e: { tagName: string }) => parseFloat(getComputedStyle(e as never).fontSize);
    const shown = (selector: string) =>
      [...document.querySelectorAll(selector)].filter((e) => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && (e.textContent ?? "").trim() !== "";
      });
    const text = shown("main p:not([class])");
    const body = Math.max(0, ...text.map(size));
    // Each heading against the one its section is under (the latest heading a level up).
    const under: number[] = [];
    for (const h of shown("main h1, main h2, main h3, main h4")) {
      const level = Number(h.tagName.slice(1));
      const parent = under[level - 1];
      if (parent !== undefined && size(h) > parent)
        problems.push(
          `h${level} "${(h.textContent ?? "").trim().slice(0, 30)}" larger than the h${level - 1} above it`,
        );
      under[level] = size(h);
      under.length = level + 1;
    }
    for (const selector of [
      "main .nhsuk-summary-list__key",
      "main .nhsuk-summary-list__value",
      "main .nhsuk-body-s",
      "main .nhsuk-tag",
    ])
      for (const e of shown(selector))
        if (body > 0 && size(e) > body)
          problems.push(
            `${selector} "${(e.textContent ?? "").trim().slice(0, 30)}" larger than the text`,
          );
    return problems;
  });
}

/**
 * Headings that print over nothing: every element after one, up to the next heading, is left off
 * on paper (a heading introducing a form, once the form is not printed). Their texts.
 */
export async function printHeadingsOverNothing(page: Page): Promise<string[]> {
  await page.emulateMedia({ media: "print" });
  return page.evaluate(() => {
    const laidOut = (e: { getBoundingClientRect(): { width: number; height: number } }) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    };
    const alone: string[] = [];
    for (const h of document.querySelectorAll("main h2, main h3, main h4")) {
      if (!laidOut(h)) continue;
      let next = h.nextElementSibling;
      let printed = false;
      while (next && !/^H[1-6]$/.test(next.tagName)) {
        if (laidOut(next)) printed = true;
        next = next.nextElementSibling;
      }
      if (!printed && h.nextElementSibling) alone.push((h.textContent ?? "").trim());
    }
    return alone;
  });
}

/** The number of A4 pages the page prints on (Chromium's PDF: its page objects). */
export async function a4Pages(page: Page): Promise<number> {
  await page.emulateMedia({ media: "print" });
  const pdf = (await page.pdf({ format: "A4", printBackground: true })).toString("latin1");
  return (pdf.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}
