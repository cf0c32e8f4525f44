/**
 * The few browser types the tests' `page.evaluate` callbacks use. The project type-checks without
 * the DOM library (server code must not see `document`), so browser tests declare what they need
 * locally: `declare const document: BrowserDocument` in the test module.
 */
export interface BrowserElement {
  tagName: string;
  id: string;
  innerText: string;
  outerHTML: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): BrowserElement | null;
  querySelector(selector: string): BrowserElement | null;
}

export interface BrowserDocument {
  activeElement: BrowserElement | null;
  documentElement: { scrollWidth: number };
  body: BrowserElement;
}

export type GetComputedStyle = (el: BrowserElement) => { color: string };
