/**
 * A chart's SVG as a file of its own (a download, or the input of the PNG renderer).
 *
 * @example svgDocument(chart.downloadSvg ?? chart.svg) // '<?xml version="1.0" …?>\n<svg xmlns=…'
 */

const SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"';

/**
 * The XML declaration, and the SVG namespace on the root only when the chart does not already
 * declare it (charts carry it so that inline and standalone SVG read the same; declaring it twice
 * made the download malformed XML, issue 14).
 */
export function svgDocument(svg: string): string {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const withNamespace = root.includes(SVG_NAMESPACE)
    ? svg
    : svg.replace("<svg", `<svg ${SVG_NAMESPACE}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${withNamespace}`;
}

/** A downloaded PNG's width in pixels: twice the page's drawing, enough for a slide. */
export const PNG_WIDTH = 1600;
