/**
 * Every sentence and formula the analytics service writes, in one place so that wording can be
 * read, changed and tested together (test/metrics/analytics/sentences.test.ts checks each by
 * table). Numbers come in already computed; this module only words them. Formatting of numbers
 * and values is imported from metric-info.ts.
 */
import type { MetricDefinition } from "../catalogue/types.js";
import { formatMetricDifference, formatMetricValue, formatNumber, ordinal } from "../format.js";
import { OVERDISPERSION_ALPHA, type QuintileAssessment } from "../../stats/index.js";
import type { ChangeSinceBaseline } from "./types.js";
import { orgKindLabel, type OrgKind } from "../organisations.js";
import type { PeriodType } from "../values.js";

type Def = Pick<MetricDefinition, "unit" | "decimals" | "ratePer">;

export const TIE_METHOD =
  'competition ranking ("1224"): tied organisations share the best rank of the tie; the next rank skips';

// --- Groups -----------------------------------------------------------------------------------

/** Each kind in the plural, as a group's name uses it ("All integrated care boards", not "All icbs"). */
const KIND_PLURAL: Readonly<Record<OrgKind, string>> = {
  country: "countries",
  region: "NHS England regions",
  icb: "integrated care boards",
  sub_icb: "sub-ICB locations",
  acute_trust: "acute trusts",
  ambulance_trust: "ambulance trusts",
  mental_health_trust: "mental health trusts",
  community_trust: "community trusts",
  independent_provider: "independent providers",
  unlisted_provider: "providers not in the ODS list",
  other: "other organisations",
};

export const groupNames = {
  england: "All NHS providers in England",
  englandShort: "England",
  orgKind: (kind: OrgKind) => `All ${KIND_PLURAL[kind]}`,
  providersIn: (placeName: string) => `NHS providers in ${placeName}`,
  recommended: (orgName: string, peers: number) =>
    `${orgName} and its ${peers} recommended peers (most like it in size, work and type)`,
  chosen: (count: number) => `${count} chosen organisations`,
};

// --- Trends -----------------------------------------------------------------------------------

// Every judgement of change over time is worded twice: `text`, the plain sentence a reader meets
// first (no test statistics, no thresholds), and `detail`, the statistics behind it, which pages
// put one click away (a details component). One rule heads a page's summary (trendInfo's
// `headline`); the other sentences describe and never judge against it.

/** A plain sentence and, when there is one, the statistical detail behind it. */
export interface Said {
  text: string;
  detail: string | null;
}

// The recent trend is tested only on annual proportions and rates (trend-scope.ts), so its
// sentences speak of years.

/** The χ² test for trend in words, as its detail. Example: 12.345 → "…: χ² = 12.35, above …". */
function chiSquareDetail(chiSquare: number | null): string | null {
  if (chiSquare === null || !Number.isFinite(chiSquare)) return null;
  const x = formatNumber(chiSquare, 2);
  return chiSquare > 9.5495
    ? `χ² test for trend over the last 5 years: χ² = ${x}, above 9.5495, the 99.8% threshold with 1 degree of freedom.`
    : `χ² test for trend over the last 5 years: χ² = ${x}, not above 9.5495, the 99.8% threshold with 1 degree of freedom.`;
}

/**
 * Why no recent trend was computed for a tested metric: too few consecutive years, or a
 * significant trend whose direction is undefined because a year is 0% or 100% (logit ±∞).
 */
export function recentTrendCannotText(
  method: "proportion" | "rate",
  directionUndefined: boolean,
): Said {
  const why = directionUndefined
    ? "A year at 0% or 100% leaves the direction of the trend undefined."
    : method === "proportion"
      ? "The test needs the latest 5 consecutive years with a numerator and denominator."
      : "The test needs the latest 5 consecutive years with values and intervals.";
  return { text: "Recent trend cannot be calculated.", detail: why };
}

