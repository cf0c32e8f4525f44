/**
 * Guide text (Markdown) to HTML: parsed by markdown-it with raw HTML turned off, then cleaned by
 * sanitize-html to an allow-list, so nothing a guide author or a feedback giver writes can run
 * script or load anything. Both layers are deliberate: markdown-it's own link check stops
 * `javascript:` URLs, and the sanitiser is the second wall should a parser bug or a plugin let
 * HTML through (tested with stored XSS attempts in test/guides/markdown.test.ts).
 *
 * Headings are demoted by two levels (# becomes <h3>): guide text sits inside a page that already
 * has its <h1> and section <h2>s, so the outline stays in order. Links get the NHS.UK class;
 * external links say so only through the URL, never a new window (WCAG 3.2.5).
 *
 * @example render("See **this**") → "<p>See <strong>this</strong></p>\n"
 */
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

const parser = new MarkdownIt({ html: false, linkify: true, typographer: false });

const DEMOTE: Record<string, string> = {
  h1: "h3",
  h2: "h4",
  h3: "h5",
  h4: "h6",
  h5: "h6",
  h6: "h6",
};

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
  ],
  allowedAttributes: { a: ["href", "class"], ol: ["start"], th: ["scope"] },
  allowedSchemes: ["https", "http", "mailto"],
  allowProtocolRelative: false,
  transformTags: {
    ...Object.fromEntries(Object.entries(DEMOTE).map(([from, to]) => [from, to])),
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...(attribs.href ? { href: attribs.href } : {}), class: "nhsuk-link" },
    }),
    th: (tagName) => ({ tagName, attribs: { scope: "col" } }),
  },
};

/** Markdown to safe HTML (block level: paragraphs, lists, tables, links). */
export function render(markdown: string): string {
  return sanitizeHtml(parser.render(markdown), ALLOWED);
}

/** Markdown to plain text: for search, emails, CSV and page descriptions. */
export function plainText(markdown: string): string {
  const text = sanitizeHtml(parser.render(markdown), { allowedTags: [], allowedAttributes: {} });
  return parser.utils.unescapeAll(text).replace(/\s+/g, " ").trim();
}
