/**
 * How each catalogue metric is simulated: typical level across organisations, denominator size,
 * noise, winter seasonality, and links between metrics (the 4-hour denominator is the attendance
 * count; 12-hour waits are the numerator of the 12-hour percentage) so the demo data is coherent.
 *
 * Levels are display units (percentages 0–100); `seasonal` is the January-minus-average swing
 * (July swings the other way); `sd` is month-to-month noise. Counts use relative terms.
 */
import {
  dm01TestMetricId,
  dm01Tests,
  type Dm01Test,
} from "../../metrics/catalogue/diagnostic-tests.js";
import type { MetricId } from "../../metrics/catalogue/index.js";

/** Where a ratio's denominator comes from. */
export type DenominatorSource =
  /** Another series of the same organisation: its value (a count) or its numerator. */
  | { of: MetricId; part: "value" | "numerator" }
  /** Its own series: a monthly count at size 1, with relative seasonality and noise. */
  | { base: number; seasonal: number; noise: number; step: number };

export type SeriesModel =
  /** A monthly flow count (attendances): base × size, seasonal and noisy, sometimes a step. */
  | { type: "flow"; base: number; seasonal: number; noise: number }
  /** A stock (waiting list): a drifting random walk from base × size. */
  | { type: "stock"; base: number; drift: [number, number]; noise: number }
  /** numerator / denominator × multiplier, simulated in display units. */
  | {
      type: "ratio";
      level: [number, number];
      sd: number;
      seasonal: number;
      min: number;
      max: number;
      den: DenominatorSource;
      /** Numerators are whole numbers (1), halves (0.5, cancer shared pathways) or tenths (means of daily counts). */
      step: number;
    }
  /** A count that is a share of another count (type 1 attendances of all attendances). */
  | { type: "part"; of: MetricId; share: [number, number]; seasonal: number; noise: number }
  /** A count equal to another ratio's numerator, optionally scaled (the 12-hour waits). */
  | { type: "numeratorOf"; of: MetricId; factor: [number, number] }
  /** A ratio combining other ratios' numerators and denominators (all G&A beds = adult + paediatric). */
  | { type: "combined"; parts: string[] };

const beds = (base: number): DenominatorSource => ({
  base,
  seasonal: 0.01,
  noise: 0.008,
  step: 0.1,
});

