/**
 * Recommended peers: the k organisations of the same kind most like an organisation in size,
 * balance of work, case mix and type, not only in size (issue 12, item 5).
 *
 * The data holds a dozen volume measures (A&E attendances twice, emergency admissions, beds twice,
 * discharges, waiting lists, cancer treatments…) that all measure one thing, size: as separate
 * features (the method before this one) they made the distance a size match, A&E size counted
 * three times and the bed base twice. So the volumes are collapsed into factors, each feature
 * then counts once:
 *
 * - **size**: the mean of the standardised logs of every volume the organisation reports
 *   (zᵥ = (ln v − mean)/SD over the organisation and its candidates), standardised again;
 * - **elective/emergency balance**: the mean z of its elective volumes (RTT waiting list,
 *   diagnostic waiting list, cancer treatments) minus the mean z of its emergency volumes (A&E
 *   attendances, emergency admissions, G&A beds, discharges), standardised: a trust twice the size
 *   on both sides has the same balance;
 * - **A&E admission conversion** (the share of attendances admitted: case mix), as it is;
 * - **critical care intensity**: ln(adult critical care beds ÷ G&A beds) (tertiary work);
 * - **type 1 A&E department** (categorical: reports type 1 attendances or not);
 * - **type** (categorical, from the trust-type table's Oversight Framework subtype: specialist,
 *   multi-service or general acute; its teaching, large, medium and small are size bands the
 *   size factor measures, and as categories they made predictions worse).
 *
 * Features are means over the last 12 periods. A categorical feature adds 1 (one standard
 * deviation) to the squared distance when the two differ, and peers of the organisation's own
 * type come first (a specialist trust's peers are specialist trusts while there are k of them). Distance: Euclidean over the features
 * both organisations have, scaled up by √(features used ÷ features shared) so that a missing
 * feature does not make a trust look closer; a candidate must share at least two-thirds of them.
 * Candidates: open organisations of the same kind, not the organisation itself.
 * Example (test/metrics/analytics/methods.test.ts): two trusts with the same A&E volume and twice
 * the waiting list differ in balance, not only in size.
 */
import type { MetricId } from "../catalogue/index.js";
import type {
  MetricMatrix,
  PeerFeatureDifference,
  RecommendedPeer,
  SimilarityFeature,
} from "./types.js";
import type { Organisation } from "../organisations.js";

/** A measure read for peers: a field's mean over the window, per organisation. */
export interface FeatureSpec {
  metricId: MetricId;
  field: "value" | "numerator" | "denominator";
  label: string;
}

/** A volume and the side of the work it measures. */
export interface VolumeSpec extends FeatureSpec {
  side: "emergency" | "elective" | "other";
}

/** The volumes collapsed into size and balance (ambulance incidents size an ambulance trust). */
export const VOLUME_FEATURES: readonly VolumeSpec[] = [
  {
    metricId: "ae_attendances_type1",
    field: "value",
    label: "type 1 A&E attendances",
    side: "emergency",
  },
  { metricId: "ae_attendances_all", field: "value", label: "A&E attendances", side: "emergency" },
  {
    metricId: "ae_emergency_admissions",
    field: "value",
    label: "emergency admissions",
    side: "emergency",
  },
  { metricId: "ga_occupancy", field: "denominator", label: "G&A beds", side: "emergency" },
  { metricId: "ga_occupancy", field: "numerator", label: "occupied G&A beds", side: "emergency" },
  {
    metricId: "discharges_before_5pm",
    field: "denominator",
    label: "discharges",
    side: "emergency",
  },
  { metricId: "rtt_waiting_list", field: "value", label: "RTT waiting list", side: "elective" },
  {
    metricId: "diag_6wk_pct",
    field: "denominator",
    label: "diagnostic waiting list",
    side: "elective",
  },
  { metricId: "cancer_62d", field: "denominator", label: "cancer treatments", side: "elective" },
  { metricId: "amb_cat2_mean", field: "denominator", label: "category 2 incidents", side: "other" },
];

/** The measures behind the case-mix and structure features. */
export const MIX_FEATURES = {
  conversion: {
    metricId: "ae_admission_conversion",
    field: "value",
    label: "A&E admission conversion",
  },
  criticalCareBeds: {
    metricId: "cc_occupancy_adult",
    field: "denominator",
    label: "adult critical care beds",
  },
  gaBeds: { metricId: "ga_occupancy", field: "denominator", label: "G&A beds" },
  type1: { metricId: "ae_attendances_type1", field: "value", label: "type 1 A&E attendances" },
  allTypes: { metricId: "ae_attendances_all", field: "value", label: "A&E attendances" },
} as const satisfies Record<string, FeatureSpec>;

