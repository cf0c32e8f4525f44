/**
 * Finding the newest file on a publication's landing page. NHS England lists each month's CSV as
 * a link on the year's statistics page, newest first; the configured `linkPattern` (a regular
 * expression) picks the links that are the publication's files and the first match wins.
 * Relative links are resolved against the page URL.
 */
export function findLatestLink(
  html: string,
  pageUrl: string,
  linkPattern: string,
): string | undefined {
  const pattern = new RegExp(linkPattern, "i");
  for (const m of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    const href = m[1]!.replace(/&amp;/g, "&");
    if (pattern.test(href)) return new URL(href, pageUrl).toString();
  }
  return undefined;
}