export const models: Readonly<Partial<Record<MetricId, SeriesModel>>> = {
  ae_attendances_all: { type: "flow", base: 12_000, seasonal: -0.03, noise: 0.035 },
  ae_attendances_type1: {
    type: "part",
    of: "ae_attendances_all",
    share: [0.6, 0.85],
    seasonal: 0.01,
    noise: 0.01,
  },
  ae_4hr_all: {
    type: "ratio",
    level: [62, 85],
    sd: 1.6,
    seasonal: -3.5,
    min: 35,
    max: 99,
    step: 1,
    den: { of: "ae_attendances_all", part: "value" },
  },
  ae_4hr_type1: {
    type: "ratio",
    level: [48, 75],
    sd: 2.0,
    seasonal: -4.5,
    min: 25,
    max: 99,
    step: 1,
    den: { of: "ae_attendances_type1", part: "value" },
  },
  ae_admission_conversion: {
    type: "ratio",
    level: [22, 35],
    sd: 0.8,
    seasonal: 1.5,
    min: 10,
    max: 60,
    step: 1,
    den: { of: "ae_attendances_type1", part: "value" },
  },
  ae_emergency_admissions: {
    type: "numeratorOf",
    of: "ae_admission_conversion",
    factor: [1.02, 1.08],
  },
  ae_dta_4hr_waits: {
    type: "part",
    of: "ae_emergency_admissions",
    share: [0.08, 0.35],
    seasonal: 0.25,
    noise: 0.08,
  },
  ae_dta_12hr_pct: {
    type: "ratio",
    level: [0.3, 5],
    sd: 0.35,
    seasonal: 1.2,
    min: 0,
    max: 25,
    step: 1,
    den: { of: "ae_emergency_admissions", part: "value" },
  },
  ae_dta_12hr_waits: { type: "numeratorOf", of: "ae_dta_12hr_pct", factor: [1, 1] },
  ga_occupancy_adult: {
    type: "ratio",
    level: [88, 97],
    sd: 1.0,
    seasonal: 2.0,
    min: 70,
    max: 99.5,
    step: 0.1,
    den: beds(650),
  },
  ga_occupancy_paediatric: {
    type: "ratio",
    level: [68, 88],
    sd: 3.0,
    seasonal: 7.0,
    min: 40,
    max: 99.5,
    step: 0.1,
    den: beds(45),
  },
  ga_occupancy: { type: "combined", parts: ["ga_occupancy_adult", "ga_occupancy_paediatric"] },
  cc_occupancy_adult: {
    type: "ratio",
    level: [70, 90],
    sd: 3.0,
    seasonal: 3.0,
    min: 40,
    max: 99.5,
    step: 0.1,
    den: beds(22),
  },
  discharges_before_5pm: {
    type: "ratio",
    level: [22, 42],
    sd: 1.5,
    seasonal: -1.0,
    min: 5,
    max: 80,
    step: 1,
    den: { base: 3_500, seasonal: -0.02, noise: 0.03, step: 1 },
  },
  ctr_rate: {
    type: "ratio",
    level: [10, 20],
    sd: 1.0,
    seasonal: 1.5,
    min: 2,
    max: 40,
    step: 0.1,
    den: { of: "ga_occupancy_adult", part: "numerator" },
  },
  ctr_patients: { type: "numeratorOf", of: "ctr_rate", factor: [1, 1] },
  delayed_discharge_patients: { type: "numeratorOf", of: "ctr_rate", factor: [0.2, 0.4] },
  rtt_waiting_list: { type: "stock", base: 45_000, drift: [-0.006, 0.012], noise: 0.006 },
  rtt_18wk: {
    type: "ratio",
    level: [50, 70],
    sd: 0.8,
    seasonal: -1.0,
    min: 30,
    max: 95,
    step: 1,
    den: { of: "rtt_waiting_list", part: "value" },
  },
  rtt_52wk_pct: {
    type: "ratio",
    level: [0.5, 4],
    sd: 0.15,
    seasonal: 0.1,
    min: 0,
    max: 15,
    step: 1,
    den: { of: "rtt_waiting_list", part: "value" },
  },
  rtt_52wk: { type: "numeratorOf", of: "rtt_52wk_pct", factor: [1, 1] },
  diag_waiting_list: { type: "stock", base: 9_000, drift: [-0.005, 0.01], noise: 0.02 },
  diag_6wk_pct: {
    type: "ratio",
    level: [5, 30],
    sd: 2.0,
    seasonal: 3.0,
    min: 0.5,
    max: 60,
    step: 1,
    den: { of: "diag_waiting_list", part: "value" },
  },
  diag_6wk: { type: "numeratorOf", of: "diag_6wk_pct", factor: [1, 1] },
  diag_13wk_pct: {
    type: "ratio",
    level: [0.5, 8],
    sd: 0.6,
    seasonal: 0.8,
    min: 0,
    max: 30,
    step: 1,
    den: { of: "diag_waiting_list", part: "value" },
  },
  diag_13wk: { type: "numeratorOf", of: "diag_13wk_pct", factor: [1, 1] },
  ...dm01TestModels(),
  cancer_fds_28d: {
    type: "ratio",
    level: [65, 85],
    sd: 2.5,
    seasonal: -1.5,
    min: 40,
    max: 100,
    step: 1,
    den: { base: 1_500, seasonal: -0.04, noise: 0.05, step: 1 },
  },
  cancer_31d: {
    type: "ratio",
    level: [85, 97],
    sd: 2.0,
    seasonal: -1.0,
    min: 60,
    max: 100,
    step: 1,
    den: { base: 300, seasonal: -0.04, noise: 0.06, step: 1 },
  },
  cancer_62d: {
    type: "ratio",
    level: [60, 80],
    sd: 3.5,
    seasonal: -2.0,
    min: 30,
    max: 100,
    step: 0.5,
    den: { base: 110, seasonal: -0.05, noise: 0.08, step: 0.5 },
  },
  amb_cat2_mean: {
    type: "ratio",
    level: [25, 50],
    sd: 3.0,
    seasonal: 9.0,
    min: 12,
    max: 120,
    step: 1,
    den: { base: 25_000, seasonal: 0.06, noise: 0.03, step: 1 },
  },
};

/**
 * Each DM01 test's share waiting 6 weeks or more, over its own list; typical list sizes at size 1
 * (tens for barium enema and electrophysiology, thousands for ultrasound), as in the real data.
 * Quarterly metrics (KH03, cancelled operations) have no model: the demo is monthly.
 */
function dm01TestModels(): Partial<Record<MetricId, SeriesModel>> {
  const lists: Record<Dm01Test["slug"], number> = {
    mri: 1_800,
    ct: 900,
    ultrasound: 3_000,
    barium_enema: 20,
    dexa: 400,
    audiology: 500,
    echocardiography: 600,
    electrophysiology: 15,
    neurophysiology: 150,
    sleep_studies: 200,
    urodynamics: 60,
    colonoscopy: 350,
    flexi_sigmoidoscopy: 60,
    cystoscopy: 100,
    gastroscopy: 400,
  };
  return Object.fromEntries(
    dm01Tests.map((t): [MetricId, SeriesModel] => [
      dm01TestMetricId(t),
      {
        type: "ratio",
        level: [3, 35],
        sd: 3.0,
        seasonal: 3.0,
        min: 0,
        max: 80,
        step: 1,
        den: { base: lists[t.slug], seasonal: 0.03, noise: 0.05, step: 1 },
      },
    ]),
  );
}
