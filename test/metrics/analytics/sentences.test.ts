/**
 * The analytics service's sentences and formulas, by table: each entry is a call into
 * src/metrics/analytics/sentences.ts and the exact text it must give.
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import * as say from "../../../src/metrics/analytics/sentences.js";

const ae = getMetric("ae_4hr_all")!; // percentage, 1 decimal, higher is better
const beds = getMetric("ga_occupancy_adult")!; // percentage, lower is better
const waits = getMetric("ae_dta_4hr_waits")!; // count (a flow), lower is better
const list = getMetric("rtt_waiting_list")!; // count (a stock), lower is better

/** A plain sentence and its detail as one line: "text | detail". */
const said = (x: say.Said): string => (x.detail ? `${x.text} | ${x.detail}` : x.text);

const table: [name: string, text: string, expected: string][] = [
  ["group: england", say.groupNames.england, "All NHS providers in England"],
  ["group: kind", say.groupNames.orgKind("ambulance_trust"), "All ambulance trusts"],
  ["group: kind (ICBs)", say.groupNames.orgKind("icb"), "All integrated care boards"],
  ["group: kind (sub-ICBs)", say.groupNames.orgKind("sub_icb"), "All sub-ICB locations"],
  ["group: place", say.groupNames.providersIn("London"), "NHS providers in London"],
  [
    "group: recommended",
    say.groupNames.recommended("Trust A", 10),
    "Trust A and its 10 recommended peers (most like it in size, work and type)",
  ],
  ["group: chosen", say.groupNames.chosen(3), "3 chosen organisations"],
  [
    "trend: cannot (proportion)",
    said(say.recentTrendCannotText("proportion", false)),
    "Recent trend cannot be calculated. | The test needs the latest 5 consecutive years with a numerator and denominator.",
  ],
  [
    "trend: cannot (rate)",
    said(say.recentTrendCannotText("rate", false)),
    "Recent trend cannot be calculated. | The test needs the latest 5 consecutive years with values and intervals.",
  ],
  [
    "trend: cannot (0% year)",
    said(say.recentTrendCannotText("proportion", true)),
    "Recent trend cannot be calculated. | A year at 0% or 100% leaves the direction of the trend undefined.",
  ],
  [
    "trend: not tested (monthly, SPC)",
    said(say.recentTrendNotTestedText("sub_annual", "month", true, 36, 15)),
    "Judged by SPC. | The recent-trend test is for annual data, not monthly data.",
  ],
  [
    "trend: not tested (monthly, short)",
    said(say.recentTrendNotTestedText("sub_annual", "month", false, 9, 15)),
    "Change over time not judged yet: 9 months of data, and SPC needs 15. | The recent-trend test is for annual data, not monthly data.",
  ],
  [
    "trend: not tested (monthly, short since its limits restarted)",
    said(say.recentTrendNotTestedText("sub_annual", "month", false, 12, 15, "August 2024")),
    "Change over time not judged yet: 12 months since the limits started again in August 2024, and SPC needs 15. | The recent-trend test is for annual data, not monthly data.",
  ],
  [
    "trend: not tested (one quarter)",
    said(say.recentTrendNotTestedText("sub_annual", "quarter", false, 1, 15)),
    "Change over time not judged yet: 1 quarter of data, and SPC needs 15. | The recent-trend test is for annual data, not quarterly data.",
  ],
  [
    "trend: not tested (rolling years)",
    said(say.recentTrendNotTestedText("sub_annual", "twelve_months", false, 4, 15)),
    "Change over time not judged yet: 4 points of data, and SPC needs 15. | The recent-trend test is for annual data, not overlapping rolling twelve-month data.",
  ],
  [
    "trend: not tested (count)",
    said(say.recentTrendNotTestedText("count", "financial_year", false, 6, 15)),
    "Change over time not judged. | The recent-trend test is for rates and proportions, not counts.",
  ],
  [
    "trend: not tested (no interval)",
    said(say.recentTrendNotTestedText("no_interval", "financial_year", false, 6, 15)),
    "Change over time not judged. | The recent-trend test needs a confidence interval, and none applies to this metric.",
  ],
  [
    "trend: flat",
    said(say.recentTrendFlatText(3.2)),
    "No significant change over the last 5 years. | χ² test for trend over the last 5 years: χ² = 3.20, not above 9.5495, the 99.8% threshold with 1 degree of freedom.",
  ],
  [
    "trend: flat, no statistic",
    said(say.recentTrendFlatText(null)),
    "No significant change over the last 5 years.",
  ],
  [
    "trend: up, better",
    said(say.recentTrendText(true, "getting_better", 12.345)),
    "Increasing and getting better over the last 5 years. | χ² test for trend over the last 5 years: χ² = 12.35, above 9.5495, the 99.8% threshold with 1 degree of freedom.",
  ],
  [
    "trend: down, neutral",
    said(say.recentTrendText(false, null, 10)),
    "Decreasing over the last 5 years. | χ² test for trend over the last 5 years: χ² = 10.00, above 9.5495, the 99.8% threshold with 1 degree of freedom.",
  ],
  [
    "change: with interval",
    said(
      say.changeText(
        { unit: "percentage", decimals: 1 },
        -2.25,
        "January 2024",
        { lower: -3.5, upper: -1 },
        "getting_worse",
      ),
    ),
    "Down 2.3 percentage points since January 2024. | The 95% interval of the change, −3.5 to −1.0 percentage points, excludes no change: a significant change, getting worse.",
  ],
  [
    "change: not significant",
    said(
      say.changeText(
        { unit: "days", decimals: 1 },
        0.4,
        "Q1 2024/25",
        { lower: -1, upper: 1.8 },
        "no_significant_change",
      ),
    ),
    "Up 0.4 days since Q1 2024/25. | The 95% interval of the change, −1.0 to 1.8 days, includes no change: not a significant change.",
  ],
  [
    "change: no interval",
    said(say.changeText({ unit: "count", decimals: 0 }, 3, "2024", null, null)),
    "Up 3 since 2024. | No interval applies to this metric, so the change is not tested.",
  ],
  [
    "change: formula",
    say.changeFormula(ae, 74.25, "January 2025", 70, "January 2024"),
    "74.3% (January 2025) − 70.0% (January 2024)",
  ],
  [
    "spc: detail",
    say.spcDetail(ae, 74.44, 68.6, 80.12) ?? "",
    "Judged by Making Data Count's rules on an XmR chart: its current limits have a mean of 74.4% and process limits of 68.6% to 80.1%.",
  ],
  [
    "aggregate: ratio",
    say.aggregateFormula(true, 100, 1, {
      numerator: 7500,
      denominator: 10000,
      value: 75,
      reporting: 3,
    }),
    "Σ numerators ÷ Σ denominators × 100 = 7,500.0 ÷ 10,000.0 × 100 over 3 reporting organisations",
  ],
  [
    "aggregate: count",
    say.aggregateFormula(false, 1, 0, {
      numerator: NaN,
      denominator: NaN,
      value: 12011,
      reporting: 40,
    }),
    "Σ values = 12,011 over 40 reporting organisations",
  ],
  ["aggregate: none", say.aggregateEmptyFormula(false), "no members reported"],
  ["benchmark: median", say.medianFormula(40), "type 7 median of 40 values"],
  [
    "benchmark: quartile label",
    say.opportunityBenchmarkText.quartileLabel("All acute trusts", -1),
    "All acute trusts: best quartile (lower quartile)",
  ],
  [
    "benchmark: quartile formula",
    say.opportunityBenchmarkText.quartileFormula(1, 40, "higher_is_better"),
    "type 7 75th percentile of 40 values (the better side: higher is better)",
  ],
  [
    "benchmark: decile formula",
    say.opportunityBenchmarkText.decileFormula(-1, 40),
    "type 7 10th percentile of 40 values (the better side)",
  ],
  [
    "compare: interval above",
    say.intervalComparisonText(
      ae,
      "better",
      "above",
      { level: 95, lower: 80, upper: 84 },
      { label: "England", value: 75 },
    ),
    "Better than England: the 95% interval (80.0% to 84.0%) lies above 75.0%.",
  ],
  [
    "compare: interval at 99.8%",
    say.intervalComparisonText(
      ae,
      "worse",
      "below",
      { level: 99.8, lower: 70, upper: 74 },
      { label: "England", value: 75 },
    ),
    "Worse than England: the 99.8% interval (70.0% to 74.0%) lies below 75.0%.",
  ],
  [
    "compare: similar",
    say.intervalComparisonText(
      ae,
      "similar",
      "includes",
      { level: 95, lower: 70, upper: 80 },
      { label: "England", value: 75 },
    ),
    "Similar to England: the 95% interval (70.0% to 80.0%) includes 75.0%.",
  ],
  [
    "compare: quintile",
    say.quintileComparisonText(beds, 95, 5, 40, "All acute trusts", "worst"),
    "No confidence interval applies to means of daily counts; instead the value 95.0% is in quintile 5 of 5 (1 = lowest) among 40 All acute trusts: the worst fifth.",
  ],
  [
    "compare: quintile, neutral",
    say.quintileComparisonText(list, 51200, 4, 40, "All acute trusts", "high"),
    "No confidence interval applies to a stock (a snapshot or a mean of daily counts); instead the value 51,200 is in quintile 4 of 5 (1 = lowest) among 40 All acute trusts: the second-highest fifth.",
  ],
  [
    "compare: a count against a total",
    say.totalContextText(waits, 30199, { label: "England", value: 369480 }, 122),
    "Not tested: England's figure is the total of 122 reporting organisations (369,480), not a value one organisation could have; 30,199 is 8.2% of it.",
  ],
  [
    "compare: size note",
    say.SIZE_NOTE,
    "A count grows with the organisation, so against peers it reflects size as much as performance.",
  ],
  ["rank: tied", say.rankText(3, 120, 1, true), "3rd of 120 (tied with 1 other), best first"],
  ["rank: neutral", say.rankText(2, 5, 2, false), "2nd of 5 (tied with 2 others), highest first"],
  [
    "quartile",
    say.quartileText(ae, 2, false, "All acute trusts", "12th of 40, best first", {
      q1: 70,
      median: 74,
      q3: 78,
    }),
    "In the second-best quarter of All acute trusts (12th of 40, best first; quartiles 70.0%, 74.0%, 78.0%)",
  ],
  [
    "opportunity: gap formula",
    say.opportunityGapFormula(beds, -1, 95, 90, 300),
    "(95.0% − 90.0%) ÷ 100 × 300",
  ],
  [
    // Issue 11, defect 7: at 1 decimal, (74.3% − 72.8%) ÷ 100 × 27,849 = 417.7, not the 421.6
    // computed from the unrounded inputs; 3 decimals are the fewest that reproduce it.
    "opportunity: gap formula, digits enough to reproduce the amount",
    say.opportunityAmountFormula(
      say.opportunityGapFormula(ae, 1, 72.7718, 74.2857, 27849),
      ((74.2857 - 72.7718) / 100) * 27849,
    ),
    "(74.286% − 72.772%) ÷ 100 × 27,849 = 421.6",
  ],
  [
    "opportunity: gap formula, a fractional denominator",
    say.opportunityGapFormula(beds, -1, 95.04, 90, 300.26),
    "(95.04% − 90.00%) ÷ 100 × 300.26",
  ],
  [
    "opportunity: amount formula",
    say.opportunityAmountFormula("(95.0% − 90.0%) ÷ 100 × 300", 15),
    "(95.0% − 90.0%) ÷ 100 × 300 = 15.0",
  ],
  [
    "opportunity: gap text",
    say.opportunityGapText(beds, 15, -1, "occupied beds", "on an average day", {
      label: "All acute trusts: best quartile (lower quartile)",
      value: 90,
    }),
    "15.0 fewer occupied beds on an average day at the peers' best quartile (lower quartile) (90.0%)",
  ],
  [
    "opportunity: already better",
    say.alreadyBetter(ae, 1, 80, { label: "England", value: 75 }).text,
    "Already at or better than England (80.0% vs 75.0%).",
  ],
  [
    "opportunity: already better formula",
    say.alreadyBetter(ae, 1, 80, { label: "England", value: 75 }).formula,
    "80.0% is ≥ 75.0%: 0",
  ],
  [
    "highlight: score formula",
    say.highlightScoreFormula(5, 4, 1, 1.5),
    "gap ÷ peer interquartile range × (1 + 0.5 if outside the 99.8% funnel + 0.5 if SPC concern) = 5.00 ÷ 4.00 × 1.5",
  ],
  [
    "funnel: adjusted over the comparable providers, with the test",
    say.funnelText.dispersion(ae, {
      status: "adjusted",
      phi: 63.94,
      statistic: 7736.74,
      pValue: 0,
      population: 121,
      kinds: ["acute_trust"],
      tau: 3.512,
      minimum: 20,
    }),
    "Overdispersion adjusted (Spiegelhalter 2005), estimated over all 121 acute trusts reporting in this period, not only this group: φ = 63.94 from z-scores winsorised at the 10th and 90th percentiles (N·φ = 7,736.7 against χ² with 120 degrees of freedom, p < 0.001, significant at 5%); providers differ by τ = 3.51 percentage points beyond sampling error, and τ² is added to each SE².",
  ],
  [
    "funnel: not significant",
    say.funnelText.dispersion(ae, {
      status: "not_significant",
      phi: 1.1,
      statistic: 24.2,
      pValue: 0.2836,
      population: 22,
      kinds: ["acute_trust", "community_trust"],
      tau: 0,
      minimum: 20,
    }),
    "No overdispersion adjustment: over all 22 acute trusts and community trusts reporting in this period, φ = 1.10 (N·φ = 24.2 against χ² with 21 degrees of freedom, p = 0.284) is not significant at 5%, so the limits allow for sampling error only.",
  ],
  [
    "funnel: too few comparable providers",
    say.funnelText.dispersion(ae, {
      status: "too_few",
      phi: NaN,
      statistic: NaN,
      pValue: NaN,
      population: 8,
      kinds: ["mental_health_trust"],
      tau: 0,
      minimum: 20,
    }),
    "No overdispersion adjustment: only 8 mental health trusts report in this period, fewer than the 20 needed to estimate how much providers differ beyond sampling error. The limits allow for sampling error only, so a point outside them is not counted as evidence for a highlight.",
  ],
  [
    "funnel: exact binomial limits are described as such",
    say.funnelText.method("proportion", false),
    "Exact binomial limits: the 2.5% and 97.5% (95%) and 0.1% and 99.9% (99.8%) points of Binomial(n, p₀), interpolated between whole counts and ÷ n (Spiegelhalter 2005), p₀ = the group's Σ numerators ÷ Σ denominators.",
  ],
  [
    "funnel: widened limits give the normal formula with τ²",
    say.funnelText.method("proportion", true),
    "Limits p₀ ± z·√(p₀(1 − p₀)/n + τ²) at z = 1.959964 (95%) and 3.090232 (99.8%), p₀ = the group's Σ numerators ÷ Σ denominators.",
  ],
  [
    "funnel: exact Poisson limits for a rate",
    say.funnelText.method("rate", false),
    "Exact Poisson limits: the 2.5% and 97.5% (95%) and 0.1% and 99.9% (99.8%) points of the Poisson distribution of the expected count r₀·n, ÷ n, r₀ = the group's Σ numerators ÷ Σ denominators.",
  ],
];