/** Every measure the method reads, once. */
export const PEER_MEASURES: readonly FeatureSpec[] = [
  ...VOLUME_FEATURES,
  MIX_FEATURES.conversion,
  MIX_FEATURES.criticalCareBeds,
];

export const FEATURE_WINDOW = 12;
export const DEFAULT_PEER_COUNT = 10;

export const featureKey = (s: Pick<FeatureSpec, "metricId" | "field">): string =>
  `${s.metricId}.${s.field}`;

/**
 * Mean of one field over the last `window` periods of the matrix, per organisation code, leaving
 * out the newest `drop` periods (1: the data as it stood a period earlier). Missing values are
 * skipped; an organisation with none in the window has no entry.
 */
export function featureMeans(
  matrix: MetricMatrix,
  spec: Pick<FeatureSpec, "field">,
  window = FEATURE_WINDOW,
  drop = 0,
): Map<string, number> {
  const P = matrix.periods.length;
  const data = matrix[spec.field];
  const out = new Map<string, number>();
  const to = P - drop;
  const from = Math.max(0, to - window);
  for (let o = 0; o < matrix.orgCodes.length; o++) {
    let sum = 0;
    let n = 0;
    for (let p = from; p < to; p++) {
      const v = data[o * P + p]!;
      if (v === v) {
        sum += v;
        n++;
      }
    }
    if (n > 0) out.set(matrix.orgCodes[o]!, sum / n);
  }
  return out;
}

/** The features' inputs: each measure's means by `featureKey`, and categorical labels. */
export interface SimilarityInput {
  organisation: Organisation;
  candidates: readonly Organisation[];
  /** Means by featureKey (metricId.field) → orgCode → mean over the window. */
  means: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** An organisation's subtype (teaching, large…), when known. */
  subtypeOf?: (org: Organisation) => string | null;
  k: number;
  /** "all" (the method) or "size" (size only, the yardstick the evaluation compares with). */
  features?: "all" | "size";
}

export interface SimilarityOutput {
  features: SimilarityFeature[];
  own: Record<string, number | string | null>;
  peers: RecommendedPeer[];
}

/** One feature over the organisation and its candidates: numeric (z) or categorical. */
interface Built {
  id: string;
  label: string;
  /** "similar size"; "both have a type 1 A&E department". */
  kind: "numeric" | "category";
  /** Standardised value (numeric) per orgCode. */
  z: Map<string, number>;
  /** Category per orgCode. */
  category: Map<string, string>;
  /** What a person reads: the raw value (numeric) or the category. */
  shown: Map<string, number | string>;
  description: string;
  mean: number;
  sd: number;
}

function standardise(
  values: Map<string, number>,
): { z: Map<string, number>; mean: number; sd: number } | null {
  const xs = [...values.values()];
  if (xs.length < 3) return null;
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1));
  if (!(sd > 0)) return null;
  return { z: new Map([...values].map(([c, v]) => [c, (v - mean) / sd])), mean, sd };
}

