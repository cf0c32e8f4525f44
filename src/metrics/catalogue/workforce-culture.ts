/**
 * Workforce culture: the NHS Staff Survey 2024 scores of each NHS trust, from the survey's
 * "detailed spreadsheets – organisational results" (sheets THEMES and PEOPLE PROMISE ELEMENTS):
 * staff engagement and morale with their sub-scores, and the seven People Promise elements with
 * theirs. Every score is on a 0–10 scale, 10 the most positive (so a higher score for "burnout"
 * or "thinking about leaving" means less of it), the mean of the answers of the staff who
 * answered its questions, weighted by occupation group to the trust's staff mix. Each comes with
 * its base, the number of staff who answered, stored as the denominator; the survey publishes no
 * standard error, so no interval is put on a score (`noInterval`).
 *
 * Example: Guy's and St Thomas' (RJ1) staff engagement 7.15 from 11,986 respondents (2024).
 */
import { defineMetric, type Defined } from "./builders.js";
import { reporters, staffSurveySource } from "./sources.js";

/** Each published score: its code in the spreadsheets, metric id and name (nss24_measure_names.csv). */
export const staffSurveyScores = [
  { code: "staff_engagement", id: "nss_staff_engagement", name: "Staff engagement", kind: "theme" },
  { code: "e_1", id: "nss_motivation", name: "Motivation", kind: "engagement" },
  { code: "e_2", id: "nss_involvement", name: "Involvement", kind: "engagement" },
  { code: "e_3", id: "nss_advocacy", name: "Advocacy", kind: "engagement" },
  { code: "morale", id: "nss_morale", name: "Morale", kind: "theme" },
  { code: "m_1", id: "nss_thinking_about_leaving", name: "Thinking about leaving", kind: "morale" },
  { code: "m_2", id: "nss_work_pressure", name: "Work pressure", kind: "morale" },
  { code: "m_3", id: "nss_stressors", name: "Stressors", kind: "morale" },
  {
    code: "pp1",
    id: "nss_compassionate_inclusive",
    name: "We are compassionate and inclusive",
    kind: "element",
  },
  { code: "pp1_1", id: "nss_compassionate_culture", name: "Compassionate culture", kind: "pp1" },
  {
    code: "pp1_2",
    id: "nss_compassionate_leadership",
    name: "Compassionate leadership",
    kind: "pp1",
  },
  { code: "pp1_3", id: "nss_diversity_equality", name: "Diversity and equality", kind: "pp1" },
  { code: "pp1_4", id: "nss_inclusion", name: "Inclusion", kind: "pp1" },
  {
    code: "pp2",
    id: "nss_recognised_rewarded",
    name: "We are recognised and rewarded",
    kind: "element",
  },
  {
    code: "pp3",
    id: "nss_voice_that_counts",
    name: "We each have a voice that counts",
    kind: "element",
  },
  { code: "pp3_1", id: "nss_autonomy_control", name: "Autonomy and control", kind: "pp3" },
  { code: "pp3_2", id: "nss_raising_concerns", name: "Raising concerns", kind: "pp3" },
  { code: "pp4", id: "nss_safe_healthy", name: "We are safe and healthy", kind: "element" },
  {
    code: "pp4_1",
    id: "nss_health_safety_climate",
    name: "Health and safety climate",
    kind: "pp4",
  },
  { code: "pp4_2", id: "nss_burnout", name: "Burnout", kind: "pp4" },
  { code: "pp4_3", id: "nss_negative_experiences", name: "Negative experiences", kind: "pp4" },
  { code: "pp5", id: "nss_always_learning", name: "We are always learning", kind: "element" },
  { code: "pp5_1", id: "nss_development", name: "Development", kind: "pp5" },
  { code: "pp5_2", id: "nss_appraisals", name: "Appraisals", kind: "pp5" },
  { code: "pp6", id: "nss_work_flexibly", name: "We work flexibly", kind: "element" },
  {
    code: "pp6_1",
    id: "nss_work_life_balance",
    name: "Support for work-life balance",
    kind: "pp6",
  },
  { code: "pp6_2", id: "nss_flexible_working", name: "Flexible working", kind: "pp6" },
  { code: "pp7", id: "nss_team", name: "We are a team", kind: "element" },
  { code: "pp7_1", id: "nss_team_working", name: "Team working", kind: "pp7" },
  { code: "pp7_2", id: "nss_line_management", name: "Line management", kind: "pp7" },
] as const;

type Score = (typeof staffSurveyScores)[number];

const elementNames: Readonly<Record<string, string>> = Object.fromEntries(
  staffSurveyScores.filter((s) => s.kind === "element").map((s) => [s.code, s.name]),
);

/** What the score is, in words: "the People Promise element …", "a sub-score of the Morale theme". */
function what(s: Score): string {
  switch (s.kind) {
    case "theme":
      return `the ${s.name} theme`;
    case "engagement":
      return "a sub-score of the Staff engagement theme";
    case "morale":
      return "a sub-score of the Morale theme";
    case "element":
      return `the People Promise element "${s.name}"`;
    default:
      return `a sub-score of the People Promise element "${elementNames[s.kind] ?? s.kind}"`;
  }
}

const caveats = [
  "The 2024 survey (fieldwork September – November 2024, published March 2025), shown as the financial year 2024/25 in which it ran; one value per trust, no time series yet.",
  "NHS England compares trusts only within the survey's benchmarking groups (acute and acute & community, acute specialist, mental health and learning disability, community, ambulance): compare a trust with trusts of its own kind.",
  "Scores are weighted by occupation group to each trust's staff mix; no England or group figure is computed from trusts' scores (the survey's national figures are computed from all respondents).",
  "Isle of Wight NHS Trust is published as two sectors: R1F1 (acute, in the acute group) is stored as R1F, as NHS England's own Oversight Framework does for its staff survey metrics; R1F2 (its ambulance service) is not stored, since no whole-trust score is published.",
];

function scoreMetric(s: Score): Defined<Score["id"]> {
  return defineMetric({
    id: s.id,
    title: `NHS Staff Survey: ${s.name}`,
    shortTitle: s.name,
    definition: `The trust's score for ${what(s)} in the NHS Staff Survey: the mean, over the staff who answered its questions, of their answers scored from 0 to 10 (10 the most positive), weighted by occupation group. Higher is more positive.`,
    denominator: "Staff who answered the score's questions (the base)",
    unit: "score",
    multiplier: 1,
    decimals: 2,
    improvementDirection: "higher_is_better",
    targets: [],
    source: staffSurveySource,
    frequency: "annual",
    topic: "workforce_culture",
    aggregation: "not_aggregable",
    noInterval: {
      values: "survey scores published without standard errors",
      reason:
        "a score is the weighted mean of staff's answers, and the survey publishes the number who answered (its base, shown as the denominator) but not the spread of their answers, so no standard error can be computed",
    },
    caveats,
    reportedBy: [...reporters.trusts],
  });
}

export const workforceCultureMetrics: Defined<Score["id"]>[] = staffSurveyScores.map((s) =>
  scoreMetric(s),
);