describe("sentences and formulas", () => {
  it.each(table)("%s", (_name, text, expected) => expect(text).toBe(expected));

  it("highlight reasons follow the evidence", () => {
    expect(
      say.highlightReasons({
        funnelWorse: true,
        overdispersed: true,
        intervalWorse: true,
        benchmarkLabel: "England",
        spcConcern: true,
        noImprovement: true,
        trendTested: false,
      }),
    ).toEqual([
      "outside the 99.8% funnel limit on the worse side (overdispersion-adjusted)",
      "95% interval wholly worse than England",
      "SPC: special cause of concern",
    ]);
    expect(
      say.highlightReasons({
        funnelWorse: false,
        overdispersed: false,
        intervalWorse: false,
        benchmarkLabel: null,
        spcConcern: false,
        noImprovement: true,
        trendTested: true,
      }),
    ).toEqual([
      "in the worst fifth of peers (no interval applies)",
      "no sign of improvement (SPC or recent trend)",
    ]);
    // Monthly data: the recent trend is not tested, so only SPC can show improvement.
    expect(
      say.highlightReasons({
        funnelWorse: true,
        overdispersed: false,
        intervalWorse: false,
        benchmarkLabel: null,
        spcConcern: false,
        noImprovement: true,
        trendTested: false,
      }),
    ).toEqual(["outside the 99.8% funnel limit on the worse side", "no sign of improvement (SPC)"]);
  });
});
