/**
 * Colours, point markers and legend swatches. Making Data Count colours (improvement blue,
 * concern orange, neutral purple, common cause grey), always paired with a distinct marker
 * shape and a dark outline (3:1 against white), so colour is never the only cue.
 */
import { markerName, type VariationState } from "../../metrics/spc-wording.js";
import type { PointType } from "../../stats/spc/index.js";
import { attrs, n } from "./svg.js";

export const colours = {
  text: "#212b32",
  secondaryText: "#4c6272",
  grid: "#d8dde0",
  axis: "#4c6272",
  data: "#425563",
  mean: "#212b32",
  limit: "#4c6272",
  nearLimit: "#768692",
  target: "#d5281b",
  trajectory: "#005eb8",
  improvement: "#41b6e6",
  concern: "#ffb81c",
  neutral: "#8a1538",
  common: "#768692",
  outline: "#212b32",
  highlight: "#005eb8",
  peer: "#aeb7bd",
  /** The selected organisation's peers among many bars: dark enough to tell from `peer`. */
  peerGroup: "#425563",
  quality: "#d5281b",
} as const;

export type MarkerKind = VariationState;

export function markerKind(pointType: PointType): MarkerKind {
  switch (pointType) {
    case "special_cause_improvement":
      return "improvement";
    case "special_cause_concern":
      return "concern";
    case "special_cause_neutral_high":
    case "special_cause_neutral_low":
      return "neutral";
    default:
      return "common";
  }
}

export const markerNames: Record<MarkerKind, string> = {
  common: markerName("common", "grey circle"),
  improvement: markerName("improvement", "blue diamond"),
  concern: markerName("concern", "orange square"),
  neutral: markerName("neutral", "purple triangle"),
};

/**
 * A marker centred on (x, y): common cause a small grey circle, improvement a blue diamond,
 * concern an orange square, neutral a purple triangle.
 */
export function marker(kind: MarkerKind, x: number, y: number, fill?: string): string {
  const cls = `app-chart__marker app-chart__marker--${kind}`;
  switch (kind) {
    case "common":
      return `<circle${attrs({ class: cls, cx: n(x), cy: n(y), r: 3.5, fill: fill ?? colours.common })}/>`;
    case "improvement": {
      const s = 6.5;
      const d = `M${n(x)} ${n(y - s)}L${n(x + s)} ${n(y)}L${n(x)} ${n(y + s)}L${n(x - s)} ${n(y)}Z`;
      return `<path${attrs({ class: cls, d, fill: fill ?? colours.improvement, stroke: colours.outline, "stroke-width": 1.25 })}/>`;
    }
    case "concern": {
      const s = 4.75;
      return `<rect${attrs({ class: cls, x: n(x - s), y: n(y - s), width: n(2 * s), height: n(2 * s), fill: fill ?? colours.concern, stroke: colours.outline, "stroke-width": 1.25 })}/>`;
    }
    case "neutral": {
      const s = 6;
      const d = `M${n(x)} ${n(y - s)}L${n(x + s)} ${n(y + s * 0.8)}L${n(x - s)} ${n(y + s * 0.8)}Z`;
      return `<path${attrs({ class: cls, d, fill: fill ?? colours.neutral, stroke: colours.outline, "stroke-width": 1.25 })}/>`;
    }
  }
}

const swatchOpen =
  '<svg class="app-chart__swatch" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true" focusable="false">';

export function markerSwatch(kind: MarkerKind, fill?: string): string {
  return `${swatchOpen}${marker(kind, 12, 8, fill)}</svg>`;
}

export function lineSwatch(stroke: string, dash?: string, width = 2): string {
  return `${swatchOpen}<line${attrs({ x1: 1, y1: 8, x2: 23, y2: 8, stroke, "stroke-width": width, "stroke-dasharray": dash })}/></svg>`;
}

export function ringSwatch(): string {
  return `${swatchOpen}${qualityRing(12, 8)}</svg>`;
}

export function barSwatch(fill: string, pattern = false): string {
  const hatch = pattern
    ? `<path d="M4 14L12 2M10 14L18 2M16 14L22 5" stroke="#ffffff" stroke-width="1.5"/>`
    : "";
  return `${swatchOpen}<rect x="2" y="2" width="20" height="12" fill="${fill}" stroke="${colours.outline}" stroke-width="1"/>${hatch}</svg>`;
}

/** A dashed red ring around a point whose data carries a quality note. */
export function qualityRing(x: number, y: number): string {
  return `<circle${attrs({ class: "app-chart__quality", cx: n(x), cy: n(y), r: 9.5, fill: "none", stroke: colours.quality, "stroke-width": 1.5, "stroke-dasharray": "3 2" })}/>`;
}

export const dash = {
  limit: "6 4",
  nearLimit: "2 3",
  target: "10 4",
  trajectory: "4 3",
  quartile: "5 3",
} as const;
