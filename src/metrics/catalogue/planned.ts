/**
 * Measures the improvement guides track that no data source loaded here publishes yet (issue 16:
 * "measures with no data source yet are marked so, not hidden"). They are catalogue entries in
 * their own list, not in `catalogue`: nothing imports, derives, benchmarks or charts them, and no
 * dashboard shows an empty tile for them. Guides may name them as tracking measures; pages say
 * "No data source yet" with `wouldCome`, the publication or local collection that would supply
 * them. When a source arrives, the entry moves into its topic file with its full definition.
 */
import { z } from "zod";
import { directions, topics, units } from "./types.js";

export const plannedMetricSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:_[a-z0-9]+)*$/, "lower_snake_case"),
    title: z.string().min(1),
    shortTitle: z.string().min(1),
    definition: z.string().min(1),
    unit: z.enum(units),
    improvementDirection: z.enum(directions),
    topic: z.enum(topics),
    /** Where the data would come from: a national collection not loaded here, or local data. */
    wouldCome: z.string().min(1),
  })
  .strict();

export type PlannedMetric = z.infer<typeof plannedMetricSchema>;

const definitions: PlannedMetric[] = [
  {
    id: "sdec_share_of_emergency_admissions",
    title: "Same day emergency care share of emergency activity",
    shortTitle: "SDEC share",
    definition:
      "Of adult patients admitted as an emergency or treated in same day emergency care (SDEC), the percentage treated in SDEC and sent home the same day.",
    unit: "percentage",
    improvementDirection: "higher_is_better",
    topic: "uec",
    wouldCome:
      "the Emergency Care Data Set (ECDS) with Admitted Patient Care, which are not among the publications loaded here; trusts can count it from their own SDEC records.",
  },
  {
    id: "frailty_assessment_within_30_minutes",
    title: "Frailty assessment within 30 minutes of arrival",
    shortTitle: "Frailty screen ≤ 30 min",
    definition:
      "Of patients aged 65 and over arriving at the emergency department, the percentage screened for frailty (for example with the Clinical Frailty Scale) within 30 minutes.",
    unit: "percentage",
    improvementDirection: "higher_is_better",
    topic: "uec",
    wouldCome: "local data: no national publication reports it by trust.",
  },
  {
    id: "length_of_stay_21_days_plus",
    title: "Patients in hospital for 21 days or more",
    shortTitle: "Stays of 21+ days",
    definition:
      "Adult general and acute inpatients who have been in hospital for 21 days or more, as a daily average per 100 occupied general and acute beds.",
    unit: "rate",
    improvementDirection: "lower_is_better",
    topic: "flow",
    wouldCome:
      "the NHS England long length of stay collection, not loaded here; trusts can count it from their patient administration system.",
  },
  {
    id: "theatre_capped_utilisation",
    title: "Theatre capped utilisation",
    shortTitle: "Capped utilisation",
    definition:
      "Time spent operating within planned theatre sessions, as a percentage of the planned session time, not counting overruns.",
    unit: "percentage",
    improvementDirection: "higher_is_better",
    topic: "theatres",
    wouldCome:
      "the Model Health System's theatres compartment (from trusts' theatre systems), which is not a public download; trusts hold it in their theatre systems.",
  },
  {
    id: "day_case_rate",
    title: "Day case rate for procedures usually done as day cases",
    shortTitle: "Day case rate",
    definition:
      "Of elective procedures on the British Association of Day Surgery's list, the percentage done as a day case.",
    unit: "percentage",
    improvementDirection: "higher_is_better",
    topic: "theatres",
    wouldCome:
      "Hospital Episode Statistics (Admitted Patient Care), not loaded here; trusts can count it from their own episode data.",
  },
  {
    id: "outpatient_did_not_attend_rate",
    title: "Outpatient appointments not attended",
    shortTitle: "Did not attend",
    definition:
      "The percentage of booked outpatient appointments the patient did not attend without telling the hospital in advance.",
    unit: "percentage",
    improvementDirection: "lower_is_better",
    topic: "outpatients",
    wouldCome:
      "Hospital Episode Statistics (Outpatients) or the monthly outpatient activity returns, not loaded here.",
  },
  {
    id: "outpatient_pifu_share",
    title: "Outpatient attendances moved or discharged to patient-initiated follow-up",
    shortTitle: "PIFU share",
    definition:
      "Outpatient attendances after which the patient was moved or discharged to patient-initiated follow-up (PIFU), as a percentage of all outpatient attendances.",
    unit: "percentage",
    improvementDirection: "higher_is_better",
    topic: "outpatients",
    wouldCome: "the Elective Recovery Outpatient Collection, not loaded here.",
  },
  {
    id: "outpatient_follow_up_ratio",
    title: "Follow-up outpatient attendances per first attendance",
    shortTitle: "Follow-ups per first",
    definition:
      "The number of follow-up outpatient attendances for every first attendance, across all specialties.",
    unit: "ratio",
    improvementDirection: "lower_is_better",
    topic: "outpatients",
    wouldCome:
      "Hospital Episode Statistics (Outpatients) or the monthly outpatient activity returns, not loaded here.",
  },
  {
    id: "advice_and_guidance_rate",
    title: "Specialist advice requests per 100 outpatient first attendances",
    shortTitle: "Advice and guidance",
    definition:
      "Requests for specialist advice (advice and guidance) made before or instead of a referral, per 100 first outpatient attendances.",
    unit: "rate",
    improvementDirection: "higher_is_better",
    topic: "outpatients",
    wouldCome: "the Elective Recovery Outpatient Collection, not loaded here.",
  },
];

export const plannedMetrics: readonly PlannedMetric[] = definitions.map((d) =>
  plannedMetricSchema.parse(d),
);

const byId = new Map(plannedMetrics.map((m) => [m.id, m]));

/** A measure a guide may track that has no data source yet, or undefined. */
export function getPlannedMetric(metricId: string): PlannedMetric | undefined {
  return byId.get(metricId);
}