const meanOf = (xs: readonly number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

/** The features of the method over `everyone` (the organisation first). */
function buildFeatures(input: SimilarityInput, everyone: readonly Organisation[]): Built[] {
  const codes = new Set(everyone.map((o) => o.orgCode));
  const meansOf = (spec: Pick<FeatureSpec, "metricId" | "field">) => {
    const all = input.means.get(featureKey(spec));
    const out = new Map<string, number>();
    if (all) for (const [c, v] of all) if (codes.has(c)) out.set(c, v);
    return out;
  };
  const numeric = (
    id: string,
    label: string,
    description: string,
    values: Map<string, number>,
    shown: Map<string, number>,
  ): Built | null => {
    const s = standardise(values);
    if (!s) return null;
    return {
      id,
      label,
      kind: "numeric",
      z: s.z,
      category: new Map(),
      shown,
      description,
      mean: s.mean,
      sd: s.sd,
    };
  };
  const built: Built[] = [];
  // Volumes: z of ln v for each, over those reporting it.
  const volumeZ = new Map<
    string,
    { emergency: number[]; elective: number[]; all: number[]; total: number }
  >();
  for (const v of VOLUME_FEATURES) {
    const logs = new Map<string, number>();
    for (const [c, x] of meansOf(v)) if (x > 0) logs.set(c, Math.log(x));
    const s = standardise(logs);
    if (!s) continue;
    for (const [c, z] of s.z) {
      const entry = volumeZ.get(c) ?? { emergency: [], elective: [], all: [], total: 0 };
      entry.all.push(z);
      if (v.side !== "other") entry[v.side].push(z);
      volumeZ.set(c, entry);
    }
  }
  const size = new Map<string, number>();
  const balance = new Map<string, number>();
  for (const [c, e] of volumeZ) {
    size.set(c, meanOf(e.all));
    if (e.elective.length > 0 && e.emergency.length > 0)
      balance.set(c, meanOf(e.elective) - meanOf(e.emergency));
  }
  const sizeFeature = numeric(
    "size",
    "size",
    "mean of the standardised logs of its volumes (A&E attendances, emergency admissions, beds, discharges, waiting lists, cancer treatments, ambulance incidents)",
    size,
    size,
  );
  if (sizeFeature) built.push(sizeFeature);
  if (input.features === "size") return built;
  const balanceFeature = numeric(
    "balance",
    "elective/emergency balance",
    "mean standardised log of its elective volumes minus that of its emergency volumes",
    balance,
    balance,
  );
  if (balanceFeature) built.push(balanceFeature);
  const conversion = meansOf(MIX_FEATURES.conversion);
  const conversionFeature = numeric(
    "conversion",
    "A&E admission conversion",
    "the share of A&E attendances admitted",
    conversion,
    conversion,
  );
  if (conversionFeature) built.push(conversionFeature);
  const cc = meansOf(MIX_FEATURES.criticalCareBeds);
  const ga = meansOf(MIX_FEATURES.gaBeds);
  const intensity = new Map<string, number>();
  const ratio = new Map<string, number>();
  for (const [c, beds] of cc) {
    const g = ga.get(c);
    if (g !== undefined && g > 0 && beds > 0) {
      intensity.set(c, Math.log(beds / g));
      ratio.set(c, beds / g);
    }
  }
  const ccFeature = numeric(
    "critical_care",
    "critical care intensity",
    "adult critical care beds per G&A bed (compared on the log scale)",
    intensity,
    ratio,
  );
  if (ccFeature) built.push(ccFeature);
  // A type 1 department: reports type 1 attendances; an organisation with no A&E data is unknown.
  const type1 = meansOf(MIX_FEATURES.type1);
  const allTypes = meansOf(MIX_FEATURES.allTypes);
  const dept = new Map<string, string>();
  for (const o of everyone) {
    const t1 = type1.get(o.orgCode);
    if (t1 !== undefined && t1 > 0) dept.set(o.orgCode, "a type 1 A&E department");
    else if (t1 !== undefined || allTypes.has(o.orgCode))
      dept.set(o.orgCode, "no type 1 A&E department");
  }
  if (new Set(dept.values()).size > 1)
    built.push({
      id: "type1_department",
      label: "type 1 A&E department",
      kind: "category",
      z: new Map(),
      category: dept,
      shown: dept,
      description: "whether it reports type 1 (major) A&E attendances",
      mean: NaN,
      sd: NaN,
    });
  if (input.subtypeOf) {
    const subtype = new Map<string, string>();
    for (const o of everyone) {
      const s = input.subtypeOf(o);
      if (s) subtype.set(o.orgCode, s);
    }
    if (new Set(subtype.values()).size > 1)
      built.push({
        id: "subtype",
        label: "type",
        kind: "category",
        z: new Map(),
        category: subtype,
        shown: subtype,
        description:
          "specialist, multi-service or general acute (the trust-type table's Oversight Framework subtype)",
        mean: NaN,
        sd: NaN,
      });
  }
  return built;
}

/** Standardised difference of a feature between two organisations (categories: 0 or 1). */
function differenceOf(f: Built, self: string, other: string): number | undefined {
  if (f.kind === "category") {
    const a = f.category.get(self);
    const b = f.category.get(other);
    return a === undefined || b === undefined ? undefined : a === b ? 0 : 1;
  }
  const a = f.z.get(self);
  const b = f.z.get(other);
  return a === undefined || b === undefined ? undefined : b - a;
}

/** Within this many standard deviations a numeric feature reads "similar". */
const SIMILAR = 0.5;

/** "similar size and A&E admission conversion; both teaching", "differs most in …". */
function reasonOf(diffs: readonly PeerFeatureDifference[]): string {
  const similar = diffs.filter((d) => d.kind === "numeric" && Math.abs(d.difference) <= SIMILAR);
  const same = diffs.filter((d) => d.kind === "category" && d.difference === 0);
  const parts: string[] = [];
  if (similar.length > 0) parts.push(`similar ${listText(similar.map((d) => d.label))}`);
  for (const d of same)
    parts.push(
      d.id === "subtype" ? `both ${String(d.peer)} trusts` : `both have ${String(d.peer)}`,
    );
  const furthest = [...diffs]
    .filter((d) => Math.abs(d.difference) > SIMILAR)
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference))[0];
  if (furthest) parts.push(`differs most in ${furthest.label}`);
  return parts.length > 0 ? parts.join("; ") : "nearest on the features both have";
}

