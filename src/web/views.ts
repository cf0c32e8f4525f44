/** The Nunjucks environment: our views, the NHS.UK frontend macros, and display filters. */
import nunjucks from "nunjucks";
import { render as renderMarkdown } from "../guides/markdown.js";
import { formatNumber } from "../metrics/format.js";
import { formatPeriod, shortMonth } from "../metrics/period.js";
import type { PeriodType } from "../metrics/values.js";
import * as links from "./links.js";
import { nhsukDistDir, pagesDir, viewsDir } from "./paths.js";

const numberOrNull = (v: unknown): number | null => (typeof v === "number" ? v : null);

export function createViews(options: { watch?: boolean } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([viewsDir, pagesDir, nhsukDistDir], {
      noCache: options.watch ?? false,
    }),
    {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    },
  );
  env.addGlobal("links", links);
  env.addFilter("number", (v: unknown, decimals?: number) =>
    formatNumber(numberOrNull(v), decimals ?? 0),
  );
  env.addFilter("int", (v: unknown) => formatNumber(numberOrNull(v)));
  env.addFilter("period", (start: string, type: PeriodType = "month") => formatPeriod(start, type));
  env.addFilter("shortMonth", (start: string) => shortMonth(start));
  env.addFilter("plural", (n: number, one: string, many?: string) =>
    n === 1 ? one : (many ?? `${one}s`),
  );
  // The one place a template may output HTML it did not escape itself: Markdown from guides and
  // feedback, rendered and sanitised to an allow-list by src/guides/markdown.ts.
  env.addFilter("markdown", (text: unknown) =>
    typeof text === "string" ? new nunjucks.runtime.SafeString(renderMarkdown(text)) : "",
  );
  return env;
}
