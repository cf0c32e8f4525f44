/**
 * Mental health: NHS Talking Therapies for anxiety and depression (formerly IAPT), by provider and
 * month. The shared extract gives each outcome and waiting-time measure as a whole-number
 * percentage without the counts behind it (people who moved to recovery; people at caseness who
 * finished treatment), so the values are kept as published, no group or England figure is
 * computed from them, and no interval is put on them (`noInterval`).
 */
import { percentageMetric } from "./builders.js";
import { planning, reporters, talkingTherapiesSource } from "./sources.js";
import type { MetricDefinition } from "./types.js";

const noCounts = (numerator: string, denominator: string): MetricDefinition["noInterval"] => ({
  values: "percentages published without their counts",
  reason: `the publication gives the percentage rounded to a whole number, without its numerator (${numerator}) or denominator (${denominator}), so the number of people behind it, which an interval needs, is not known`,
});

const manual = "NHS Talking Therapies for anxiety and depression manual (NHS England)";

const caveats = [
  "As published in the humaniverse/healthyr extract: May 2022 – May 2023, for the 36 NHS trusts it holds; Talking Therapies services run by other providers (independent and voluntary sector, GP federations) are not in it.",
  "Published as whole-number percentages without their counts, so no group, region or England figure is computed (a mean of percentages would weigh a small service as much as a large one), and no confidence interval: comparisons use quintiles.",
  "Values suppressed for small numbers ('*' in the publication, an empty cell in the extract) are missing, never zero.",
];

const common: Pick<
  MetricDefinition,
  "decimals" | "aggregation" | "frequency" | "topic" | "source" | "reportedBy"
> = {
  decimals: 0,
  aggregation: "not_aggregable",
  frequency: "monthly",
  topic: "mental_health",
  source: talkingTherapiesSource,
  reportedBy: [...reporters.talkingTherapies],
};

export const mentalHealthMetrics = [
  percentageMetric({
    ...common,
    id: "iapt_recovery",
    title: "NHS Talking Therapies recovery rate",
    shortTitle: "Talking Therapies recovery",
    definition:
      "Of the people who finished a course of NHS Talking Therapies treatment (two or more sessions) in the month and whose anxiety or depression scores were at clinical caseness when they were referred, the percentage whose scores on both measures were below caseness at the end of treatment.",
    numerator: "People finishing a course of treatment who moved to recovery",
    denominator:
      "People finishing a course of treatment in the month who were at caseness at referral",
    improvementDirection: "higher_is_better",
    targets: [
      {
        value: 50,
        from: "2015-04-01",
        source: `${manual}: the recovery standard, in force since April 2015`,
        label: "50% recovery standard",
      },
    ],
    noInterval: noCounts(
      "people who moved to recovery",
      "people at caseness who finished treatment",
    ),
    caveats: [
      ...caveats,
      "Recovery counts only people at caseness when referred: the file does not give how many that is, so the rate cannot be turned into a number of people.",
    ],
  }),
  percentageMetric({
    ...common,
    id: "iapt_reliable_recovery",
    title: "NHS Talking Therapies reliable recovery rate",
    shortTitle: "Talking Therapies reliable recovery",
    definition:
      "Of the people at caseness at referral who finished a course of treatment in the month, the percentage who moved to recovery and whose scores also improved by more than the measurement error of the questionnaires (reliable improvement).",
    numerator: "People finishing a course of treatment who reliably recovered",
    denominator:
      "People finishing a course of treatment in the month who were at caseness at referral",
    improvementDirection: "higher_is_better",
    targets: [
      {
        value: 48,
        from: "2024-04-01",
        source: planning.y2024,
        label: "48% reliable recovery (2024/25 planning)",
      },
    ],
    noInterval: noCounts(
      "people who reliably recovered",
      "people at caseness who finished treatment",
    ),
    caveats,
  }),
  percentageMetric({
    ...common,
    id: "iapt_reliable_improvement",
    title: "NHS Talking Therapies reliable improvement rate",
    shortTitle: "Talking Therapies reliable improvement",
    definition:
      "Of the people who finished a course of treatment in the month, the percentage whose anxiety or depression scores improved by more than the measurement error of the questionnaires, without either getting reliably worse.",
    numerator: "People finishing a course of treatment who reliably improved",
    denominator: "People finishing a course of treatment in the month",
    improvementDirection: "higher_is_better",
    targets: [
      {
        value: 67,
        from: "2024-04-01",
        source: planning.y2024,
        label: "67% reliable improvement (2024/25 planning)",
      },
    ],
    noInterval: noCounts("people who reliably improved", "people who finished treatment"),
    caveats,
  }),
  percentageMetric({
    ...common,
    id: "iapt_wait_6wk",
    title: "NHS Talking Therapies: first treatment within 6 weeks of referral",
    shortTitle: "Talking Therapies 6-week wait",
    definition:
      "Of the people who finished a course of treatment in the month, the percentage who had waited 6 weeks or less from referral to their first treatment appointment.",
    numerator: "People finishing a course of treatment who waited 6 weeks or less to start it",
    denominator: "People finishing a course of treatment in the month",
    improvementDirection: "higher_is_better",
    targets: [
      {
        value: 75,
        from: "2015-04-01",
        source: `${manual}: the waiting-time standard, in force since April 2015`,
        label: "75% within 6 weeks",
      },
    ],
    noInterval: noCounts("people who waited 6 weeks or less", "people who finished treatment"),
    caveats,
  }),
  percentageMetric({
    ...common,
    id: "iapt_wait_18wk",
    title: "NHS Talking Therapies: first treatment within 18 weeks of referral",
    shortTitle: "Talking Therapies 18-week wait",
    definition:
      "Of the people who finished a course of treatment in the month, the percentage who had waited 18 weeks or less from referral to their first treatment appointment.",
    numerator: "People finishing a course of treatment who waited 18 weeks or less to start it",
    denominator: "People finishing a course of treatment in the month",
    improvementDirection: "higher_is_better",
    targets: [
      {
        value: 95,
        from: "2015-04-01",
        source: `${manual}: the waiting-time standard, in force since April 2015`,
        label: "95% within 18 weeks",
      },
    ],
    noInterval: noCounts("people who waited 18 weeks or less", "people who finished treatment"),
    caveats,
  }),
];