const PERIODIC: Partial<Record<PeriodType, string>> = {
  day: "daily",
  week: "weekly",
  month: "monthly",
  quarter: "quarterly",
  twelve_months: "overlapping rolling twelve-month",
};

const PERIOD_NOUN: Partial<Record<PeriodType, [string, string]>> = {
  day: ["day", "days"],
  week: ["week", "weeks"],
  month: ["month", "months"],
  quarter: ["quarter", "quarters"],
};

/** "1 month", "12 months", "3 points" for period types without a plain noun. */
function periodsOf(count: number, periodType: PeriodType): string {
  const [one, many] = PERIOD_NOUN[periodType] ?? ["point", "points"];
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Why a metric's recent trend is not tested, and where change over time is judged instead.
 * `spc`: the series' SPC summary exists; else `points` observed against the `spcMinimum` SPC needs
 * (since `since`, the period its limits last started again, when they did: baseline.ts).
 * Example: ("sub_annual", "month", false, 12, 15, "August 2024") → "Change over time not judged
 * yet: 12 months since the limits started again in August 2024, and SPC needs 15."
 */
export function recentTrendNotTestedText(
  reason: "sub_annual" | "count" | "no_interval",
  periodType: PeriodType,
  spc: boolean,
  points: number,
  spcMinimum: number,
  since: string | null = null,
): Said {
  if (reason === "sub_annual") {
    const data = PERIODIC[periodType] ?? periodType.replace(/_/g, " ");
    const detail = `The recent-trend test is for annual data, not ${data} data.`;
    if (spc) return { text: "Judged by SPC.", detail };
    return {
      text: since
        ? `Change over time not judged yet: ${periodsOf(points, periodType)} since the limits started again in ${since}, and SPC needs ${spcMinimum}.`
        : `Change over time not judged yet: ${periodsOf(points, periodType)} of data, and SPC needs ${spcMinimum}.`,
      detail,
    };
  }
  return {
    text: "Change over time not judged.",
    detail:
      reason === "count"
        ? "The recent-trend test is for rates and proportions, not counts."
        : "The recent-trend test needs a confidence interval, and none applies to this metric.",
  };
}

export function recentTrendFlatText(chiSquare: number | null): Said {
  return {
    text: "No significant change over the last 5 years.",
    detail: chiSquareDetail(chiSquare),
  };
}

export const NO_VALUES = "No values.";

/** Example: (true, "getting_better", 12.345) → "Increasing and getting better over the last 5 years." */
export function recentTrendText(
  up: boolean,
  direction: "getting_better" | "getting_worse" | null,
  chiSquare: number | null,
): Said {
  return {
    text: `${up ? "Increasing" : "Decreasing"}${direction ? ` and ${direction === "getting_better" ? "getting better" : "getting worse"}` : ""} over the last 5 years.`,
    detail: chiSquareDetail(chiSquare),
  };
}

/**
 * The change since a baseline period, in the metric's unit (a percentage's in percentage points),
 * the baseline as a page names periods. The text describes; whether the change is more than
 * chance is the detail, so it never reads as a second verdict beside the headline's.
 * Example: (4-hour %, −2.25, "January 2024", −3.5 to −1.0) → "Down 2.3 percentage points since
 * January 2024.", detail "The 95% interval of the change, −3.5 to −1.0 percentage points,
 * excludes no change: a significant change, getting worse."
 */
export function changeText(
  def: Pick<Def, "unit" | "decimals">,
  diff: number,
  baselinePeriod: string,
  interval: { lower: number; upper: number } | null,
  direction: ChangeSinceBaseline["direction"],
): Said {
  const text = `${diff >= 0 ? "Up" : "Down"} ${formatMetricDifference(def, Math.abs(diff))} since ${baselinePeriod}.`;
  if (!interval)
    return { text, detail: "No interval applies to this metric, so the change is not tested." };
  const range = `${formatNumber(interval.lower, def.decimals)} to ${formatMetricDifference(def, interval.upper)}`;
  return {
    text,
    detail:
      direction === "no_significant_change" || direction === null
        ? `The 95% interval of the change, ${range}, includes no change: not a significant change.`
        : `The 95% interval of the change, ${range}, excludes no change: a significant change, ${direction.replace(/_/g, " ")}.`,
  };
}

/**
 * The limits behind an SPC verdict. Example: (4-hour %, 74.4, 68.6, 80.1) → "Judged by Making Data
 * Count's rules on an XmR chart: its current limits have a mean of 74.4% and process limits of
 * 68.6% to 80.1%."
 */
export function spcDetail(
  def: Pick<Def, "unit" | "decimals">,
  mean: number | null,
  lpl: number | null,
  upl: number | null,
): string | null {
  if (mean === null || lpl === null || upl === null) return null;
  return `Judged by Making Data Count's rules on an XmR chart: its current limits have a mean of ${formatMetricValue(def, mean)} and process limits of ${formatMetricValue(def, lpl)} to ${formatMetricValue(def, upl)}.`;
}

/**
 * A possible step change, as the metric page lists it. Example: (9, "above", "July 2018", "March
 * 2019") → "9 points above the centre line from July 2018 to March 2019: a sustained shift;
 * recalculate the limits from July 2018 only if a known change to the process explains it".
 */
export function rebaseSuggestionText(
  length: number,
  direction: "above" | "below",
  from: string,
  to: string,
): string {
  return `${length} points ${direction} the centre line from ${from} to ${to}: a sustained shift; recalculate the limits from ${from} only if a known change to the process explains it`;
}

export function changeFormula(def: Def, v1: number, p1: string, v0: number, p0: string): string {
  return `${formatMetricValue(def, v1)} (${p1}) − ${formatMetricValue(def, v0)} (${p0})`;
}

// --- Aggregates and benchmarks ------------------------------------------------------------------

/** England's figure of a metric that cannot be added up, taken from the publication's England row. */
export const PUBLISHED_ENGLAND =
  "England's figure as published (it cannot be computed from organisations' figures)";

export const aggregateEmptyFormula = (notAggregable: boolean): string =>
  notAggregable ? "not aggregable" : "no members reported";

export function aggregateFormula(
  ratio: boolean,
  multiplier: number,
  decimals: number,
  agg: { numerator: number; denominator: number; value: number; reporting: number },
): string {
  return ratio
    ? `Σ numerators ÷ Σ denominators × ${multiplier} = ${formatNumber(agg.numerator, 1)} ÷ ${formatNumber(agg.denominator, 1)} × ${multiplier} over ${agg.reporting} reporting organisations`
    : `Σ values = ${formatNumber(agg.value, decimals)} over ${agg.reporting} reporting organisations`;
}

export const medianFormula = (reporting: number): string => `type 7 median of ${reporting} values`;
export const peerMedianLabel = (groupName: string): string => `the median of ${groupName}`;
export const targetLabel = (label: string): string => `the target (${label})`;

export const opportunityBenchmarkText = {
  medianLabel: (groupName: string) => `${groupName}: median`,
  quartileLabel: (groupName: string, sign: number) =>
    `${groupName}: best quartile (${sign < 0 ? "lower" : "upper"} quartile)`,
  quartileFormula: (sign: number, reporting: number, direction: string) =>
    `type 7 ${sign < 0 ? "25th" : "75th"} percentile of ${reporting} values (the better side: ${direction.replace(/_/g, " ")})`,
  decileLabel: (groupName: string) => `${groupName}: top decile`,
  decileFormula: (sign: number, reporting: number) =>
    `type 7 ${sign < 0 ? "10th" : "90th"} percentile of ${reporting} values (the better side)`,
  targetFormula: (period: string, source: string) => `target in force for ${period}: ${source}`,
};

// --- Comparisons, ranks, quartiles ------------------------------------------------------------

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function intervalComparisonText(
  def: Def,
  outcome: string,
  side: "above" | "below" | "includes",
  interval: { level: number; lower: number; upper: number },
  benchmark: { label: string; value: number },
): string {
  const fmt = (x: number) => formatMetricValue(def, x);
  const range = `the ${interval.level}% interval (${fmt(interval.lower)} to ${fmt(interval.upper)})`;
  const how =
    side === "includes"
      ? `${range} includes ${fmt(benchmark.value)}`
      : `${range} lies ${side} ${fmt(benchmark.value)}`;
  return `${capitalise(outcome)} than ${benchmark.label}: ${how}.`.replace(
    "Similar than",
    "Similar to",
  );
}

/** "the worst fifth", "the second-highest fifth": a quintile label (src/stats) in words. */
const FIFTH_WORDS: Record<QuintileAssessment, string> = {
  best: "the best fifth",
  better: "the second-best fifth",
  middle: "the middle fifth",
  worse: "the second-worst fifth",
  worst: "the worst fifth",
  lowest: "the lowest fifth",
  low: "the second-lowest fifth",
  high: "the second-highest fifth",
  highest: "the highest fifth",
};

/**
 * The quintile fallback where no interval applies. The label is read through the metric's
 * polarity (src/stats quintileAssessment), so for a lower-is-better metric quintile 5 (the
 * highest values) is "the worst fifth". Example: "No confidence interval applies to means of
 * daily counts; instead the value 95.0% is in quintile 5 of 5 (1 = lowest) among 40 All acute
 * trusts: the worst fifth."
 */
export function quintileComparisonText(
  def: Def & Pick<MetricDefinition, "counts" | "publishedLimits" | "noInterval">,
  value: number,
  quintile: number,
  reporting: number,
  groupName: string,
  label: QuintileAssessment,
): string {
  const what = def.publishedLimits
    ? "values judged by their publication's own limits (kept as published)"
    : def.noInterval
      ? def.noInterval.values
      : def.counts === "daily_means"
        ? "means of daily counts"
        : def.unit === "count"
          ? "a stock (a snapshot or a mean of daily counts)"
          : def.unit;
  return `No confidence interval applies to ${what}; instead the value ${formatMetricValue(def, value)} is in quintile ${quintile} of 5 (1 = lowest) among ${reporting} ${groupName}: ${FIFTH_WORDS[label]}.`;
}

/**
 * Appended to a peer comparison of a count or stock that adds up across organisations (it says
 * higher or lower, never better or worse): the comparison is of sizes.
 */
export const SIZE_NOTE =
  "A count grows with the organisation, so against peers it reflects size as much as performance.";

/**
 * A count against England's or a region's total: context, not a test (a total is the sum of every
 * member, so any one member's count lies below it). Example: "Not tested: England's figure is the
 * total of 122 reporting organisations (369,480), not a value one organisation could have; 30,199
 * is 8.2% of it."
 */
export function totalContextText(
  def: Def,
  value: number,
  benchmark: { label: string; value: number },
  reporting: number,
): string {
  const share =
    value === value && benchmark.value > 0
      ? `; ${formatMetricValue(def, value)} is ${formatNumber((value / benchmark.value) * 100, 1)}% of it`
      : "";
  return `Not tested: ${benchmark.label}'s figure is the total of ${reporting} reporting organisation${reporting === 1 ? "" : "s"} (${formatMetricValue(def, benchmark.value)}), not a value one organisation could have${share}.`;
}

/** Why a metric's comparisons are judged at its default level (MetricInfo.comparisonLevelNote). */
export function comparisonLevelNote(level: 95 | 99.8): string {
  return level === 99.8
    ? "This metric's default is 99.8%: a typical trust's monthly denominator runs to thousands, where a 95% interval is so narrow that differences too small to matter count as significant (Fingertips uses 99.8% for such indicators)."
    : "This metric's default is 95%, the usual level.";
}

export const NOT_COMPARED = "Not compared: no interval and too few peers for quintiles.";

/**
 * A value against a target where no interval applies: a plain statement, not a test. Example:
 * "85.2% against the target of 92.0%: meets it (lower is better). No confidence interval
 * applies, so this is the value itself, not a test of significance."
 */
export function targetWithoutIntervalText(
  def: Def,
  value: number,
  target: { value: number },
  sign: number,
): string {
  if (!(value === value)) return NOT_COMPARED;
  const meets = sign > 0 ? value >= target.value : sign < 0 ? value <= target.value : null;
  const verdict =
    meets === null
      ? ""
      : `: ${meets ? "meets it" : "misses it"} (${sign > 0 ? "higher" : "lower"} is better)`;
  return `${formatMetricValue(def, value)} against the target of ${formatMetricValue(def, target.value)}${verdict}. No confidence interval applies, so this is the value itself, not a test of significance.`;
}

export function rankText(rank: number, of: number, tiedWith: number, bestFirst: boolean): string {
  return `${ordinal(rank)} of ${of}${tiedWith > 0 ? ` (tied with ${tiedWith} other${tiedWith > 1 ? "s" : ""})` : ""}, ${bestFirst ? "best first" : "highest first"}`;
}

export function quartileText(
  def: Def,
  quarter: 1 | 2 | 3 | 4,
  neutral: boolean,
  groupName: string,
  rank: string,
  d: { q1: number; median: number; q3: number },
  growsWithSize = false,
): string {
  const words = neutral
    ? ["highest", "second-highest", "second-lowest", "lowest"]
    : ["best", "second-best", "second-worst", "worst"];
  return `In the ${words[quarter - 1]} quarter of ${groupName} (${rank}; quartiles ${formatMetricValue(def, d.q1)}, ${formatMetricValue(def, d.median)}, ${formatMetricValue(def, d.q3)})${growsWithSize ? `. ${SIZE_NOTE}` : ""}`;
}

// --- Opportunities and highlights -------------------------------------------------------------

export const opportunityNone = {
  neutral: "No opportunity: neither higher nor lower is better for this metric.",
  noData: "No value for this period.",
  noBenchmark: "No benchmark: too few peers reported, or no target in force.",
  noDenominator:
    "Not sized: a count without a denominator grows with the organisation, so a gap to peers is not an opportunity.",
  noCounts: "Not sized: the value is published without the counts a gap would be sized in.",
  category:
    "No opportunity: a score or segment NHS England assigns is a category, not a measurement.",
};

/** The number a formatted value shows: "74.29%" → 74.29, "−1,204.5 per 1,000" → −1204.5. */
const shownNumber = (text: string): number =>
  Number(/^-?[\d.]+/.exec(text.replace(/,/g, "").replace("−", "-"))?.[0] ?? NaN);

/** A formula's inputs never get more extra decimals than this (beyond it they are exact anyway). */
const MAX_EXTRA_DECIMALS = 8;

/**
 * "(74.29% − 72.78%) ÷ 100 × 27,849": the gap in display units, back to natural units, times the
 * denominator, with just enough decimals that a reader's calculator, fed the numbers shown, gives
 * the amount shown to 1 decimal ({@link opportunityAmountFormula}). The amount is computed from
 * unrounded inputs, so at the metric's own decimals the formula may not reproduce it: 74.3% −
 * 72.8% of 27,849 is 417.7, not the 421.6 that 74.2857…% − 72.7718…% gives (issue 11, defect 7).
 * Extra decimals are added to the value and benchmark (and a fractional denominator) one at a
 * time until the shown numbers reproduce the amount.
 */
export function opportunityGapFormula(
  def: Def & { multiplier: number },
  sign: number,
  value: number,
  benchmark: number,
  denominator: number,
): string {
  const divisor = def.multiplier;
  const unitWord =
    def.unit === "percentage" ? " ÷ 100" : divisor !== 1 ? ` ÷ ${formatNumber(divisor)}` : "";
  const amount = (((benchmark - value) * sign) / divisor) * denominator;
  const whole = denominator % 1 === 0;
  let formula = "";
  for (let extra = 0; extra <= MAX_EXTRA_DECIMALS; extra++) {
    const [a, b] = sign > 0 ? [benchmark, value] : [value, benchmark];
    const fa = formatMetricValue(def, a, extra);
    const fb = formatMetricValue(def, b, extra);
    const fd = formatNumber(denominator, whole ? 0 : 1 + extra);
    formula = `(${fa} − ${fb})${unitWord} × ${fd}`;
    const redone = ((shownNumber(fa) - shownNumber(fb)) / divisor) * shownNumber(fd);
    if (formatNumber(redone, 1) === formatNumber(amount, 1)) break;
  }
  return formula;
}

export function alreadyBetter(
  def: Def,
  sign: number,
  value: number,
  benchmark: { label: string; value: number },
): { text: string; formula: string } {
  const fmt = (x: number) => formatMetricValue(def, x);
  return {
    text: `Already at or better than ${benchmark.label} (${fmt(value)} vs ${fmt(benchmark.value)}).`,
    formula: `${fmt(value)} is ${sign > 0 ? "≥" : "≤"} ${fmt(benchmark.value)}: 0`,
  };
}

export function opportunityGapText(
  def: Def,
  amount: number,
  sign: number,
  noun: string,
  per: string,
  benchmark: { label: string; value: number },
): string {
  return `${formatNumber(amount, amount >= 100 ? 0 : 1)} ${sign > 0 ? "more" : "fewer"} ${noun} ${per} at ${benchmark.label.replace(/^.*?: /, "the peers' ")} (${formatMetricValue(def, benchmark.value)})`;
}

export const opportunityAmountFormula = (gapFormula: string, amount: number): string =>
  `${gapFormula} = ${formatNumber(amount, 1)}`;

export function highlightReasons(e: {
  funnelWorse: boolean;
  overdispersed: boolean;
  intervalWorse: boolean;
  benchmarkLabel: string | null;
  spcConcern: boolean;
  noImprovement: boolean;
  /** Whether the recent trend was tested (annual rates and proportions only). */
  trendTested: boolean;
}): string[] {
  const reasons: string[] = [];
  if (e.funnelWorse)
    reasons.push(
      `outside the 99.8% funnel limit on the worse side${e.overdispersed ? " (overdispersion-adjusted)" : ""}`,
    );
  if (e.intervalWorse)
    reasons.push(`95% interval wholly worse than ${e.benchmarkLabel ?? "the benchmark"}`);
  if (!e.funnelWorse && !e.intervalWorse)
    reasons.push("in the worst fifth of peers (no interval applies)");
  if (e.spcConcern) reasons.push("SPC: special cause of concern");
  else if (e.noImprovement)
    reasons.push(`no sign of improvement (${e.trendTested ? "SPC or recent trend" : "SPC"})`);
  return reasons;
}

export function highlightScoreFormula(
  gap: number,
  iqr: number,
  decimals: number,
  weight: number,
): string {
  return `gap ÷ peer interquartile range × (1 + 0.5 if outside the 99.8% funnel + 0.5 if SPC concern) = ${formatNumber(gap, decimals + 1)} ÷ ${formatNumber(iqr, decimals + 1)} × ${weight}`;
}

// --- Funnels ----------------------------------------------------------------------------------

/** How a funnel's note names the providers its overdispersion was estimated over. */
const populationName = (kinds: readonly OrgKind[]): string =>
  kinds.length === 0
    ? "providers"
    : new Intl.ListFormat("en-GB").format(kinds.map((k) => `${orgKindLabel[k].toLowerCase()}s`));

/** The providers an overdispersion estimate rests on: "all 140 acute trusts reporting in this period". */
export const dispersionPopulation = (count: number, kinds: readonly OrgKind[]): string =>
  `all ${formatNumber(count)} ${populationName(kinds)} reporting in this period`;

const pText = (p: number): string => (p < 0.001 ? "p < 0.001" : `p = ${formatNumber(p, 3)}`);

/** What a funnel's note says about the overdispersion it allows for (or why it allows none). */
export interface FunnelDispersionWords {
  status: "adjusted" | "not_significant" | "too_few" | "not_requested";
  phi: number;
  statistic: number;
  pValue: number;
  /** Providers the estimate rests on, and their kinds. */
  population: number;
  kinds: readonly OrgKind[];
  /** τ on the metric's display scale. */
  tau: number;
  /** Fewest providers an estimate is made from (dispersion.ts). */
  minimum: number;
}

/**
 * The funnel's notes: how its limits were drawn (the note must describe the limits actually
 * drawn: exact ones unless widened by τ²) and the overdispersion behind them.
 */
export const funnelText = {
  benchmarkLabel: (groupName: string) => `${groupName} (Σ numerators ÷ Σ denominators)`,
  /** The limits drawn: exact (binomial or Poisson) unless widened for overdispersion. */
  method: (kind: "proportion" | "rate", widened: boolean): string => {
    const z = "z = 1.959964 (95%) and 3.090232 (99.8%)";
    if (kind === "proportion")
      return widened
        ? `Limits p₀ ± z·√(p₀(1 − p₀)/n + τ²) at ${z}, p₀ = the group's Σ numerators ÷ Σ denominators.`
        : "Exact binomial limits: the 2.5% and 97.5% (95%) and 0.1% and 99.9% (99.8%) points of Binomial(n, p₀), interpolated between whole counts and ÷ n (Spiegelhalter 2005), p₀ = the group's Σ numerators ÷ Σ denominators.";
    return widened
      ? `Limits r₀ ± z·√(r₀/n + τ²) at ${z}, r₀ = the group's Σ numerators ÷ Σ denominators.`
      : "Exact Poisson limits: the 2.5% and 97.5% (95%) and 0.1% and 99.9% (99.8%) points of the Poisson distribution of the expected count r₀·n, ÷ n, r₀ = the group's Σ numerators ÷ Σ denominators.";
  },
  dispersion: (def: Def, w: FunnelDispersionWords): string => {
    const over = dispersionPopulation(w.population, w.kinds);
    const test = `N·φ = ${formatNumber(w.statistic, 1)} against χ² with ${formatNumber(w.population - 1)} degrees of freedom, ${pText(w.pValue)}`;
    switch (w.status) {
      case "not_requested":
        return "No overdispersion adjustment (not requested): the limits allow for sampling error only.";
      case "too_few":
        return `No overdispersion adjustment: only ${formatNumber(w.population)} ${populationName(w.kinds)} report in this period, fewer than the ${w.minimum} needed to estimate how much providers differ beyond sampling error. The limits allow for sampling error only, so a point outside them is not counted as evidence for a highlight.`;
      case "not_significant":
        return `No overdispersion adjustment: over ${over}, φ = ${formatNumber(w.phi, 2)} (${test}) is not significant at ${formatNumber(OVERDISPERSION_ALPHA * 100)}%, so the limits allow for sampling error only.`;
      case "adjusted":
        return `Overdispersion adjusted (Spiegelhalter 2005), estimated over ${over}, not only this group: φ = ${formatNumber(w.phi, 2)} from z-scores winsorised at the 10th and 90th percentiles (${test}, significant at ${formatNumber(OVERDISPERSION_ALPHA * 100)}%); providers differ by τ = ${formatMetricDifference(def, w.tau, 1)} beyond sampling error, and τ² is added to each SE².`;
    }
  },
};

/** Why a comparison's interval is wider than the organisation's own sampling interval. */
export const widenedNote = (def: Def, tau: number, population: string): string =>
  `The interval is widened for the variation between organisations beyond chance (τ = ${formatMetricDifference(def, tau, 1)} among ${population}), so ordinary differences between organisations are not called better or worse.`;
