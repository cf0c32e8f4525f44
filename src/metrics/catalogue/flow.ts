/**
 * Flow through the hospital: bed occupancy, timely discharge and patients who no longer need to
 * be in hospital. Occupancy and criteria-to-reside figures are monthly means of daily snapshots,
 * so they combine by adding numerators and denominators (both are means over the same days).
 * KH03 (quarterly, beds open overnight, every sector) has metrics of its own (`kh03_occupancy_*`):
 * it is another collection, never joined with the monthly situation-report series.
 */
import { countMetric, percentageMetric, defineMetric } from "./builders.js";
import { bedsSource, dischargeSource, kh03Source, planning, reporters } from "./sources.js";
import type { MetricDefinition } from "./types.js";

const bedsCaveats = [
  "Monthly average of daily 8am snapshots of core and escalation beds; not comparable with the quarterly KH03 return.",
  "In the shared data July and August 2022 are identical for every trust (one of the two months is wrong).",
];

const occupancyTarget: MetricDefinition["targets"][number] = {
  value: 92,
  from: "2023-04-01",
  source: `${planning.y2023} ("reduce adult general and acute bed occupancy to 92% or below"); shown as still in force — check current guidance`,
  label: "92% planning ambition",
};

export const flowMetrics = [
  percentageMetric({
    id: "ga_occupancy",
    counts: "daily_means",
    title: "General and acute bed occupancy (adult and paediatric)",
    shortTitle: "G&A occupancy",
    definition:
      "The share of available general and acute beds (adult and paediatric) that were occupied, averaged over the days of the month.",
    numerator: "Mean daily occupied general and acute beds (adult and paediatric)",
    denominator: "Mean daily available general and acute beds (adult and paediatric)",
    improvementDirection: "lower_is_better",
    targets: [{ ...occupancyTarget, label: "92% planning ambition (set for adult G&A beds)" }],
    source: bedsSource,
    topic: "flow",
    opportunityNoun: "occupied beds",
    caveats: [
      ...bedsCaveats,
      "The 92% ambition is set for adult G&A beds; it is shown on the combined figure for reference.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "ga_occupancy_adult",
    counts: "daily_means",
    title: "Adult general and acute bed occupancy",
    shortTitle: "Adult G&A occupancy",
    definition:
      "The share of available adult general and acute beds that were occupied, averaged over the days of the month.",
    numerator: "Mean daily occupied adult general and acute beds",
    denominator: "Mean daily available adult general and acute beds",
    improvementDirection: "lower_is_better",
    targets: [occupancyTarget],
    source: bedsSource,
    topic: "flow",
    opportunityNoun: "occupied beds",
    caveats: [...bedsCaveats],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "ga_occupancy_paediatric",
    counts: "daily_means",
    title: "Paediatric general and acute bed occupancy",
    shortTitle: "Paediatric G&A occupancy",
    definition:
      "The share of available paediatric general and acute beds that were occupied, averaged over the days of the month.",
    numerator: "Mean daily occupied paediatric general and acute beds",
    denominator: "Mean daily available paediatric general and acute beds",
    improvementDirection: "lower_is_better",
    targets: [],
    source: bedsSource,
    topic: "flow",
    opportunityNoun: "occupied beds",
    caveats: [
      ...bedsCaveats,
      "No national target: the 92% ambition is set for adult beds. Paediatric occupancy is usually lower and strongly seasonal (winter respiratory illness).",
      "Small denominators at trusts with few paediatric beds make month-to-month swings large.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "cc_occupancy_adult",
    counts: "daily_means",
    title: "Adult critical care bed occupancy",
    shortTitle: "Critical care occupancy",
    definition:
      "The share of available adult critical care beds (intensive care and high dependency, levels 2 and 3) that were occupied, averaged over the days of the month.",
    numerator: "Mean daily occupied adult critical care beds",
    denominator: "Mean daily available adult critical care beds",
    improvementDirection: "neutral",
    targets: [],
    source: bedsSource,
    topic: "flow",
    opportunityNoun: "occupied critical care beds",
    caveats: [
      ...bedsCaveats,
      "Shown as neutral: critical care runs safely at a planned occupancy, and both very high (no surge room) and very low (unused capacity) levels need a conversation rather than a verdict.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "discharges_before_5pm",
    title: "Discharges before 5pm",
    shortTitle: "Discharged before 5pm",
    definition:
      "The share of patients discharged from acute beds whose discharge happened before 5pm (17:00), when beds can still be used for that day's admissions.",
    numerator: "Patients discharged between 00:00 and 17:00",
    denominator: "All patients discharged (00:00–23:59)",
    improvementDirection: "higher_is_better",
    comparisonLevel: 99.8,
    targets: [],
    source: dischargeSource,
    topic: "flow",
    opportunityNoun: "patients discharged before 5pm",
    caveats: [
      "Collected daily and added up to months.",
      "Some trusts report all discharges but zero before 17:00 for whole months (they do not record the time split): treat those months as missing, not 0%.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  defineMetric({
    id: "ctr_rate",
    counts: "daily_means",
    title: "Patients not meeting the criteria to reside, per 100 occupied adult G&A beds",
    shortTitle: "Not meeting criteria to reside",
    definition:
      "How many patients who no longer need to be in an acute hospital bed (they no longer meet the criteria to reside) are still in hospital, for every 100 occupied adult general and acute beds. Mean of daily values over the month.",
    numerator: "Mean daily number of patients who no longer meet the criteria to reside",
    denominator: "Mean daily occupied adult general and acute beds",
    unit: "rate",
    ratePer: 100,
    multiplier: 100,
    decimals: 1,
    improvementDirection: "lower_is_better",
    targets: [],
    source: dischargeSource,
    frequency: "monthly",
    topic: "flow",
    aggregation: "sum_ratio",
    opportunityNoun: "patients not meeting the criteria to reside",
    caveats: [
      "Numerator and denominator are both means of daily values from different collections (discharge and beds situation reports), joined by trust and month.",
      "Computed by the platform (source derived-ctr-rate), not published: the criteria-to-reside mean covers the days the trust reported that month, the beds figure is NHS England's monthly average; a month with only one of the two has no rate.",
      "The denominator is occupied adult G&A beds, as defined, not the adult and paediatric total (ga_occupancy's numerator), so the rate is a little higher than over all G&A beds.",
      "Beds are published monthly only, so there are no weekly or daily rates.",
      "In the shared data July and August 2022 beds are identical for every trust, so one of those two months' rates has the wrong denominator.",
      "Recording practice differs between trusts (who decides a patient no longer meets the criteria, and when), so levels compare less well than trends.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "ctr_patients",
    counts: "daily_means",
    title: "Patients not meeting the criteria to reside (mean per day)",
    shortTitle: "Not meeting criteria to reside (count)",
    definition:
      "The average number of patients in hospital each day who no longer needed to be there (no longer met the criteria to reside).",
    decimals: 1,
    aggregation: "mean_of_daily",
    improvementDirection: "lower_is_better",
    targets: [],
    source: dischargeSource,
    topic: "flow",
    opportunityNoun: "patients not meeting the criteria to reside",
    caveats: [
      "A stock, not a flow: months are averaged, never added.",
      "Scales with trust size; compare trusts with ctr_rate.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "delayed_discharge_patients",
    title: "Patients with a recorded discharge delay reason",
    shortTitle: "Delayed discharges",
    definition:
      "The number of patients delayed in hospital after no longer meeting the criteria to reside, for whom a reason for the delay was recorded, summed over all delay reasons (care home, home care, rehabilitation, hospital process and others).",
    decimals: 0,
    aggregation: "mean_of_daily",
    improvementDirection: "lower_is_better",
    targets: [],
    source: dischargeSource,
    topic: "flow",
    opportunityNoun: "delayed patients",
    caveats: [
      "Delay reasons are collected for a subset of delayed patients (longer stays, weekly snapshots), so the total is well below ctr_patients.",
      "The shared data covers June 2024 to May 2025, with 37 delay reasons.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  ...kh03Metrics(),
];

/**
 * KH03 occupancy by sector: quarterly averages of the beds open overnight and of those occupied,
 * per day of the quarter. value = mean occupied / mean available × 100, both means over the same
 * days, so they combine by adding numerators and denominators (sum_ratio) and take no sampling
 * interval (`counts: "daily_means"`). Example: 1,859.98 of 1,969.54 G&A beds = 94.4%.
 */
function kh03Metrics() {
  const caveats = [
    "From the quarterly KH03 return: the average number of beds open overnight, and occupied, on the days of the quarter. A different collection from the daily situation reports behind ga_occupancy (monthly, 8am, G&A and critical care), so the two are never joined into one series.",
    "A trust with no beds of a sector has no value for it (nothing is stored, not 0%).",
    "Both figures are means of daily counts (the same beds counted day after day), not independent events, so no confidence interval is drawn.",
  ];
  const occupancy = <Id extends `kh03_occupancy_${string}`>(
    what: string,
    fields: {
      id: Id;
      shortTitle: string;
      improvementDirection: "lower_is_better" | "neutral";
      caveats: string[];
      reportedBy: MetricDefinition["reportedBy"];
    },
  ) =>
    percentageMetric({
      ...fields,
      counts: "daily_means",
      frequency: "quarterly",
      title: `Overnight bed occupancy, ${what} (KH03)`,
      definition: `The share of ${what} beds open overnight that were occupied, averaged over the days of the quarter, as trusts return it on KH03.`,
      numerator: `Average daily number of occupied overnight beds, ${what}`,
      denominator: `Average daily number of available overnight beds, ${what}`,
      targets: [],
      source: kh03Source,
      topic: "flow",
      opportunityNoun: "occupied beds",
      caveats: [...caveats, ...fields.caveats],
    });
  const neutral =
    "Shown as neutral: how full these beds should run depends on the service, so a high or low figure calls for a conversation rather than a verdict.";
  return [
    occupancy("all sectors", {
      id: "kh03_occupancy_total",
      shortTitle: "KH03 occupancy, all beds",
      improvementDirection: "neutral",
      caveats: [
        "All sectors together (general and acute, learning disabilities, maternity, mental illness): a trust's mix of beds drives the figure, so compare within a kind of trust.",
        neutral,
      ],
      reportedBy: [...reporters.acuteSystem, "mental_health_trust", "community_trust"],
    }),
    occupancy("general and acute", {
      id: "kh03_occupancy_ga",
      shortTitle: "KH03 G&A occupancy",
      improvementDirection: "lower_is_better",
      caveats: [
        "The 92% planning ambition is measured on the daily situation reports (ga_occupancy_adult), so it is not shown here.",
      ],
      reportedBy: [...reporters.acuteSystem, "community_trust"],
    }),
    occupancy("learning disabilities", {
      id: "kh03_occupancy_learning_disabilities",
      shortTitle: "KH03 learning disabilities occupancy",
      improvementDirection: "neutral",
      caveats: ["Few trusts have these beds, often only a handful each.", neutral],
      reportedBy: ["country", "region", "icb", "mental_health_trust"],
    }),
    occupancy("maternity", {
      id: "kh03_occupancy_maternity",
      shortTitle: "KH03 maternity occupancy",
      improvementDirection: "neutral",
      caveats: [neutral],
      reportedBy: [...reporters.acuteSystem],
    }),
    occupancy("mental illness", {
      id: "kh03_occupancy_mental_illness",
      shortTitle: "KH03 mental illness occupancy",
      improvementDirection: "neutral",
      caveats: [
        "Occupied can exceed available as published (Northamptonshire Healthcare, RP1, in every quarter of the shared data): kept as published and flagged numerator_exceeds_denominator.",
        neutral,
      ],
      reportedBy: ["country", "region", "icb", "mental_health_trust"],
    }),
  ];
}
