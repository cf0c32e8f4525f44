/**
 * The HTML around a chart: heading, takeaway, legend, the SVG, footnotes and the same data as a
 * table (in an NHS.UK details component, linked from under the chart). Views print it with
 * `{{ figure | safe }}`; every piece of text in it is escaped here.
 */
import { esc } from "./svg.js";
import type { Chart } from "./types.js";

export interface FigureOptions {
  /** Heading level of the chart title (default 2). */
  headingLevel?: 2 | 3 | 4;
  /** Where the CSV of the data can be downloaded, if anywhere. */
  csvHref?: string;
  /** Where the chart can be downloaded as SVG and as PNG (src/web/exports/page-downloads.ts). */
  svgHref?: string;
  pngHref?: string;
  /** Open the table by default (e.g. when the table is the main content). */
  tableOpen?: boolean;
}

const headingClass = { 2: "nhsuk-heading-m", 3: "nhsuk-heading-s", 4: "nhsuk-heading-xs" } as const;

export function tableHtml(chart: Chart, id = `${chart.id}-table`): string {
  const { table } = chart;
  const cls = (i: number, base: string) => (table.numeric[i] ? `${base} app-num` : base);
  let html = `<table class="nhsuk-table app-table--numeric app-chart__table" id="${esc(id)}">`;
  html += `<caption class="nhsuk-table__caption nhsuk-table__caption--s">${esc(table.caption)}</caption>`;
  html += `<thead class="nhsuk-table__head"><tr class="nhsuk-table__row">${table.head.map((h, i) => `<th scope="col" class="${cls(i, "nhsuk-table__header")}">${esc(h)}</th>`).join("")}</tr></thead>`;
  html += '<tbody class="nhsuk-table__body">';
  for (const row of table.rows) {
    html += '<tr class="nhsuk-table__row">';
    row.forEach((cell, i) => {
      const text = cell === null ? "" : esc(cell);
      html +=
        i === 0
          ? `<th scope="row" class="${cls(i, "nhsuk-table__header")}">${text}</th>`
          : `<td class="${cls(i, "nhsuk-table__cell")}">${text}</td>`;
    });
    html += "</tr>";
  }
  return html + "</tbody></table>";
}

export function figureHtml(chart: Chart, options: FigureOptions = {}): string {
  const level = options.headingLevel ?? 2;
  const id = chart.id;
  const tableId = `${id}-table`;
  let html = `<figure class="app-chart" id="${esc(id)}-figure" aria-labelledby="${esc(id)}-heading">`;
  html += `<figcaption class="app-chart__caption"><h${level} class="${headingClass[level]} app-chart__title" id="${esc(id)}-heading">${esc(chart.title)}</h${level}>`;
  html += `<p class="app-chart__takeaway">${esc(chart.takeaway)}</p></figcaption>`;
  if (chart.legend.length) {
    html += `<ul class="app-chart__legend" aria-label="Key">${chart.legend.map((l) => `<li class="app-chart__legend-item">${l.swatch}<span>${esc(l.label)}</span></li>`).join("")}</ul>`;
  }
  html += `<div class="app-chart__plot" data-app-chart-plot>${chart.svg}${chart.compactSvg}</div>`;
  if (chart.footnotes.length) {
    html += `<ul class="app-chart__footnotes nhsuk-body-s">${chart.footnotes.map((f) => `<li>${esc(f)}</li>`).join("")}</ul>`;
  }
  const links = [
    `<a href="#${esc(tableId)}" class="app-chart__table-link">Show the data as a table</a>`,
  ];
  if (options.csvHref)
    links.push(`<a href="${esc(options.csvHref)}" download>Download the data (CSV)</a>`);
  if (options.svgHref) links.push(`<a href="${esc(options.svgHref)}" download>The chart (SVG)</a>`);
  if (options.pngHref) links.push(`<a href="${esc(options.pngHref)}" download>The chart (PNG)</a>`);
  html += `<p class="app-chart__links nhsuk-body-s">${links.join(" · ")}</p>`;
  html += `<details class="nhsuk-details app-chart__details" id="${esc(id)}-details"${options.tableOpen ? " open" : ""}><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Data table: ${esc(chart.title)}</span></summary><div class="nhsuk-details__text"><div class="app-chart__table-scroll" role="region" aria-label="${esc(`Data table: ${chart.title}`)}" tabindex="0">${tableHtml(chart, tableId)}</div></div></details>`;
  return html + "</figure>";
}
