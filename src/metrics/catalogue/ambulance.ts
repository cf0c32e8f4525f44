/**
 * Ambulance services, from the Ambulance Quality Indicators – Systems Indicators (AmbSYS):
 * response times by category, how incidents were dealt with (hear and treat, see and treat, see
 * and convey) and hospital handovers. A mean response time is stored as total response minutes
 * over incidents, so it aggregates exactly (Σ minutes / Σ incidents); a 90th centile does not
 * aggregate and is stored as published (minutes), for England and regions too. Proportions of
 * incidents and handovers are ordinary percentages.
 */
import { ambulanceSource, planning, reporters } from "./sources.js";
import { defineMetric, percentageMetric, type Defined } from "./builders.js";
import type { MetricDefinition } from "./types.js";

type Category = 1 | 2 | 3 | 4;

/** What a call of each category is, in the words NHS England uses for the public. */
const categoryWords: Record<Category, { short: string; calls: string }> = {
  1: { short: "life-threatening", calls: "life-threatening conditions such as cardiac arrest" },
  2: { short: "emergency", calls: "serious conditions such as stroke or chest pain" },
  3: {
    short: "urgent",
    calls: "urgent problems such as late stages of labour, non-severe burns or diabetes",
  },
  4: {
    short: "less urgent",
    calls:
      "less urgent problems, some of which are given advice over the phone or referred elsewhere",
  },
};

const arp = "Ambulance Response Programme standards, introduced by NHS England in July 2017";

/** Each category's Ambulance Response Programme standards, in minutes. */
const standards: Record<Category, { mean?: number; centile90: number }> = {
  1: { mean: 7, centile90: 15 },
  2: { mean: 18, centile90: 40 },
  3: { centile90: 120 },
  4: { centile90: 180 },
};

const clockCaveat =
  "The clock starts when the caller's problem is identified, a response is dispatched, or a set time after the call connects (30 seconds for category 1, 240 seconds for categories 2–4), whichever is first, and stops when a response arrives at the scene, as NHS England's AmbSYS specification defines for each category.";

const reporterCaveat =
  "Reported by the 10 ambulance trusts and the Isle of Wight NHS Trust (an acute trust that also runs the island's ambulance service). By default a trust is benchmarked against trusts of its own kind, so the Isle of Wight's figures are compared with acute trusts, which have none; choose the ambulance trusts as the peer group to compare it.";

const phasingCaveat =
  "The standards were phased in from August 2017: a trust's months before it reported show as zero in the publication and are missing here (all trusts from April 2018). An England or region figure is missing for a month in which any of its trusts did not report (England before April 2018; categories 1–4 in October and November 2022, when London did not report them).";

const interimCaveat =
  "The interim 30-minute targets are averages across the whole year, not a March endpoint.";

const times = { source: ambulanceSource, frequency: "monthly", topic: "ambulance" } as const;

function meanTargets(c: Category): MetricDefinition["targets"] {
  const mean = standards[c].mean;
  const standard =
    mean === undefined
      ? []
      : [
          {
            value: mean,
            from: "2017-07-01",
            source: `${arp} (category ${c} mean of ${mean} minutes)`,
            label: `${mean}-minute standard`,
          },
        ];
  if (c !== 2) return standard;
  return [
    ...standard,
    {
      value: 30,
      from: "2024-04-01",
      to: "2025-04-01",
      source: `${planning.y2024} (an average of 30 minutes across 2024/25)`,
      label: "30 minutes across 2024/25",
    },
    {
      value: 30,
      from: "2025-04-01",
      to: "2026-04-01",
      source: `${planning.y2025} (an average of 30 minutes across 2025/26)`,
      label: "30 minutes across 2025/26",
    },
  ];
}

/** Category c mean response time: Σ response minutes / Σ incidents. */
function meanResponse<Id extends string>(id: Id, c: Category): Defined<Id> {
  const w = categoryWords[c];
  return defineMetric({
    id,
    title: `Ambulance category ${c} mean response time`,
    shortTitle: `Category ${c} mean`,
    definition: `The average time, in minutes, an ambulance service took to reach patients with ${w.calls} (category ${c}, ${w.short} calls).`,
    numerator: `Total response time for category ${c} incidents, in minutes`,
    denominator: `Category ${c} incidents responded to`,
    unit: "minutes",
    multiplier: 1,
    decimals: 1,
    improvementDirection: "lower_is_better",
    targets: meanTargets(c),
    ...times,
    aggregation: "sum_ratio",
    opportunityNoun: `minutes of category ${c} response time`,
    caveats: [
      c === 2
        ? "AmbSYS gives total response time in seconds (importers divide by 60); the June 2022 snapshot gives hours (importers multiply by 60)."
        : "AmbSYS gives total response time in seconds; importers divide by 60.",
      clockCaveat,
      reporterCaveat,
      phasingCaveat,
      ...(c === 2 ? [interimCaveat] : []),
    ],
    reportedBy: [...reporters.ambulance],
  });
}

