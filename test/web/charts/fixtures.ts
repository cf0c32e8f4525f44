/** Deterministic chart inputs shared by the snapshot tests and the browser chart page. */
import {
  analyseSpc,
  type SpcInputPoint,
  type SpcOptions,
  type SpcResult,
} from "../../../src/stats/spc/index.js";
import { metricInfo } from "../../../src/metrics/analytics/metric-info.js";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import type { MetricDetail } from "../../../src/metrics/service.js";
import type { BenchmarkDatum, FunnelDatum, LineSeries } from "../../../src/web/charts/index.js";

export function monthly(
  values: readonly (number | null)[],
  start = 2022,
  extra: (i: number) => Partial<SpcInputPoint> = () => ({}),
): SpcInputPoint[] {
  return values.map((value, i) => ({
    date: `${start + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`,
    value,
    ...extra(i),
  }));
}

/** 24 months of stable noise around 72, then 12 months around 81: a sustained improvement. */
export const improvingValues: number[] = [
  72.1, 71.4, 73.0, 70.8, 72.6, 71.9, 73.4, 70.5, 72.2, 71.1, 72.9, 71.7, 70.9, 73.1, 72.4, 71.2,
  72.8, 71.5, 73.3, 70.7, 72.0, 71.8, 72.7, 71.3, 80.2, 81.5, 79.8, 82.1, 80.9, 81.7, 80.4, 82.4,
  81.1, 80.6, 81.9, 82.6,
];

export function improvingResult(options: SpcOptions = {}): SpcResult {
  return analyseSpc(
    monthly(improvingValues, 2022, (i) => ({ trajectory: i >= 24 ? 78 + (i - 24) * 0.25 : null })),
    { target: 78, ...options },
  );
}

/** Stable noise around 60 with one very low month: a single concern point (lower is worse). */
export const concernValues: (number | null)[] = [
  60.2,
  61.5,
  59.4,
  60.8,
  61.1,
  59.9,
  60.6,
  58.9,
  61.3,
  60.1,
  59.7,
  null,
  60.9,
  61.4,
  48.0,
  60.3,
  59.8,
  61.0,
  60.4,
  59.6,
];

export function concernResult(options: SpcOptions = {}): SpcResult {
  return analyseSpc(monthly(concernValues, 2023), { target: 95, ...options });
}

export const peers: BenchmarkDatum[] = Array.from({ length: 24 }, (_, i) => ({
  code: `ZZ${String(i + 1).padStart(3, "0")}`,
  name: `Demo Trust ${i + 1} (demo)`,
  value: i === 20 ? null : 55 + ((i * 37) % 40) + (i % 3) * 0.3,
}));

export const funnelData: FunnelDatum[] = Array.from({ length: 24 }, (_, i) => {
  const denominator = 800 + ((i * 613) % 9000);
  const rate = 0.74 + (((i * 29) % 17) - 8) / 100;
  return {
    code: `ZZ${String(i + 1).padStart(3, "0")}`,
    name: `Demo Trust ${i + 1} (demo)`,
    numerator: Math.round(denominator * rate),
    denominator,
  };
});

export const trendSeries: LineSeries[] = [
  {
    name: "England",
    points: monthly([74.1, 73.8, 74.6, 75.2, 74.9, 75.8, 76.1, 75.7, 76.4, 77.0, 76.6, 77.3]).map(
      (p) => ({ date: p.date, value: p.value ?? null }),
    ),
  },
  {
    name: "North West",
    points: monthly([71.2, 71.9, 72.3, null, 72.8, 73.4, 73.1, 74.0, 74.2, 74.9, 75.3, 75.1]).map(
      (p) => ({ date: p.date, value: p.value ?? null }),
    ),
  },
  {
    name: "Midlands",
    points: monthly([76.3, 75.9, 76.8, 77.1, 76.5, 77.4, 77.9, 77.2, 78.1, 78.4, 78.0, 78.8]).map(
      (p) => ({ date: p.date, value: p.value ?? null }),
    ),
  },
];

/**
 * A 4-hour metric's detail whose SPC limits start again in January 2024 by a recorded rebase
 * decision with `reason` (recorded 4 December 2026): what the pages that label breaks are given.
 */
export function detailWithDecisionBreak(orgCode: string, reason: string): MetricDetail {
  return {
    metric: metricInfo(getMetric("ae_4hr_all")!),
    organisation: { orgCode, name: "Example Trust" },
    spc: improvingResult({ rebase: ["2024-01-01"] }),
    baseline: {
      breaks: [
        {
          period: "2024-01-01",
          reason: "decision",
          text: reason,
          decision: {
            decisionId: 7,
            orgCode,
            metricId: "ae_4hr_all",
            period: "2024-01-01",
            reason,
            recordedOn: "2026-12-04",
          },
        },
      ],
      requested: null,
    },
  } as unknown as MetricDetail;
}
