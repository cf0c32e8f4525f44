/**
 * Mortality: the Summary Hospital-level Mortality Indicator (SHMI), the ratio of the deaths that
 * followed a trust's admissions (in hospital or within 30 days of discharge) to the deaths its
 * patients' case mix would predict, over a rolling twelve months. Published with its own banding
 * and control limits, which are kept as published (`publishedLimits`): the platform puts no
 * interval of its own on it.
 */
import { defineMetric } from "./builders.js";
import { reporters, shmiSource } from "./sources.js";

export const mortalityMetrics = [
  defineMetric({
    id: "shmi",
    title: "Summary Hospital-level Mortality Indicator (SHMI)",
    shortTitle: "SHMI",
    definition:
      "The deaths that followed the trust's admissions, in hospital or within 30 days of discharge, over twelve months, divided by the number expected from its patients' age, sex, diagnoses, comorbidities and admission method. 1 means as many deaths as expected.",
    numerator: "Observed deaths (in hospital or within 30 days of discharge)",
    denominator: "Expected deaths, from NHS England's risk model for the trust's case mix",
    unit: "ratio",
    multiplier: 1,
    decimals: 4,
    // Not better or worse: NHS England says SHMI is not a measure of the quality of care and
    // should not rank trusts; its banding is its own judgement, kept as published.
    improvementDirection: "neutral",
    targets: [],
    source: shmiSource,
    frequency: "rolling_12_months",
    topic: "mortality",
    aggregation: "sum_ratio",
    publishedLimits: {
      description:
        "SHMI's 95% control limits adjusted for overdispersion, on which its banding (higher than expected, as expected, lower than expected) rests, and its 99.8% Poisson limits",
    },
    caveats: [
      "Not a measure of the quality of care: NHS England advises against ranking trusts by it. A trust 'higher than expected' (above the upper 95% limit allowing for overdispersion) is a prompt to look into its data and care, not a verdict; comparisons here say higher or lower, never better or worse.",
      "The value is SHMI as published, to 4 decimal places, computed from unrounded counts; observed and expected deaths are published rounded to the nearest 5, so observed ÷ expected differs slightly (for example 985 ÷ 1,045 = 0.9426 against the published 0.9396).",
      "The limits and banding are the publication's, kept as published; the platform computes no interval of its own for SHMI (a Poisson interval would ignore the overdispersion allowance). By construction England's SHMI is 1 (Σ observed = Σ expected).",
      "Specialist trusts, mental health, community and independent-sector providers are not covered. One rolling twelve-month period per publication; consecutive publications overlap by eleven months, so they are not independent points of a time series.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
];
