/**
 * Recommended peers: the k acute trusts most like an organisation in size and activity mix.
 *
 * Features are the means over the last 12 periods of the volume measures that exist in the data
 * (type 1 A&E attendances, G&A beds available and occupied, emergency admissions, discharges,
 * waiting list…), log-transformed (sizes are skewed and relative differences matter), plus mix
 * measures as they are (admission conversion). Each feature is standardised across the candidate
 * trusts (z = (x − mean) / SD); the distance is Euclidean over the features both organisations
 * have, scaled up by √(features used ÷ features shared) so that a missing feature does not make a
 * trust look closer. Candidates: open organisations of the same kind, not the organisation itself,
 * sharing at least two-thirds of its features. The reason names the two features with the smallest
 * standardised difference ("similar type 1 A&E volume and G&A bed base").
 */
import type { MetricId } from "../catalogue/index.js";
import type { MetricMatrix, RecommendedPeer, SimilarityFeature } from "./types.js";
import type { Organisation } from "../organisations.js";

export interface FeatureSpec {
  metricId: MetricId;
  field: "value" | "numerator" | "denominator";
  transform: "log" | "none";
  label: string;
}

export const SIMILARITY_FEATURES: readonly FeatureSpec[] = [
  {
    metricId: "ae_attendances_type1",
    field: "value",
    transform: "log",
    label: "type 1 A&E volume",
  },
  {
    metricId: "ae_attendances_all",
    field: "value",
    transform: "log",
    label: "all-type A&E volume",
  },
  {
    metricId: "ae_emergency_admissions",
    field: "value",
    transform: "log",
    label: "emergency admissions",
  },
  { metricId: "ga_occupancy", field: "denominator", transform: "log", label: "G&A bed base" },
  { metricId: "ga_occupancy", field: "numerator", transform: "log", label: "occupied G&A beds" },
  {
    metricId: "cc_occupancy_adult",
    field: "denominator",
    transform: "log",
    label: "critical care bed base",
  },
  {
    metricId: "discharges_before_5pm",
    field: "denominator",
    transform: "log",
    label: "discharges",
  },
  { metricId: "rtt_waiting_list", field: "value", transform: "log", label: "waiting list size" },
  {
    metricId: "diag_6wk_pct",
    field: "denominator",
    transform: "log",
    label: "diagnostic waiting list",
  },
  { metricId: "cancer_62d", field: "denominator", transform: "log", label: "cancer treatments" },
  {
    metricId: "amb_cat2_mean",
    field: "denominator",
    transform: "log",
    label: "category 2 incidents",
  },
  {
    metricId: "ae_admission_conversion",
    field: "value",
    transform: "none",
    label: "A&E admission conversion",
  },
];

export const FEATURE_WINDOW = 12;
export const DEFAULT_PEER_COUNT = 10;

/** Mean of one field over the last `window` periods of the matrix, per organisation code. */
export function featureMeans(
  matrix: MetricMatrix,
  spec: FeatureSpec,
  window = FEATURE_WINDOW,
): Map<string, number> {
  const P = matrix.periods.length;
  const data = matrix[spec.field];
  const out = new Map<string, number>();
  const from = Math.max(0, P - window);
  for (let o = 0; o < matrix.orgCodes.length; o++) {
    let sum = 0;
    let n = 0;
    for (let p = from; p < P; p++) {
      const v = data[o * P + p]!;
      if (v === v && (spec.transform !== "log" || v > 0)) {
        sum += v;
        n++;
      }
    }
    if (n > 0) out.set(matrix.orgCodes[o]!, sum / n);
  }
  return out;
}

export interface SimilarityInput {
  organisation: Organisation;
  candidates: readonly Organisation[];
  features: readonly { spec: FeatureSpec; means: Map<string, number> }[];
  k: number;
}

export interface SimilarityOutput {
  features: SimilarityFeature[];
  own: Record<string, number | null>;
  peers: RecommendedPeer[];
}

const featureKey = (s: FeatureSpec) => `${s.metricId}.${s.field}`;

export function recommendPeers(input: SimilarityInput): SimilarityOutput {
  const self = input.organisation;
  const pool = input.candidates.filter(
    (c) => c.orgCode !== self.orgCode && c.kind === self.kind && c.closeDate === null,
  );
  const everyone = [self, ...pool];
  // Standardise each feature over the organisation and the candidates that have it.
  const used: {
    spec: FeatureSpec;
    z: Map<string, number>;
    raw: Map<string, number>;
    mean: number;
    sd: number;
  }[] = [];
  for (const f of input.features) {
    const xs: [string, number][] = [];
    for (const o of everyone) {
      const v = f.means.get(o.orgCode);
      if (v !== undefined) xs.push([o.orgCode, f.spec.transform === "log" ? Math.log(v) : v]);
    }
    if (!f.means.has(self.orgCode) || xs.length < 3) continue;
    const mean = xs.reduce((s, [, v]) => s + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, [, v]) => s + (v - mean) ** 2, 0) / (xs.length - 1));
    if (!(sd > 0)) continue;
    used.push({
      spec: f.spec,
      z: new Map(xs.map(([c, v]) => [c, (v - mean) / sd])),
      raw: f.means,
      mean,
      sd,
    });
  }
  const features: SimilarityFeature[] = used.map((u) => ({
    metricId: featureKey(u.spec),
    label: u.spec.label,
    transform: u.spec.transform,
    mean: u.mean,
    sd: u.sd,
  }));
  const own: Record<string, number | null> = {};
  for (const u of used) own[featureKey(u.spec)] = u.raw.get(self.orgCode) ?? null;
  const F = used.length;
  const minShared = Math.max(1, Math.ceil((2 * F) / 3));
  const scored: RecommendedPeer[] = [];
  for (const c of pool) {
    let ss = 0;
    let shared = 0;
    const diffs: { metricId: string; label: string; difference: number }[] = [];
    for (const u of used) {
      const a = u.z.get(self.orgCode);
      const b = u.z.get(c.orgCode);
      if (a === undefined || b === undefined) continue;
      const d = b - a;
      ss += d * d;
      shared++;
      diffs.push({ metricId: featureKey(u.spec), label: u.spec.label, difference: d });
    }
    if (shared === 0 || shared < minShared) continue;
    const distance = Math.sqrt((ss * F) / shared);
    diffs.sort(
      (x, y) =>
        Math.abs(x.difference) - Math.abs(y.difference) || x.metricId.localeCompare(y.metricId),
    );
    const closest = diffs.slice(0, 2);
    const featuresOf: Record<string, number | null> = {};
    for (const u of used) featuresOf[featureKey(u.spec)] = u.raw.get(c.orgCode) ?? null;
    scored.push({
      orgCode: c.orgCode,
      name: c.name,
      distance,
      closest,
      reason: `similar ${closest.map((d) => d.label).join(" and ")}`,
      features: featuresOf,
    });
  }
  scored.sort((a, b) => a.distance - b.distance || a.orgCode.localeCompare(b.orgCode));
  return { features, own, peers: scored.slice(0, Math.max(0, input.k)) };
}

export const SIMILARITY_METHOD =
  "Means over the last 12 periods of each volume and mix measure in the data; volumes log-transformed; each standardised across open organisations of the same kind (z = (x − mean) / SD); Euclidean distance over the features both have, scaled by √(features ÷ shared features); the k nearest. The reason names the two features with the smallest standardised difference.";
