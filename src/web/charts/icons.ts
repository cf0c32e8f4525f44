/**
 * Making Data Count summary icons, drawn here as simple shapes (not copies of the NHS images):
 * a coloured disc with a letter and an arrow, so that colour is never the only cue, and a text
 * equivalent for each.
 *
 *   variation: common cause (grey, a wavy line), improvement (blue), concern (orange),
 *              neutral (purple); "H" with an up arrow when the special cause is high values,
 *              "L" with a down arrow when it is low values.
 *   assurance: "P" consistently passing (blue), "F" consistently failing (orange),
 *              "?" hit and miss (grey).
 */
import type { AssuranceIcon, VariationIcon } from "../../stats/spc/index.js";
import { assuranceIconText, variationIconText } from "../../metrics/spc-wording.js";
import { colours } from "./marks.js";

export { assuranceIconText, variationIconText };
import { attrs, esc } from "./svg.js";

export interface IconOptions {
  /** Rendered size in CSS pixels (default 40). */
  size?: number;
  /** The text is shown next to the icon: hide the icon from assistive technology. */
  decorative?: boolean;
}

function open(kind: string, code: string, text: string, o: IconOptions): string {
  const size = o.size ?? 40;
  const a11y = o.decorative ? { "aria-hidden": "true" } : { role: "img", "aria-label": text };
  return `<svg${attrs({ xmlns: "http://www.w3.org/2000/svg", class: `app-mdc-icon app-mdc-icon--${kind} app-mdc-icon--${code.replace(/_/g, "-")}`, viewBox: "0 0 40 40", width: size, height: size, focusable: "false", ...a11y })}>${o.decorative ? "" : `<title>${esc(text)}</title>`}`;
}

function disc(fill: string, stroke: string): string {
  return `<circle cx="20" cy="20" r="18" fill="${fill}" stroke="${stroke}" stroke-width="2"/>`;
}

function letter(ch: string, x: number, fill: string): string {
  return `<text x="${x}" y="21" text-anchor="middle" dominant-baseline="middle" font-family="Arial, sans-serif" font-size="17" font-weight="700" fill="${fill}">${esc(ch)}</text>`;
}

function arrow(up: boolean, stroke: string): string {
  const [y1, y2, head] = up
    ? [28, 12, "M24.5 16.5L28 12L31.5 16.5"]
    : [12, 28, "M24.5 23.5L28 28L31.5 23.5"];
  return `<path d="M28 ${y1}V${y2}${head}" fill="none" stroke="${stroke}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** The variation icon as inline SVG (role="img" with the text equivalent unless decorative). */
export function mdcVariationIcon(code: VariationIcon, options: IconOptions = {}): string {
  const text = variationIconText(code);
  let body: string;
  if (code === "common_cause") {
    body =
      disc("#ffffff", colours.common) +
      `<path d="M8 21L13 16L18 24L23 15L28 23L32 18" fill="none" stroke="${colours.data}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>`;
  } else {
    const high = code.endsWith("_high");
    const [fill, ink] = code.startsWith("improvement")
      ? [colours.improvement, colours.text]
      : code.startsWith("concern")
        ? [colours.concern, colours.text]
        : [colours.neutral, "#ffffff"];
    body = disc(fill, colours.outline) + letter(high ? "H" : "L", 15, ink) + arrow(high, ink);
  }
  return `${open("variation", code, text, options)}${body}</svg>`;
}

/** The assurance icon as inline SVG; null (no target, or a neutral measure) draws a dashed ring. */
export function mdcAssuranceIcon(code: AssuranceIcon | null, options: IconOptions = {}): string {
  const text = assuranceIconText(code);
  let body: string;
  switch (code) {
    case "pass":
      body = disc(colours.improvement, colours.outline) + letter("P", 20, colours.text);
      break;
    case "fail":
      body = disc(colours.concern, colours.outline) + letter("F", 20, colours.text);
      break;
    case "inconsistent":
      body = disc("#d8dde0", colours.outline) + letter("?", 20, colours.text);
      break;
    default:
      body = `<circle cx="20" cy="20" r="18" fill="#ffffff" stroke="${colours.common}" stroke-width="2" stroke-dasharray="4 3"/><path d="M13 20H27" stroke="${colours.data}" stroke-width="2.5" stroke-linecap="round"/>`;
  }
  return `${open("assurance", code ?? "none", text, options)}${body}</svg>`;
}
