/**
 * A report (./report-model.ts) as one standalone HTML file, for `improve report --format html`:
 * everything inline (the stylesheet, the SPC charts and icons as SVG), no script and no external
 * asset, so it opens from a disk, an email or an intranet page and prints as the site's page does
 * (a page break before each metric). Every piece of text is escaped here.
 */
import { esc } from "../../charts/svg.js";
import type { ReportPage, ReportRow } from "./report-model.js";

/** NHS.UK's colours and type scale, reduced for a document; the print rules of _reports.scss. */
const STYLE = `
body{font-family:Frutiger W01,Arial,Helvetica,sans-serif;color:#212b32;margin:0 auto;max-width:1100px;padding:24px;line-height:1.45;font-size:16px}
h1{font-size:32px;margin:0 0 8px}h2{font-size:24px;margin:32px 0 12px}h3{font-size:19px;margin:0 0 8px}
.caption{color:#4c6272;font-size:19px;margin:0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:14px;color:#4c6272}
dl.meta dt{font-weight:700}dl.meta dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:14px;margin-bottom:24px}
caption{text-align:left;font-weight:700;font-size:19px;padding:8px 0}
th,td{border-bottom:1px solid #d8dde0;padding:6px 8px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #212b32}
.num{text-align:right;white-space:nowrap}
.icon{display:flex;gap:6px;align-items:center}.icon svg{flex:none}
.muted{color:#4c6272}
.metric{break-before:page;page-break-before:always;padding-top:8px}
.metric svg.app-chart__svg{width:100%;height:auto}
.commentary{border-left:8px solid #005eb8;padding:4px 16px;margin:12px 0}
.draft{border-left-color:#ffeb3b;background:#fff9c4}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;font-size:14px}
.legend li{display:flex;gap:6px;align-items:center}
@media print{body{padding:0;font-size:11pt}@page{size:A4;margin:12mm}}
`;

function iconCell(icon: { svg: string; words: string } | null, none: string): string {
  return icon
    ? `<span class="icon">${icon.svg}<span>${esc(icon.words)}</span></span>`
    : `<span class="muted">${esc(none)}</span>`;
}

function summaryRow(r: ReportRow): string {
  return `<tr><th scope="row">${esc(r.title)}</th><td>${esc(r.period || "–")}</td><td class="num">${esc(r.value)}</td><td class="num">${esc(r.target ?? "None")}</td><td class="num">${esc(r.mean)}</td><td class="num">${esc(r.lower)}</td><td class="num">${esc(r.upper)}</td><td>${iconCell(r.variation, "Not judged")}</td><td>${iconCell(r.assurance, r.target ? "Not judged" : "No target")}</td><td>${esc(r.takeaway)}</td></tr>`;
}

export function reportHtml(page: ReportPage): string {
  const meta: [string, string][] = [
    ["Subject", `${page.info.name} (${page.info.kindLabel})`],
    ["Source", `Public NHS data held by the Improvement Hub: ${page.seriesLabels.join("; ")}`],
    [
      "Method",
      "Making Data Count statistical process control: the mean and process limits of the latest limits, variation and assurance icons as NHS England's guide defines them",
    ],
    ["Periods", page.periods],
    ["Data version", page.dataVersion],
    ["Generated", page.generatedAt.toISOString()],
  ];
  const head = `<thead><tr><th scope="col">Metric</th><th scope="col">Period</th><th scope="col" class="num">Latest</th><th scope="col" class="num">Target</th><th scope="col" class="num">Mean</th><th scope="col" class="num">Lower limit</th><th scope="col" class="num">Upper limit</th><th scope="col">Variation</th><th scope="col">Assurance</th><th scope="col">Takeaway</th></tr></thead>`;
  const tables = page.sections
    .filter((s) => s.rows.length > 0)
    .map(
      (s) =>
        `<table><caption>${esc(s.title)}</caption>${head}<tbody>${s.rows.map(summaryRow).join("")}</tbody></table>`,
    )
    .join("");
  const missing = page.missing.length
    ? `<h2>No data</h2><p>${esc(`${page.info.name} has no values for:`)}</p><ul>${page.missing.map((m) => `<li>${esc(`${m.title} (${m.section})`)}</li>`).join("")}</ul>`
    : "";
  const metrics = page.metrics
    .map(({ row, chart, commentary }) => {
      let html = `<section class="metric"><h3>${esc(row.title)}</h3><p class="muted">${esc(`${row.section} · latest ${row.value}${row.period ? ` in ${row.period}` : ""}`)}</p><p>${esc(`${row.takeaway}.`)}</p>`;
      if (chart) {
        html += `<ul class="legend">${chart.legend.map((l) => `<li>${l.swatch}<span>${esc(l.label)}</span></li>`).join("")}</ul>`;
        html += chart.downloadSvg ?? chart.svg;
      }
      if (commentary)
        html += `<div class="commentary${commentary.draftLabel ? " draft" : ""}"><h4>Commentary${commentary.draftLabel ? `: ${esc(commentary.draftLabel)}` : ""}</h4>${commentary.paragraphs.map((p) => `<p>${esc(p)}</p>`).join("")}<p class="muted">${esc(commentary.byline)}</p></div>`;
      else if (page.showsCommentary && row.periodStart)
        html += `<p class="muted">${esc(`No commentary yet for ${row.period}.`)}</p>`;
      return html + "</section>";
    })
    .join("");
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(`${page.title}: ${page.info.name}`)}</title><style>${STYLE}</style></head><body><main><p class="caption">${esc(`${page.info.name} · ${page.info.kindLabel}`)}</p><h1>${esc(page.title)}</h1>${page.description ? `<p>${esc(page.description)}</p>` : ""}<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl><h2>Summary</h2>${tables}${missing}<h2>Metrics</h2>${metrics}</main></body></html>\n`;
}