/** Category c 90th centile response time, as published (not aggregable). */
function centileResponse<Id extends string>(id: Id, c: Category): Defined<Id> {
  const w = categoryWords[c];
  const target = standards[c].centile90;
  return defineMetric({
    id,
    title: `Ambulance category ${c} 90th centile response time`,
    shortTitle: `Category ${c} 90th centile`,
    definition: `The time, in minutes, within which an ambulance service reached 9 in 10 patients with ${w.calls} (category ${c}, ${w.short} calls).`,
    unit: "minutes",
    multiplier: 1,
    decimals: 1,
    improvementDirection: "lower_is_better",
    targets: [
      {
        value: target,
        from: "2017-07-01",
        source: `${arp} (category ${c}: 9 in 10 within ${target} minutes)`,
        label: `${target}-minute 90th centile standard`,
      },
    ],
    ...times,
    aggregation: "not_aggregable",
    caveats: [
      "A 90th centile does not add up: no group or England figure is computed from trusts' values. The England and region figures are NHS England's own, stored as published.",
      "AmbSYS gives the 90th centile in seconds; importers divide by 60.",
      clockCaveat,
      reporterCaveat,
      phasingCaveat,
    ],
    reportedBy: [...reporters.ambulance],
  });
}

const incidentsCaveat =
  "Incidents are calls that led to a response, by telephone or face to face; every incident is resolved by exactly one of hear and treat, see and treat, see and convey to an emergency department, or see and convey elsewhere, so the four shares add up to 100%.";

const neutralCaveat =
  "Shown as neutral: NHS England wants patients treated closer to home where that is clinically right, but the right share depends on who calls, so a higher or lower figure is a question to ask, not a verdict.";

const outcomePhasingCaveat =
  "A trust's months before it reported under the new standards (from August 2017 to March 2018) show as zero incidents in the publication and are missing here; an England or region figure is missing for a month in which any of its trusts did not report.";

/** A share of all incidents resolved one way (hear and treat, see and treat, conveyed). */
function incidentShare<Id extends string>(
  id: Id,
  fields: { title: string; shortTitle: string; definition: string; numerator: string },
): Defined<Id> {
  return percentageMetric({
    id,
    ...fields,
    denominator: "All incidents (hear and treat plus face-to-face incidents)",
    improvementDirection: "neutral",
    targets: [],
    source: ambulanceSource,
    topic: "ambulance",
    caveats: [incidentsCaveat, neutralCaveat, reporterCaveat, outcomePhasingCaveat],
    reportedBy: [...reporters.ambulance],
  });
}

const handoverCaveats = [
  "Collected from October 2023: there are no handover figures before then (missing, not zero).",
  "Measured by the ambulance service across every hospital it takes patients to: an acute trust's own handover delays are not in this publication.",
  "Handovers whose time is not known are left out of both the count and the denominator.",
  reporterCaveat,
];

/** Handovers at hospital that took longer than a threshold, of handovers with a known time. */
function handoverShare<Id extends string>(id: Id, minutes: 30 | 60): Defined<Id> {
  return percentageMetric({
    id,
    title: `Ambulance handovers over ${minutes} minutes`,
    shortTitle: `Handovers over ${minutes} min`,
    definition: `Of the patients an ambulance service took to hospital, the share whose handover to the hospital's care took more than ${minutes} minutes from arrival.`,
    numerator: `Handovers taking more than ${minutes} minutes from arrival at hospital`,
    denominator: "Handovers with a known handover time",
    improvementDirection: "lower_is_better",
    targets: [],
    source: ambulanceSource,
    topic: "ambulance",
    opportunityNoun: `handovers over ${minutes} minutes`,
    caveats:
      minutes === 60
        ? [
            "Handovers over 60 minutes are also counted in handovers over 30 minutes.",
            ...handoverCaveats,
          ]
        : handoverCaveats,
    reportedBy: [...reporters.ambulance],
  });
}

export const ambulanceMetrics = [
  meanResponse("amb_cat1_mean", 1),
  centileResponse("amb_cat1_90th", 1),
  meanResponse("amb_cat2_mean", 2),
  centileResponse("amb_cat2_90th", 2),
  meanResponse("amb_cat3_mean", 3),
  centileResponse("amb_cat3_90th", 3),
  meanResponse("amb_cat4_mean", 4),
  centileResponse("amb_cat4_90th", 4),
  incidentShare("amb_hear_and_treat", {
    title: "Ambulance incidents resolved by hear and treat",
    shortTitle: "Hear and treat",
    definition:
      "The share of ambulance incidents resolved over the telephone (clinical advice or referral) without sending an ambulance.",
    numerator: "Incidents resolved by hear and treat",
  }),
  incidentShare("amb_see_and_treat", {
    title: "Ambulance incidents resolved by see and treat (not conveyed)",
    shortTitle: "See and treat",
    definition:
      "The share of ambulance incidents where a crew attended and the patient was treated or referred at the scene, without being taken anywhere.",
    numerator: "Face-to-face incidents where the patient was not conveyed",
  }),
  incidentShare("amb_convey_ed", {
    title: "Ambulance incidents conveyed to an emergency department",
    shortTitle: "Conveyed to ED",
    definition:
      "The share of ambulance incidents where a crew attended and took the patient to an emergency department (type 1 or 2).",
    numerator: "Face-to-face incidents where the patient was conveyed to an emergency department",
  }),
  incidentShare("amb_convey_elsewhere", {
    title: "Ambulance incidents conveyed elsewhere",
    shortTitle: "Conveyed elsewhere",
    definition:
      "The share of ambulance incidents where a crew attended and took the patient somewhere other than an emergency department (for example an urgent treatment centre).",
    numerator:
      "Face-to-face incidents where the patient was conveyed somewhere other than an emergency department",
  }),
  handoverShare("amb_handover_30min", 30),
  handoverShare("amb_handover_60min", 60),
];
