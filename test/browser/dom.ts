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
  className: string;
  scrollWidth: number;
  clientWidth: number;
  parentElement: BrowserElement | null;
  nextElementSibling: BrowserElement | null;
  closest(selector: string): BrowserElement | null;
  querySelector(selector: string): BrowserElement | null;
  getBoundingClientRect(): {
    left: number;
    right: number;
    top: number;
    bottom: number;
    width: number;
    height: number;
  };
}

export interface BrowserDocument {
  activeElement: BrowserElement | null;
  documentElement: { scrollWidth: number };
  body: BrowserElement;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
}

export type GetComputedStyle = (
  el: BrowserElement,
  pseudo?: string,
) => { color: string; fontFamily: string; fontSize: string; content: string; display: string };
