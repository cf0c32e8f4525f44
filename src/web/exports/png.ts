/**
 * A chart's SVG as a PNG, rendered on the server with resvg (@resvg/resvg-js, a Rust SVG renderer:
 * no browser). Text is set in the embedded Arial-metric font (./fonts.ts): the charts name
 * "Frutiger W01, Arial, sans-serif", and every one of those resolves to it, whatever fonts the
 * server has.
 *
 * @example svgPng(chart.svg, 1600) // a PNG 1,600 pixels wide, its height in the SVG's proportion
 */
import { Resvg } from "@resvg/resvg-js";
import { FONT_FAMILY, FONT_FILES } from "./fonts.js";

/** Widest PNG drawn: big enough for a slide or print at 300 dpi, small enough to bound the work. */
export const PNG_MAX_WIDTH = 4000;

export function svgPng(svg: string, width: number): Buffer {
  const w = Math.round(Math.min(Math.max(width, 100), PNG_MAX_WIDTH));
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: w },
    // A white page: a transparent PNG pasted on a dark slide would lose its axes.
    background: "#ffffff",
    font: {
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}
