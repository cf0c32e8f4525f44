/**
 * An analytics store holding nothing but stationary, overdispersed noise: every trust runs the
 * same process, so any "better than England", highlighted opportunity or trend verdict on it is a
 * false alarm. Used by the property test that measures how often the engine raises one.
 *
 * Each of `trusts` acute trusts (split across two regions) reports `months` months of:
 * - ae_4hr_all: x of d attendances within 4 hours, d fixed per trust (sizes `sizes`), the true
 *   proportion p₀ + ε with ε ~ N(0, `extraSd`²) drawn afresh each trust-month (the extra
 *   month-to-month variation real A&E performance shows beyond binomial noise), then x ~ the
 *   normal approximation of Binomial(d, p), rounded;
 * - ae_attendances_all: the count d + N(0, (`extraSd`·d)²) rounded (a count on the same scale).
 * Nothing persists from month to month and no trust differs from another in expectation.
 */
import { getMetric, type MetricDefinition } from "../../src/metrics/catalogue/index.js";
import type { Organisation } from "../../src/metrics/organisations.js";
import type { AnalyticsStore, MetricMatrix } from "../../src/metrics/service.js";
import { Random } from "../../src/stats/random.js";

export interface NoiseOptions {
  seed: number;
  trusts?: number;
  months?: number;
  /** The common true proportion within 4 hours. */
  p0?: number;
  /** Month-to-month standard deviation of the true proportion (overdispersion). */
  extraSd?: number;
  /** Attendances a month, smallest and largest trust. */
  sizes?: [number, number];
}

export const NOISE_METRICS = ["ae_4hr_all", "ae_attendances_all"] as const;

const REGIONS = ["Y56", "Y58"] as const;

function monthStart(index: number): string {
  const year = 2020 + Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${String(month).padStart(2, "0")}-01`;
}

export function noiseStore(options: NoiseOptions): AnalyticsStore {
  const random = new Random(options.seed);
  const trusts = options.trusts ?? 30;
  const months = options.months ?? 24;
  const p0 = options.p0 ?? 0.74;
  const extraSd = options.extraSd ?? 0.01;
  const [smallest, largest] = options.sizes ?? [4000, 16000];
  const codes = Array.from({ length: trusts }, (_, i) => `T${String(i + 1).padStart(2, "0")}`);
  const organisation = (orgCode: string, i: number): Organisation => ({
    orgCode,
    name: `Trust ${orgCode}`,
    kind: "acute_trust",
    regionCode: REGIONS[i % REGIONS.length]!,
    icbCode: null,
    closeDate: null,
    subtype: null,
    kindSource: "list",
    successorCode: null,
    synthetic: true,
  });
  const orgs: Organisation[] = [
    ...codes.map(organisation),
    ...REGIONS.map((code): Organisation => ({
      orgCode: code,
      name: `Region ${code}`,
      kind: "region",
      regionCode: code,
      icbCode: null,
      closeDate: null,
      subtype: null,
      kindSource: "list",
      successorCode: null,
      synthetic: true,
    })),
  ];
  const periods = Array.from({ length: months }, (_, i) => monthStart(i));
  const cells = trusts * months;
  const share = { numerator: new Float64Array(cells), denominator: new Float64Array(cells) };
  const count = new Float64Array(cells);
  codes.forEach((_, t) => {
    const size = Math.round(random.between(smallest, largest));
    for (let m = 0; m < months; m++) {
      const cell = t * months + m;
      const p = Math.min(0.99, Math.max(0.01, p0 + extraSd * random.normal()));
      const x = Math.round(size * p + Math.sqrt(size * p * (1 - p)) * random.normal());
      share.numerator[cell] = Math.min(size, Math.max(0, x));
      share.denominator[cell] = size;
      count[cell] = Math.max(0, Math.round(size * (1 + extraSd * random.normal())));
    }
  });
  const matrices = new Map<string, MetricMatrix>([
    [
      "ae_4hr_all",
      {
        metricId: "ae_4hr_all",
        periodType: "month",
        orgCodes: codes,
        periods,
        numerator: share.numerator,
        denominator: share.denominator,
        value: share.numerator.map((x, i) => (x / share.denominator[i]!) * 100),
      },
    ],
    [
      "ae_attendances_all",
      {
        metricId: "ae_attendances_all",
        periodType: "month",
        orgCodes: codes,
        periods,
        numerator: new Float64Array(cells).fill(NaN),
        denominator: new Float64Array(cells).fill(NaN),
        value: count,
      },
    ],
  ]);
  const definitions: MetricDefinition[] = NOISE_METRICS.map((id) => getMetric(id)!);
  const empty = (metricId: string): MetricMatrix => ({
    metricId,
    periodType: "month",
    orgCodes: [],
    periods: [],
    numerator: new Float64Array(),
    denominator: new Float64Array(),
    value: new Float64Array(),
  });
  return {
    dataVersion: async () => `noise-${options.seed}`,
    organisations: async () => orgs,
    peerGroups: async () => [
      { peerGroupId: "acute", name: "All acute trusts", kind: "predefined" },
    ],
    groupMembers: async () => codes,
    loadMetric: async (metricId, periodType) =>
      periodType === "month" ? (matrices.get(metricId) ?? empty(metricId)) : empty(metricId),
    metricDefinitions: async () => definitions,
  };
}