const listText = (items: readonly string[]): string =>
  new Intl.ListFormat("en-GB", { type: "conjunction" }).format(items);

/** The k candidates nearest the organisation (see the module comment). */
export function recommendPeers(input: SimilarityInput): SimilarityOutput {
  const self = input.organisation;
  const pool = input.candidates.filter(
    (c) => c.orgCode !== self.orgCode && c.kind === self.kind && c.closeDate === null,
  );
  const everyone = [self, ...pool];
  const used = buildFeatures(input, everyone).filter((f) =>
    f.kind === "numeric" ? f.z.has(self.orgCode) : f.category.has(self.orgCode),
  );
  const features: SimilarityFeature[] = used.map((f) => ({
    metricId: f.id,
    label: f.label,
    kind: f.kind,
    description: f.description,
    mean: f.mean,
    sd: f.sd,
  }));
  const own: Record<string, number | string | null> = {};
  for (const f of used) own[f.id] = f.shown.get(self.orgCode) ?? null;
  const F = used.length;
  const minShared = Math.max(1, Math.ceil((2 * F) / 3));
  const scored: RecommendedPeer[] = [];
  for (const c of pool) {
    let ss = 0;
    const diffs: PeerFeatureDifference[] = [];
    for (const f of used) {
      const d = differenceOf(f, self.orgCode, c.orgCode);
      if (d === undefined) continue;
      ss += d * d;
      diffs.push({
        id: f.id,
        label: f.label,
        kind: f.kind,
        difference: d,
        own: f.shown.get(self.orgCode) ?? null,
        peer: f.shown.get(c.orgCode) ?? null,
      });
    }
    if (diffs.length === 0 || diffs.length < minShared) continue;
    const distance = Math.sqrt((ss * F) / diffs.length);
    const featuresOf: Record<string, number | string | null> = {};
    for (const f of used) featuresOf[f.id] = f.shown.get(c.orgCode) ?? null;
    scored.push({
      orgCode: c.orgCode,
      name: c.name,
      distance,
      differences: diffs,
      reason: reasonOf(diffs),
      features: featuresOf,
    });
  }
  // Same type first (a specialist trust's peers are specialist trusts while there are k of
  // them), then by distance.
  const ownType = input.subtypeOf?.(self) ?? null;
  const otherType = (p: RecommendedPeer): number =>
    ownType !== null && p.features.subtype !== ownType ? 1 : 0;
  scored.sort(
    (a, b) =>
      otherType(a) - otherType(b) || a.distance - b.distance || a.orgCode.localeCompare(b.orgCode),
  );
  return { features, own, peers: scored.slice(0, Math.max(0, input.k)) };
}

export const SIMILARITY_METHOD =
  "Means over the last 12 periods. The volume measures (A&E attendances, emergency admissions, beds, discharges, waiting lists, cancer treatments, ambulance incidents) are collapsed into two factors, size (the mean of their standardised logs) and elective/emergency balance (elective minus emergency), so size counts once; with A&E admission conversion, critical care beds per G&A bed (log), whether there is a type 1 A&E department and the type (specialist, multi-service or general acute; a difference in either adds one standard deviation, and peers of the same type come first). Each numeric feature is standardised across open organisations of the same kind (z = (x − mean) / SD); Euclidean distance over the features both have, scaled by √(features ÷ shared features); the k nearest. Peers are chosen on size, work and type, never on performance.";
